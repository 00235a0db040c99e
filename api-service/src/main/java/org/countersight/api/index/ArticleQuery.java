package org.countersight.api.index;

import java.time.Instant;
import java.util.Set;

/**
 * A validated search: every field already checked by the REST layer. Within one filter the values are
 * alternatives (OR); different filters must all hold (AND).
 */
public record ArticleQuery(
        String text,
        Set<String> countries,
        Set<String> categories,
        Set<String> entities,
        Set<String> vendors,
        Set<String> sources,
        Set<String> languages,
        Instant from,
        Instant to,
        Boolean surveillance) {

    public ArticleQuery {
        countries = countries == null ? Set.of() : Set.copyOf(countries);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        entities = entities == null ? Set.of() : Set.copyOf(entities);
        vendors = vendors == null ? Set.of() : Set.copyOf(vendors);
        sources = sources == null ? Set.of() : Set.copyOf(sources);
        languages = languages == null ? Set.of() : Set.copyOf(languages);
    }

    public static ArticleQuery all() {
        return new ArticleQuery(null, null, null, null, null, null, null, null, null, null);
    }

    public boolean hasText() {
        return text != null && !text.isBlank();
    }

    public enum Sort { PUBLISHED, RELEVANCE }
}
