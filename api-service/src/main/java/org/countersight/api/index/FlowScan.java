package org.countersight.api.index;

import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Reads the per-event doc values of {@link FlowFields} for the articles of a query: either visiting each matching
 * article once with its distinct events or flows that pass the event-level filter ({@link #flows}), or counting them
 * per group ({@link #aggregateFlows}, {@link #aggregateEvents}; per segment, cached when the grouping has a cache
 * key). The values come from each segment's {@link FlowTable} (its doc values as arrays); stored fields are read only
 * by {@link #article}, for the evidence shown. Single-threaded, segment by segment, on one searcher: visitors and
 * groupings need no synchronisation.
 */
public final class FlowScan {

    /** An event place: where, what. */
    public record EventValue(String country, String category) {
    }

    /** A vendor's event: who (and from where), where, what. */
    public record FlowValue(String vendorId, String homeCountry, String country, String category) {
    }

    /**
     * Event-level filter. Empty sets mean any; {@code minConfidencePercent} 0 admits all; {@code vendorId} null any.
     */
    public record EventFilter(Set<String> countries, Set<String> categories, int minConfidencePercent, String vendorId,
            Set<String> vendorCountries) {

        public EventFilter {
            countries = countries == null ? Set.of() : Set.copyOf(countries);
            categories = categories == null ? Set.of() : Set.copyOf(categories);
            vendorCountries = vendorCountries == null ? Set.of() : Set.copyOf(vendorCountries);
        }

        boolean admits(String country, String category) {
            return (countries.isEmpty() || countries.contains(country))
                    && (categories.isEmpty() || categories.contains(category));
        }

        boolean admits(FlowValue v) {
            return admits(v.country(), v.category()) && (vendorId == null || vendorId.equals(v.vendorId()))
                    && (vendorCountries.isEmpty() || vendorCountries.contains(v.homeCountry()));
        }
    }

    public interface Visitor<T> {
        /**
         * {@code doc} is the searcher-wide doc id, for {@link #article}; {@code values} distinct, never empty, and
         * reused for the next article (copy what you keep).
         */
        void visit(long publishedMillis, int doc, List<T> values);
    }

    /** How values are grouped: a group key per value (null: not counted); {@code seen} once per group and value. */
    public interface Grouping<T> {
        Object key(T value);

        default void seen(int group, T value) {
        }

        /**
         * Names this grouping (the same name must always give the same keys) so per-segment results can be cached;
         * null: never cached.
         */
        default Object cacheKey() {
            return null;
        }

        /** A grouping by {@code key} alone, cached under {@code name}. */
        static <T> Grouping<T> named(String name, java.util.function.Function<T, Object> key) {
            return new Grouping<>() {
                @Override
                public Object key(T value) {
                    return key.apply(value);
                }

                @Override
                public Object cacheKey() {
                    return name;
                }
            };
        }
    }

    /** Where values come from: doc values field, its aligned confidences, and how a value is parsed. */
    record Source<T>(String field, String confidenceField, FlowValues.Parser<T> parser) {
    }

    private static final Source<EventValue> EVENTS = new Source<>(FlowFields.EVENTS, FlowFields.EVENTS_CONFIDENCE,
            FlowValues::eventValue);
    private static final Source<FlowValue> FLOWS = new Source<>(FlowFields.FLOWS, FlowFields.FLOWS_CONFIDENCE,
            FlowValues::flowValue);
    /** Every source, for {@link FlowTable#warm}. */
    static final List<Source<?>> SOURCES = List.of(EVENTS, FLOWS);

    private FlowScan() {
    }

    /** Articles of {@code query} with at least one vendor flow passing {@code filter}, one visit each. */
    public static void flows(IndexSearcher searcher, Query query, EventFilter filter, Visitor<FlowValue> visitor)
            throws IOException {
        scan(searcher, flowQuery(query, filter), FLOWS, filter::admits, filter.minConfidencePercent(), visitor);
    }

    /** Events of the articles of {@code query}, grouped; {@code keep} latest articles per group. */
    public static FlowAggregation aggregateEvents(IndexSearcher searcher, Query query, EventFilter filter,
            Grouping<EventValue> grouping, int keep) throws IOException {
        return aggregate(searcher, marked(query, FlowFields.EVENT_MARK), EVENTS,
                v -> filter.admits(v.country(), v.category()), filter, grouping, keep);
    }

    /** Vendor flows of the articles of {@code query}, grouped; {@code keep} latest articles per group. */
    public static FlowAggregation aggregateFlows(IndexSearcher searcher, Query query, EventFilter filter,
            Grouping<FlowValue> grouping, int keep) throws IOException {
        return aggregate(searcher, flowQuery(query, filter), FLOWS, filter::admits, filter, grouping, keep);
    }

    /** The stored article of a searcher-wide doc id (for evidence). */
    public static TaggedArticle article(IndexSearcher searcher, int doc) throws IOException {
        BytesRef ref = searcher.storedFields().document(doc, Set.of(ArticleDocuments.JSON))
                .getBinaryValue(ArticleDocuments.JSON);
        return Json.MAPPER.readerFor(TaggedArticle.class).readValue(ref.bytes, ref.offset, ref.length);
    }

    private static <T> FlowAggregation aggregate(IndexSearcher searcher, Query query, Source<T> source,
            Predicate<T> admits, EventFilter filter, Grouping<T> grouping, int keep) throws IOException {
        Query rewritten = searcher.rewrite(query);
        Object cacheKey = grouping.cacheKey() == null ? null
                : List.of(rewritten, source.field(), filter, grouping.cacheKey(), keep);
        SearcherAggregationCache.Entry whole = SearcherAggregationCache.get(searcher, cacheKey);
        if (whole == null) {
            FlowAggregation total = new FlowAggregation(keep);
            SeenValues seen = new SeenValues();
            Weight weight = searcher.createWeight(rewritten, ScoreMode.COMPLETE_NO_SCORES, 1f);
            // values are canonical (FlowValues), so each distinct value's key is made once, not once per segment
            Map<Object, Object> keyOfValue = new IdentityHashMap<>();
            Function<T, Object> groupKey = v -> {
                Object k = keyOfValue.get(v);
                if (k == null) {
                    k = admits.test(v) ? FlowValues.canonical(grouping.key(v)) : null;
                    keyOfValue.put(v, k == null ? FILTERED_OUT : k);
                }
                return k == FILTERED_OUT ? null : k;
            };
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                SegmentAggregation segment = SegmentAggregationCache.get(leaf, cacheKey, () -> SegmentAggregation.build(
                        leaf, weight, source, groupKey, filter.minConfidencePercent(), keep));
                segment.addTo(total, leaf.docBase, seen);
            }
            whole = new SearcherAggregationCache.Entry(total, seen);
            SearcherAggregationCache.put(searcher, cacheKey, whole);
        }
        whole.seen().replay(grouping);
        return whole.total();
    }

    private static Query flowQuery(Query query, EventFilter filter) {
        Query q = marked(query, FlowFields.FLOW_MARK);
        if (filter.vendorId() != null) {
            q = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST)
                    .add(new TermQuery(new Term(FlowFields.VENDOR_ID, filter.vendorId())), BooleanClause.Occur.FILTER)
                    .build();
        }
        return q;
    }

    private static Query marked(Query query, String mark) {
        return new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(FlowFields.HAS, mark)), BooleanClause.Occur.FILTER).build();
    }

    private static final Object FILTERED_OUT = new Object();
    private static final byte UNKNOWN = 0;
    private static final byte ADMITTED = 1;
    private static final byte REJECTED = 2;

    @SuppressWarnings("unchecked")
    private static <T> void scan(IndexSearcher searcher, Query query, Source<T> source, Predicate<T> filter,
            int minConfidence, Visitor<T> visitor) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<T> values = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            FlowTable table = FlowTable.of(leaf, source);
            byte[] admitted = new byte[table.values.length]; // this query's filter, per ordinal
            int position = 0;
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                int entry = table.entryOf(doc, position, live);
                if (entry < 0) {
                    continue;
                }
                position = entry + 1;
                values.clear();
                for (int row = table.firstRow[entry], end = table.firstRow[entry + 1]; row < end; row++) {
                    if (table.confidence[row] < minConfidence) {
                        continue;
                    }
                    int ord = table.ords[row];
                    T v = (T) table.values[ord];
                    if (admitted[ord] == UNKNOWN) {
                        admitted[ord] = filter.test(v) ? ADMITTED : REJECTED;
                    }
                    if (admitted[ord] == ADMITTED) {
                        values.add(v); // distinct: a document's values are
                    }
                }
                if (!values.isEmpty()) {
                    visitor.visit(table.published[entry], leaf.docBase + doc, values);
                }
            }
        }
    }
}
