package org.countersight.api.vendors;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.lucene.search.Query;
import org.countersight.api.index.ArticleQuery;
import org.countersight.api.index.ArticleSearch;
import org.countersight.api.index.FlowAggregation;
import org.countersight.api.index.FlowScan;
import org.countersight.api.index.IndexService;
import org.countersight.events.VendorRegistry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who supplied what to whom: the map's events per country, vendor listings and pages, and vendor flows, all counted
 * from the index's per-event doc values ({@link FlowScan}) for the articles of an {@link ArticleQuery} and the
 * event-level {@link FlowScan.EventFilter}. A count is a number of articles: an article naming one edge in two
 * sentences counts once. Vendors are those of the shared {@link VendorRegistry}.
 */
@ApplicationScoped
public class VendorFlowService {

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
    private final FlowEdges edges;
    private final VendorPages pages;

    public VendorFlowService(IndexService index, ArticleSearch search) {
        this.index = index;
        this.search = search;
        EvidenceSentences sentences = new EvidenceSentences(registry);
        this.edges = new FlowEdges(registry, sentences);
        this.pages = new VendorPages(registry.version(), sentences);
    }

    public VendorRegistry registry() {
        return registry;
    }

    /** Articles with an event in each country (the map's choropleth), most first. */
    public MapCounts countries(ArticleQuery q, FlowScan.EventFilter filter) {
        Query query = search.toLucene(q, false);
        boolean byVendor = filter.vendorId() != null || !filter.vendorCountries().isEmpty();
        FlowAggregation counts = index.index().search(s -> byVendor
                // only events naming the vendors asked for
                ? FlowScan.aggregateFlows(s, query, filter, FlowScan.Grouping.named("flows by country", FlowScan.FlowValue::country), 0)
                : FlowScan.aggregateEvents(s, query, filter, FlowScan.Grouping.named("events by country", FlowScan.EventValue::country), 0));
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
        FlowEdges.Ranked ranked = index.index().search(s -> edges.rank(s, query, filter, by, limit, samples));
        return new Flows(by.name().toLowerCase(Locale.ROOT), registry.version(), ranked.total(), ranked.edges());
    }

    /** Vendors with matching events (or every registry vendor with {@code all}), sorted, one page. */
    public VendorList vendors(ArticleQuery q, FlowScan.EventFilter filter, VendorSort sort, int offset, int limit,
            boolean all) {
        Query query = search.toLucene(q, false);
        Map<String, TreeSet<String>> reached = new HashMap<>();
        FlowAggregation byVendor = index.index().search(s -> FlowScan.aggregateFlows(s, query, filter,
                new FlowScan.Grouping<>() {
                    @Override
                    public Object key(FlowScan.FlowValue v) {
                        return v.vendorId();
                    }

                    @Override
                    public void seen(int group, FlowScan.FlowValue v) {
                        reached.computeIfAbsent(v.vendorId(), k -> new TreeSet<>()).add(v.country());
                    }

                    @Override
                    public Object cacheKey() {
                        return "flows by vendor id";
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
        return Optional.of(index.index().search(s -> pages.page(s, query, v, mine, evidenceLimit)));
    }

    private static Instant instant(long millis) {
        return Instant.ofEpochMilli(millis);
    }
}
