package org.countersight.api.index;

import org.apache.lucene.search.MatchAllDocsQuery;
import org.countersight.events.ArticleIds;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The per-event doc values on a real on-disk index: each key keeps the highest confidence of its events, confidences
 * stay with their own key whatever the key order, hostile codes never become keys, and the counts survive merges
 * (segments closed and parsed values cached per segment).
 */
class FlowScanTest {

    @TempDir
    Path dir;

    static TaggedArticle.Event event(String category, double confidence, String country, String... vendors) {
        return new TaggedArticle.Event(category, category, "sentence", 0, 8, confidence, country, List.of(vendors),
                List.of(), false);
    }

    static TaggedArticle article(String slug, TaggedArticle.Event... events) {
        String url = "https://scan.example.org/" + slug;
        Instant at = Instant.parse("2026-02-01T00:00:00Z");
        return new TaggedArticle(1, ArticleIds.fromUrl(url), url, "s", "S", null, slug, null, "text", "en", at, at, at,
                true, 0.9, false, List.of(), List.of(), List.of(), List.of(events), null);
    }

    static List<String> flows(ArticleIndex index, FlowScan.EventFilter filter) {
        List<String> out = new ArrayList<>();
        index.search(s -> {
            FlowScan.flows(s, new MatchAllDocsQuery(), filter, (millis, doc, values) ->
                    values.forEach(v -> out.add(v.vendorId() + ">" + v.country() + ":" + v.category())));
            return null;
        });
        out.sort(null);
        return out;
    }

    static FlowScan.EventFilter min(int percent) {
        return new FlowScan.EventFilter(Set.of(), Set.of(), percent, null, Set.of());
    }

    @Test
    void confidenceStaysWithItsKeyAndTheHighestCounts() throws Exception {
        try (ArticleIndex index = ArticleIndex.open(dir.resolve("i"), true)) {
            // keys sort as dahua… < hikvision… < zte…; confidences deliberately in another order
            TaggedArticle a = article("a", event("cctv", 0.91, "ZW", "ZTE"), event("cctv", 0.42, "ZW", "Hikvision"),
                    event("cctv", 0.66, "BO", "Dahua"), event("cctv", 0.30, "BO", "Dahua"),
                    event("cctv", 0.99, "Z\u001FW", "Huawei"), event("cctv", 0.99, "KE", "Acme Vision"));
            index.upsert(a, Json.write(a));
            index.refresh();
            assertEquals(List.of("dahua>BO:cctv", "hikvision>ZW:cctv", "zte>ZW:cctv"), flows(index, min(0)));
            assertEquals(List.of("dahua>BO:cctv", "zte>ZW:cctv"), flows(index, min(50)));
            assertEquals(List.of("dahua>BO:cctv", "zte>ZW:cctv"), flows(index, min(66)));
            assertEquals(List.of("zte>ZW:cctv"), flows(index, min(67)));
            assertEquals(List.of(), flows(index, min(92)));
            assertEquals(List.of("hikvision>ZW:cctv"), flows(index,
                    new FlowScan.EventFilter(Set.of("ZW"), Set.of(), 0, "hikvision", Set.of())));
        }
    }

    @Test
    void countsSurviveMergesAndDeletes() throws Exception {
        try (ArticleIndex index = ArticleIndex.open(dir.resolve("m"), true)) {
            for (int i = 0; i < 30; i++) {
                TaggedArticle a = article("m" + i, event(i % 2 == 0 ? "cctv" : "drones", 0.8, i % 3 == 0 ? "UG" : "PE",
                        i % 5 == 0 ? "DJI" : "Huawei"));
                index.upsert(a, Json.write(a));
                index.commit(java.util.Map.of()); // a segment each
                index.refresh();
                flows(index, min(0)); // fills the per-segment cache
            }
            index.delete(ArticleIds.fromUrl("https://scan.example.org/m1"));
            index.refresh();
            assertEquals(29, flows(index, min(0)).size());
            assertEquals(10, flows(index, new FlowScan.EventFilter(Set.of("UG"), Set.of(), 0, null, Set.of())).size());
        }
    }
}
