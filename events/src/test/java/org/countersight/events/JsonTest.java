package org.countersight.events;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {

    @Test
    void taggedArticleRoundTripsWithContractFieldNames() {
        var event = new TaggedArticle.Event("drones", "drones", "Police flew drones.", 10, 29, 0.86, "KH",
                List.of(), List.of("riot police"), false);
        var article = new TaggedArticle(1, "abc", "https://example.org/n/1", "s1", "Example", "abc", "T", "S", "text",
                "en", Instant.parse("2026-11-26T08:00:00Z"), Instant.parse("2026-11-26T08:05:00Z"),
                Instant.parse("2026-11-26T08:06:00Z"), true, 0.93, false,
                List.of(new TaggedArticle.Entity("Phnom Penh", "LOCATION", "KH", 2)),
                List.of(new TaggedArticle.CountryRef("KH", "event")), List.of(new TaggedArticle.Vendor("Huawei", "CN")),
                List.of(event), new TaggedArticle.Versions("t1", "x1", "4.5.10"));
        String json = new String(Json.write(article), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"publishedAt\":\"2026-11-26T08:00:00Z\""), json);
        assertTrue(json.contains("\"countries\":[{\"code\":\"KH\",\"role\":\"event\"}]"), json);
        assertEquals(article, Json.read(json.getBytes(StandardCharsets.UTF_8), TaggedArticle.class));
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = "{\"schemaVersion\":1,\"id\":\"s1\",\"url\":\"https://e.org/feed\",\"futureField\":{\"x\":1}}";
        Source source = Json.read(json.getBytes(StandardCharsets.UTF_8), Source.class);
        assertEquals("https://e.org/feed", source.url());
    }
}
