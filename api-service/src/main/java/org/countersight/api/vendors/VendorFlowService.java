package org.countersight.api.vendors;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.countersight.api.index.ArticleQuery;
import org.countersight.api.index.ArticleSearch;
import org.countersight.api.index.FlowScan;
import org.countersight.api.index.IndexService;
import org.countersight.events.TaggedArticle;
import org.countersight.events.VendorRegistry;

import java.io.IOException;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who supplied what to whom: the map's events per country, vendor listings and pages, and vendor flows, all counted
 * from the index's per-event doc values ({@link FlowScan}) for the articles of an {@link ArticleQuery} and the
 * event-level {@link FlowScan.EventFilter}. A count is a number of articles: an article naming one edge in two
 * sentences counts once. Vendors are those of the shared {@link VendorRegistry}.
 */
@ApplicationScoped
public class VendorFlowService {

    /** Caps the zero-filled months of a vendor page (50 years). */
    private static final int MAX_MONTHS = 600;

    public enum By { COUNTRY, VENDOR }

    public record Evidence(String articleId, String title, String url, Instant publishedAt, String vendor,
            String country, String category, double confidence, String sentence) {
    }

    /**
     * {@code by=country}: {@code from} is the vendors' home country, {@code vendor} null and {@code vendors} the ids
     * behind the edge; {@code by=vendor}: {@code vendor} is the vendor id, {@code from} its home country.
     */
    public record Edge(String from, String to, String vendor, String vendorName, String category, long count,
            Instant firstSeen, Instant lastSeen, List<String> vendors, List<Evidence> evidence) {
    }

    public record Flows(String by, String registryVersion, int total, List<Edge> edges) {
    }

    public record CountryCount(String code, long events) {
    }

    public record MapCounts(long total, long max, List<CountryCount> countries) {
    }

    public record VendorSummary(String id, String name, String homeCountry, List<String> kinds, long events,
            List<String> countries, Instant firstSeen, Instant lastSeen) {
    }

    public record VendorList(String registryVersion, int total, int offset, int limit, List<VendorSummary> items) {
    }

    public record Deployment(String country, String category, long count, Instant firstSeen, Instant lastSeen) {
    }

    public record MonthCount(String month, long count) {
    }

    public record VendorPage(String id, String name, String homeCountry, List<String> kinds, List<String> aliases,
            List<String> products, String parentId, String registryVersion, long events, List<String> countries,
            Instant firstSeen, Instant lastSeen, List<Deployment> deployments, List<MonthCount> months,
            List<Evidence> evidence) {
    }

    public enum VendorSort { EVENTS, COUNTRIES, NAME }

    private final IndexService index;
    private final ArticleSearch search;
    private final VendorRegistry registry = VendorRegistry.bundled();

    public VendorFlowService(IndexService index, ArticleSearch search) {
        this.index = index;
        this.search = search;
    }

    public VendorRegistry registry() {
        return registry;
    }

    /** Articles with an event in each country (the map's choropleth), most first. */
    public MapCounts countries(ArticleQuery q, FlowScan.EventFilter filter) {
        Query query = search.toLucene(q, false);
        boolean byVendor = filter.vendorId() != null || !filter.vendorCountries().isEmpty();
        FlowScan.Aggregation counts = index.index().search(s -> byVendor
                // only events naming the vendors asked for
                ? FlowScan.aggregateFlows(s, query, filter, FlowScan.FlowValue::country, 0)
                : FlowScan.aggregateEvents(s, query, filter, FlowScan.EventValue::country, 0));
        List<CountryCount> out = new ArrayList<>();
        for (int g = 0; g < counts.size(); g++) {
            out.add(new CountryCount((String) counts.key(g), counts.count(g)));
        }
        out.sort(Comparator.comparingLong(CountryCount::events).reversed().thenComparing(CountryCount::code));
        return new MapCounts(counts.documents, out.isEmpty() ? 0 : out.get(0).events(), out);
    }

    /** Edges ranked by count (then most recent, then names), the first {@code limit} with {@code samples} evidence each. */
    public Flows flows(ArticleQuery q, FlowScan.EventFilter filter, By by, int limit, int samples) {
        Query query = search.toLucene(q, false);
        return index.index().search(s -> {
            List<TreeSet<String>> vendorsOf = new ArrayList<>();
            FlowScan.Aggregation edges = FlowScan.aggregateFlows(s, query, filter, new FlowScan.Grouping<>() {
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
            }, samples);
            List<Integer> ranked = new ArrayList<>(edges.size());
            for (int g = 0; g < edges.size(); g++) {
                ranked.add(g);
            }
            ranked.sort(Comparator.<Integer>comparingLong(g -> -edges.count(g)).thenComparingLong(g -> -edges.last(g))
                    .thenComparing(g -> String.join("\u0000", key(edges, g))));
            List<Edge> out = new ArrayList<>();
            for (int g : ranked.subList(0, Math.min(limit, ranked.size()))) {
                List<String> k = key(edges, g);
                String vendorId = by == By.VENDOR ? k.get(3) : null;
                String vendorName = vendorId == null ? null
                        : registry.byId(vendorId).map(VendorRegistry.Vendor::name).orElse(vendorId);
                List<Evidence> evidence = new ArrayList<>();
                for (int doc : edges.samples(g)) {
                    evidence(s, doc, k.get(1), k.get(2), vendorId, k.get(0), filter).ifPresent(evidence::add);
                }
                out.add(new Edge(k.get(0), k.get(1), vendorId, vendorName, k.get(2), edges.count(g),
                        instant(edges.first(g)), instant(edges.last(g)), List.copyOf(vendorsOf.get(g)), evidence));
            }
            return new Flows(by.name().toLowerCase(Locale.ROOT), registry.version(), edges.size(), out);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> key(FlowScan.Aggregation a, int group) {
        return (List<String>) a.key(group);
    }

    /** Vendors with matching events (or every registry vendor with {@code all}), sorted, one page. */
    public VendorList vendors(ArticleQuery q, FlowScan.EventFilter filter, VendorSort sort, int offset, int limit,
            boolean all) {
        Query query = search.toLucene(q, false);
        Map<String, TreeSet<String>> reached = new HashMap<>();
        FlowScan.Aggregation byVendor = index.index().search(s -> FlowScan.aggregateFlows(s, query, filter,
                new FlowScan.Grouping<>() {
                    @Override
                    public Object key(FlowScan.FlowValue v) {
                        return v.vendorId();
                    }

                    @Override
                    public void seen(int group, FlowScan.FlowValue v) {
                        reached.computeIfAbsent(v.vendorId(), k -> new TreeSet<>()).add(v.country());
                    }
                }, 0));
        Map<String, Integer> groups = new HashMap<>();
        for (int g = 0; g < byVendor.size(); g++) {
            groups.put((String) byVendor.key(g), g);
        }
        List<VendorSummary> items = new ArrayList<>();
        for (VendorRegistry.Vendor v : registry.all()) {
            Integer g = groups.get(v.id());
            if (g == null && !all) {
                continue;
            }
            items.add(new VendorSummary(v.id(), v.name(), v.homeCountry(), v.kinds(), g == null ? 0 : byVendor.count(g),
                    g == null ? List.of() : List.copyOf(reached.get(v.id())), g == null ? null : instant(byVendor.first(g)),
                    g == null ? null : instant(byVendor.last(g))));
        }
        Comparator<VendorSummary> byName = Comparator.comparing((VendorSummary v) -> v.name().toLowerCase(Locale.ROOT))
                .thenComparing(VendorSummary::id);
        items.sort(switch (sort) {
            case NAME -> byName;
            case COUNTRIES -> Comparator.comparingInt((VendorSummary v) -> -v.countries().size())
                    .thenComparingLong(v -> -v.events()).thenComparing(byName);
            case EVENTS -> Comparator.comparingLong((VendorSummary v) -> -v.events())
                    .thenComparingInt(v -> -v.countries().size()).thenComparing(byName);
        });
        List<VendorSummary> page = offset >= items.size() ? List.of()
                : items.subList(offset, Math.min(items.size(), offset + limit));
        return new VendorList(registry.version(), items.size(), offset, limit, List.copyOf(page));
    }

    /** One vendor's deployments, months and latest evidence; empty when the id is not in the registry. */
    public Optional<VendorPage> vendor(String id, ArticleQuery q, FlowScan.EventFilter filter, int evidenceLimit) {
        Optional<VendorRegistry.Vendor> found = registry.byId(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        VendorRegistry.Vendor v = found.get();
        FlowScan.EventFilter mine = new FlowScan.EventFilter(filter.countries(), filter.categories(),
                filter.minConfidencePercent(), v.id(), filter.vendorCountries());
        Query query = search.toLucene(q, false);
        return Optional.of(index.index().search(s -> {
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
                            instant(e.getValue().first), instant(e.getValue().last)))
                    .sorted(Comparator.comparingLong((Deployment d) -> -d.count()).thenComparing(Deployment::country)
                            .thenComparing(Deployment::category))
                    .toList();
            List<Evidence> evidence = new ArrayList<>();
            for (long[] sample : total.samples()) {
                TaggedArticle a = FlowScan.article(s, (int) sample[1]);
                evidence.addAll(evidenceOf(a, null, null, v.id(), null, mine));
            }
            List<Evidence> shown = evidence.subList(0, Math.min(evidenceLimit, evidence.size()));
            return new VendorPage(v.id(), v.name(), v.homeCountry(), v.kinds(), v.aliases(), v.products(),
                    v.parentId(), registry.version(), total.count, List.copyOf(countries),
                    total.count == 0 ? null : instant(total.first), total.count == 0 ? null : instant(total.last), deps,
                    months(months), List.copyOf(shown));
        }));
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

    private Optional<Evidence> evidence(IndexSearcher s, int doc, String country, String category, String vendorId,
            String homeCountry, FlowScan.EventFilter filter) throws IOException {
        List<Evidence> found = evidenceOf(FlowScan.article(s, doc), country, category, vendorId, homeCountry, filter);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /**
     * The article's events that make the edge: in {@code country} (any if null), of {@code category} (any if null),
     * naming {@code vendorId} (if not null) or a vendor based in {@code homeCountry} (if not null), and passing the
     * filter. One evidence per event, with the first matching vendor's name.
     */
    private List<Evidence> evidenceOf(TaggedArticle a, String country, String category, String vendorId,
            String homeCountry, FlowScan.EventFilter filter) {
        List<Evidence> out = new ArrayList<>();
        if (a.events() == null) {
            return out;
        }
        for (TaggedArticle.Event e : a.events()) {
            if (e == null || e.country() == null || e.category() == null || e.vendors() == null) {
                continue;
            }
            String cc = e.country().strip().toUpperCase(Locale.ROOT);
            String cat = e.category().strip().toLowerCase(Locale.ROOT);
            if (country != null && !country.equals(cc) || category != null && !category.equals(cat)
                    || !filter.countries().isEmpty() && !filter.countries().contains(cc)
                    || !filter.categories().isEmpty() && !filter.categories().contains(cat)
                    || Math.floor(e.confidence() * 100 + 1e-9) < filter.minConfidencePercent()) {
                continue;
            }
            for (String name : e.vendors()) {
                Optional<VendorRegistry.Vendor> v = registry.byName(name);
                if (v.isPresent() && (vendorId == null || vendorId.equals(v.get().id()))
                        && (homeCountry == null || homeCountry.equals(v.get().homeCountry()))
                        && (filter.vendorCountries().isEmpty() || filter.vendorCountries().contains(v.get().homeCountry()))) {
                    out.add(new Evidence(a.id(), a.title(), a.url(), a.publishedAt(), v.get().name(), cc, cat,
                            e.confidence(), e.sentence()));
                    break;
                }
            }
        }
        return out;
    }

    private static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }

    /** Articles of one group: count, first and last published, the latest {@code keep} (published, doc). */
    private static final class Stats {
        long count;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final TreeSet<String> vendors = new TreeSet<>();
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
            List<long[]> out = new ArrayList<>(java.util.Arrays.asList(latest).subList(0, kept));
            out.sort(Comparator.comparingLong((long[] x) -> -x[0]).thenComparingLong(x -> x[1]));
            return out;
        }
    }
}
