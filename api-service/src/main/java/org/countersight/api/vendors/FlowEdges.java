package org.countersight.api.vendors;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.countersight.api.index.FlowAggregation;
import org.countersight.api.index.FlowScan;
import org.countersight.api.vendors.VendorFlowService.By;
import org.countersight.api.vendors.VendorFlowService.Edge;
import org.countersight.api.vendors.VendorFlowService.Evidence;
import org.countersight.events.VendorRegistry;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The flows: vendor flows grouped into edges (home country or vendor → event country, per category), ranked by
 * count, then most recent, then names; stored articles are read only for the evidence of the edges returned.
 */
final class FlowEdges {

    private final VendorRegistry registry;
    private final EvidenceSentences sentences;

    FlowEdges(VendorRegistry registry, EvidenceSentences sentences) {
        this.registry = registry;
        this.sentences = sentences;
    }

    /** A page of edges and the number of all edges. */
    record Ranked(int total, List<Edge> edges) {
    }

    Ranked rank(IndexSearcher s, Query query, FlowScan.EventFilter filter, By by, int limit, int samples)
            throws IOException {
        List<TreeSet<String>> vendorsOf = new ArrayList<>();
        FlowAggregation edges = FlowScan.aggregateFlows(s, query, filter, new FlowScan.Grouping<>() {
            @Override
            public Object key(FlowScan.FlowValue v) {
                return by == By.VENDOR ? List.of(v.homeCountry(), v.country(), v.category(), v.vendorId())
                        : List.of(v.homeCountry(), v.country(), v.category());
            }

            @Override
            public void seen(int group, FlowScan.FlowValue v) {
                while (vendorsOf.size() <= group) {
                    vendorsOf.add(new TreeSet<>());
                }
                vendorsOf.get(group).add(v.vendorId());
            }

            @Override
            public Object cacheKey() {
                return "flow edges by " + by;
            }
        }, samples);
        List<Edge> out = new ArrayList<>();
        for (int g : top(edges, limit)) {
            List<String> k = key(edges, g);
            String vendorId = by == By.VENDOR ? k.get(3) : null;
            String vendorName = vendorId == null ? null
                    : registry.byId(vendorId).map(VendorRegistry.Vendor::name).orElse(vendorId);
            List<Evidence> evidence = new ArrayList<>();
            for (int doc : edges.samples(g)) {
                List<Evidence> found = sentences.of(FlowScan.article(s, doc), k.get(1), k.get(2), vendorId, k.get(0),
                        filter);
                if (!found.isEmpty()) {
                    evidence.add(found.get(0));
                }
            }
            out.add(new Edge(k.get(0), k.get(1), vendorId, vendorName, k.get(2), edges.count(g),
                    Instant.ofEpochMilli(edges.first(g)), Instant.ofEpochMilli(edges.last(g)),
                    List.copyOf(vendorsOf.get(g)), evidence));
        }
        return new Ranked(edges.size(), out);
    }

    /** The first {@code limit} groups: most articles, then latest, then by key (field by field). */
    private static List<Integer> top(FlowAggregation edges, int limit) {
        List<Integer> ranked = new ArrayList<>(edges.size());
        for (int g = 0; g < edges.size(); g++) {
            ranked.add(g);
        }
        Comparator<Integer> byKey = (a, b) -> {
            List<String> x = key(edges, a);
            List<String> y = key(edges, b);
            for (int i = 0; i < x.size(); i++) {
                int c = x.get(i).compareTo(y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        ranked.sort(Comparator.<Integer>comparingLong(g -> -edges.count(g)).thenComparingLong(g -> -edges.last(g))
                .thenComparing(byKey));
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }

    @SuppressWarnings("unchecked")
    private static List<String> key(FlowAggregation a, int group) {
        return (List<String>) a.key(group);
    }
}
