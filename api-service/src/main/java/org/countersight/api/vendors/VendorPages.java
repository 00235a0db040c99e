package org.countersight.api.vendors;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.countersight.api.index.FlowScan;
import org.countersight.api.vendors.VendorFlowService.Deployment;
import org.countersight.api.vendors.VendorFlowService.Evidence;
import org.countersight.api.vendors.VendorFlowService.MonthCount;
import org.countersight.api.vendors.VendorFlowService.VendorPage;
import org.countersight.events.VendorRegistry;

import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** One vendor's page: deployments by country and category, articles per month, and the latest evidence. */
final class VendorPages {

    /** Caps the zero-filled months of a vendor page (50 years). */
    private static final int MAX_MONTHS = 600;

    private final String registryVersion;
    private final EvidenceSentences sentences;

    VendorPages(String registryVersion, EvidenceSentences sentences) {
        this.registryVersion = registryVersion;
        this.sentences = sentences;
    }

    /** {@code mine} is the request's event filter narrowed to the vendor. */
    VendorPage page(IndexSearcher s, Query query, VendorRegistry.Vendor v, FlowScan.EventFilter mine,
            int evidenceLimit) throws IOException {
        Stats total = new Stats(evidenceLimit);
        Map<List<String>, Stats> deployments = new HashMap<>();
        Map<YearMonth, long[]> months = new TreeMap<>();
        TreeSet<String> countries = new TreeSet<>();
        FlowScan.flows(s, query, mine, (millis, doc, values) -> {
            total.add(millis, doc);
            months.computeIfAbsent(YearMonth.from(Instant.ofEpochMilli(millis).atZone(ZoneOffset.UTC)),
                    k -> new long[1])[0]++;
            for (FlowScan.FlowValue fv : values) {
                deployments.computeIfAbsent(List.of(fv.country(), fv.category()), k -> new Stats(0)).add(millis, doc);
                countries.add(fv.country());
            }
        });
        List<Deployment> deps = deployments.entrySet().stream()
                .map(e -> new Deployment(e.getKey().get(0), e.getKey().get(1), e.getValue().count,
                        Instant.ofEpochMilli(e.getValue().first), Instant.ofEpochMilli(e.getValue().last)))
                .sorted(Comparator.comparingLong((Deployment d) -> -d.count()).thenComparing(Deployment::country)
                        .thenComparing(Deployment::category))
                .toList();
        List<Evidence> evidence = new ArrayList<>();
        for (long[] sample : total.samples()) {
            evidence.addAll(sentences.of(FlowScan.article(s, (int) sample[1]), null, null, v.id(), null, mine));
        }
        List<Evidence> shown = evidence.subList(0, Math.min(evidenceLimit, evidence.size()));
        return new VendorPage(v.id(), v.name(), v.homeCountry(), v.kinds(), v.aliases(), v.products(), v.parentId(),
                registryVersion, total.count, List.copyOf(countries),
                total.count == 0 ? null : Instant.ofEpochMilli(total.first),
                total.count == 0 ? null : Instant.ofEpochMilli(total.last), deps, months(months), List.copyOf(shown));
    }

    private static List<MonthCount> months(Map<YearMonth, long[]> counts) {
        List<MonthCount> out = new ArrayList<>();
        if (counts.isEmpty()) {
            return out;
        }
        TreeMap<YearMonth, long[]> sorted = new TreeMap<>(counts);
        YearMonth first = sorted.firstKey();
        YearMonth last = sorted.lastKey();
        if (!first.plusMonths(MAX_MONTHS).isAfter(last)) {
            sorted.forEach((m, c) -> out.add(new MonthCount(m.toString(), c[0]))); // too long a span to fill
            return out;
        }
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            long[] c = sorted.get(m);
            out.add(new MonthCount(m.toString(), c == null ? 0 : c[0]));
        }
        return out;
    }

    /** Articles of one group: count, first and last published, the latest {@code keep} (published, doc). */
    private static final class Stats {
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        private final int keep;
        private final long[][] latest;
        private int kept;

        Stats(int keep) {
            this.keep = keep;
            this.latest = new long[keep][];
        }

        void add(long millis, int doc) {
            count++;
            first = Math.min(first, millis);
            last = Math.max(last, millis);
            if (keep == 0) {
                return;
            }
            if (kept < keep) {
                latest[kept++] = new long[] {millis, doc};
                return;
            }
            int oldest = 0;
            for (int i = 1; i < keep; i++) {
                if (latest[i][0] < latest[oldest][0]) {
                    oldest = i;
                }
            }
            if (millis > latest[oldest][0]) {
                latest[oldest] = new long[] {millis, doc};
            }
        }

        /** Newest first. */
        List<long[]> samples() {
            List<long[]> out = new ArrayList<>(Arrays.asList(latest).subList(0, kept));
            out.sort(Comparator.comparingLong((long[] x) -> -x[0]).thenComparingLong(x -> x[1]));
            return out;
        }
    }
}
