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
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /** Edge → "count first..last [sample ids]" from the cached aggregation, or the uncached one with {@code cached} false. */
    static java.util.Map<Object, String> edges(ArticleIndex index, boolean cached, int keep) {
        FlowScan.Grouping<FlowScan.FlowValue> byEdge = v -> List.of(v.homeCountry(), v.country(), v.category());
        FlowScan.Grouping<FlowScan.FlowValue> grouping = cached ? FlowScan.Grouping.named("test edges", byEdge::key) : byEdge;
        return index.search(s -> {
            FlowAggregation a = FlowScan.aggregateFlows(s, new MatchAllDocsQuery(), min(0), grouping, keep);
            java.util.Map<Object, String> out = new java.util.TreeMap<>(java.util.Comparator.comparing(Object::toString));
            for (int g = 0; g < a.size(); g++) {
                List<String> ids = new ArrayList<>();
                for (int doc : a.samples(g)) {
                    ids.add(FlowScan.article(s, doc).title());
                }
                out.put(a.key(g), a.count(g) + " " + Instant.ofEpochMilli(a.first(g)) + ".." + Instant.ofEpochMilli(a.last(g))
                        + " " + ids);
            }
            out.put("documents", Long.toString(a.documents));
            return out;
        });
    }

    static TaggedArticle dated(String slug, int day, TaggedArticle.Event... events) {
        TaggedArticle a = article(slug, events);
        Instant at = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(86_400L * day);
        return new TaggedArticle(a.schemaVersion(), a.id(), a.url(), a.sourceId(), a.sourceName(), a.storyId(),
                a.title(), a.summary(), a.text(), a.language(), at, at, at, a.surveillance(), a.relevance(), a.truncated(),
                a.entities(), a.countries(), a.vendors(), a.events(), a.versions());
    }

    @Test
    void cachedSegmentAggregationsFollowNewArticlesDeletesAndUpdates() throws Exception {
        try (ArticleIndex index = ArticleIndex.open(dir.resolve("c"), true)) {
            for (int i = 0; i < 12; i++) {
                TaggedArticle a = dated("c" + i, i, event("cctv", 0.8, i % 2 == 0 ? "UG" : "ZW", "Huawei"));
                index.upsert(a, Json.write(a));
                index.commit(java.util.Map.of()); // a segment each
                index.refresh();
                assertEquals(edges(index, false, 2), edges(index, true, 2)); // cached result, then reused ones
            }
            assertEquals("6 2026-01-01T00:00:00Z..2026-01-11T00:00:00Z [c10, c8]", edges(index, true, 2).get(List.of("CN", "UG", "cctv")));
            assertTrue(SegmentAggregationCache.size() > 0);

            index.delete(ArticleIds.fromUrl("https://scan.example.org/c10")); // the newest UG article
            index.refresh();
            assertEquals("5 2026-01-01T00:00:00Z..2026-01-09T00:00:00Z [c8, c6]", edges(index, true, 2).get(List.of("CN", "UG", "cctv")));

            TaggedArticle moved = dated("c8", 30, event("cctv", 0.8, "ZW", "Huawei")); // c8 now a later ZW article
            index.upsert(moved, Json.write(moved));
            index.refresh();
            java.util.Map<Object, String> after = edges(index, true, 2);
            assertEquals("4 2026-01-01T00:00:00Z..2026-01-07T00:00:00Z [c6, c4]", after.get(List.of("CN", "UG", "cctv")));
            assertEquals("7 2026-01-02T00:00:00Z..2026-01-31T00:00:00Z [c8, c11]", after.get(List.of("CN", "ZW", "cctv")));
            assertEquals("11", after.get("documents"));
            assertEquals(edges(index, false, 2), after);
        }
    }

    @Test
    void aNewSearchersSegmentsAreReadIntoTablesBeforeAnyQuery() throws Exception {
        try (ArticleIndex index = ArticleIndex.open(dir.resolve("t"), true)) {
            for (int i = 0; i < 3; i++) {
                TaggedArticle a = i == 1 ? article("t" + i, event("protest_policing", 0.7, "PE")) // an event, no vendor
                        : article("t" + i, event("cctv", 0.55, "UG", "Huawei"), event("cctv", 0.8, "UG", "Hikvision"));
                index.upsert(a, Json.write(a));
                index.commit(java.util.Map.of()); // a segment each
            }
            index.refresh();
            index.search(s -> {
                int docs = 0;
                List<String> rows = new ArrayList<>();
                for (org.apache.lucene.index.LeafReaderContext leaf : s.getIndexReader().leaves()) {
                    FlowTable events = FlowTable.built(leaf.reader(), FlowScan.SOURCES.get(0));
                    FlowTable flows = FlowTable.built(leaf.reader(), FlowScan.SOURCES.get(1));
                    assertTrue(events != null && flows != null, "tables of segment " + leaf.reader() + " built at refresh");
                    docs += flows.docs.length;
                    for (int row = 0; row < flows.ords.length; row++) {
                        FlowScan.FlowValue v = (FlowScan.FlowValue) flows.values[flows.ords[row]];
                        rows.add(v.vendorId() + ">" + v.country() + " " + flows.confidence[row]);
                    }
                }
                rows.sort(null);
                assertEquals(2, docs); // the article without a vendor has no flow row
                assertEquals(List.of("hikvision>UG 80", "hikvision>UG 80", "huawei>UG 55", "huawei>UG 55"), rows);
                return null;
            });
        }
    }
}
