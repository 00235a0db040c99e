package org.countersight.api.rest;

import org.countersight.events.TaggedArticle;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * One search hit: what a list view needs plus the events with their evidence. {@code countries} are the
 * event countries; {@code mentionedCountries} those only mentioned. {@code snippet} is HTML-escaped text
 * with matches in {@code <mark>}, present when {@code q} was given.
 */
public record ArticleItem(
        String id,
        String url,
        String title,
        String summary,
        String sourceId,
        String sourceName,
        String language,
        Instant publishedAt,
        boolean surveillance,
        double relevance,
        List<String> countries,
        List<String> mentionedCountries,
        List<String> categories,
        List<String> vendors,
        List<TaggedArticle.Event> events,
        String snippet,
        Float score) {

    public static ArticleItem of(TaggedArticle a, String snippet, Float score) {
        LinkedHashSet<String> event = new LinkedHashSet<>();
        LinkedHashSet<String> mentioned = new LinkedHashSet<>();
        if (a.countries() != null) {
            for (TaggedArticle.CountryRef c : a.countries()) {
                if (c != null && c.code() != null) {
                    (TaggedArticle.CountryRef.EVENT.equals(c.role()) ? event : mentioned).add(c.code().toUpperCase(Locale.ROOT));
                }
            }
        }
        LinkedHashSet<String> categories = new LinkedHashSet<>();
        List<TaggedArticle.Event> events = a.events() == null ? List.of() : a.events();
        for (TaggedArticle.Event e : events) {
            if (e != null && e.category() != null) {
                categories.add(e.category());
            }
            if (e != null && e.country() != null) {
                event.add(e.country().toUpperCase(Locale.ROOT));
            }
        }
        mentioned.removeAll(event);
        List<String> vendors = a.vendors() == null ? List.of()
                : a.vendors().stream().filter(v -> v != null && v.name() != null).map(TaggedArticle.Vendor::name).distinct().toList();
        return new ArticleItem(a.id(), a.url(), a.title(), a.summary(), a.sourceId(), a.sourceName(), a.language(),
                a.publishedAt(), a.surveillance(), a.relevance(), List.copyOf(event), List.copyOf(mentioned),
                List.copyOf(categories), vendors, events, snippet, score);
    }
}
