package org.countersight.events;

import java.time.Instant;
import java.util.List;

/** The article with what nlp-service found in it; the field names are the public contract (docs/DESIGN.md). */
public record TaggedArticle(
        int schemaVersion,
        String id,
        String url,
        String sourceId,
        String sourceName,
        String storyId,
        String title,
        String summary,
        String text,
        String language,
        Instant publishedAt,
        Instant fetchedAt,
        Instant taggedAt,
        boolean surveillance,
        double relevance,
        boolean truncated,
        List<Entity> entities,
        List<CountryRef> countries,
        List<Vendor> vendors,
        List<Event> events,
        Versions versions) {

    public static final int SCHEMA_VERSION = 1;

    public record Entity(String text, String type, String countryCode, int mentions) {
    }

    /** {@code role} is "event" where the event happens, "mentioned" otherwise. */
    public record CountryRef(String code, String role) {
        public static final String EVENT = "event";
        public static final String MENTIONED = "mentioned";
    }

    public record Vendor(String name, String countryCode) {
    }

    /** One surveillance event with its evidence: {@code start}/{@code end} are character offsets into {@code text}. */
    public record Event(
            String category,
            String trigger,
            String sentence,
            int start,
            int end,
            double confidence,
            String country,
            List<String> vendors,
            List<String> actors,
            boolean denied) {
    }

    public record Versions(String tagger, String taxonomy, String corenlp) {
    }
}
