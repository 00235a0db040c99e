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

    @Test
    void aStatusWrittenBeforeFailureClassesIsClassifiedFromItsMessage() {
        String old = "{\"schemaVersion\":1,\"sourceId\":\"s1\",\"url\":\"https://e.org/feed\",\"state\":\"ERROR\","
                + "\"error\":\"could not connect to e.org within 5 s\",\"itemsSeen\":0,\"itemsNew\":0,\"itemsTotal\":3,"
                + "\"consecutiveFailures\":2}";
        SourceStatus s = Json.read(old.getBytes(StandardCharsets.UTF_8), SourceStatus.class);
        assertEquals(null, s.failure());
        assertEquals(SourceStatus.Failure.CONNECT_TIMEOUT, s.failureClass());
        assertTrue(s.failureClass().network());
        assertEquals(SourceStatus.Failure.HTTP, SourceStatus.Failure.fromMessage("HTTP 503 Service Unavailable", 503));
        assertEquals(SourceStatus.Failure.DNS, SourceStatus.Failure.fromMessage("host 'x.invalid' does not resolve", null));
        assertEquals(SourceStatus.Failure.PARSE, SourceStatus.Failure.fromMessage("response is HTML, not a feed", 200));
        assertEquals(SourceStatus.Failure.OTHER, SourceStatus.Failure.fromMessage("response is larger than 1 MB", 200));
    }

    @Test
    void aStatusWithItsFailureClassRoundTrips() {
        SourceStatus s = new SourceStatus(1, "s1", "https://e.org/feed", SourceStatus.State.PAUSED, Instant.parse("2026-12-01T00:00:00Z"),
                null, null, "connection refused by e.org (paused after 5 consecutive failures)", 0, 0, 0, 5, null, null, null,
                SourceStatus.Failure.CONNECTION_REFUSED);
        String json = new String(Json.write(s), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"failure\":\"CONNECTION_REFUSED\""), json);
        assertEquals(s, Json.read(json.getBytes(StandardCharsets.UTF_8), SourceStatus.class));
    }

    @Test
    void anArticleAlertOfTheFirstSchemaStillReadsAndASignalRoundTrips() {
        String old = "{\"schemaVersion\":1,\"articleId\":\"a1\",\"title\":\"T\",\"confidence\":0.8,\"countries\":[\"KH\"]}";
        Alert a = Json.read(old.getBytes(StandardCharsets.UTF_8), Alert.class);
        assertEquals("a1", a.articleId());
        assertEquals(null, a.kind());
        assertTrue(!a.silenceSignal());
        var evidence = new Alert.Evidence("s1", "Wire", "127.0.0.2", "ERROR", "CONNECTION_REFUSED", "connection refused by 127.0.0.2",
                Instant.parse("2026-12-01T00:00:00Z"), null, "network", 0, 4.0);
        var signal = new Alert.Signal("KE-1", Alert.Signal.RAISED, "KE", Instant.parse("2026-12-01T00:00:00Z"), 4, 4, 4, 4, 6,
                "4 of 4 hosts silent", List.of(evidence));
        Alert s = new Alert(1, "signal-KE-1", null, null, "T", null, null, null, Instant.parse("2026-12-01T00:01:00Z"), 0.7,
                List.of("KE"), List.of(Alert.CATEGORY_INTERNET_SHUTDOWN), List.of(), Alert.KIND_SIGNAL, true, signal);
        String json = new String(Json.write(s), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"kind\":\"signal\""), json);
        assertTrue(json.contains("\"inferred\":true"), json);
        assertEquals(s, Json.read(json.getBytes(StandardCharsets.UTF_8), Alert.class));
    }
}
