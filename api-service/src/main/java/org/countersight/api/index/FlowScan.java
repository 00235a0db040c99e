package org.countersight.api.index;

import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * One pass over the per-event doc values of {@link FlowFields} for the articles of a query: the visitor sees each
 * matching article once, with its distinct events or flows that pass the event-level filter. Reads doc values only
 * (no stored fields), so it costs one step per matching article plus one parse per distinct value per segment.
 * Single-threaded, segment by segment, on one searcher: the caller's visitor needs no synchronisation.
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

        boolean admits(String vendor, String home, String country, String category) {
            return admits(country, category) && (vendorId == null || vendorId.equals(vendor))
                    && (vendorCountries.isEmpty() || vendorCountries.contains(home));
        }
    }

    public interface Visitor<T> {
        /**
         * {@code doc} is the searcher-wide doc id, for {@link #article}; {@code values} distinct, never empty, and
         * reused for the next article (copy what you keep).
         */
        void visit(long publishedMillis, int doc, List<T> values);
    }

    private FlowScan() {
    }

    /** Articles of {@code query} with at least one event passing {@code filter}. */
    public static void events(IndexSearcher searcher, Query query, EventFilter filter, Visitor<EventValue> visitor)
            throws IOException {
        scan(searcher, marked(query, FlowFields.EVENT_MARK), FlowFields.EVENTS, FlowFields.EVENTS_CONFIDENCE,
                bytes -> {
                    String[] p = split(bytes, 2);
                    return new EventValue(p[0], p[1]);
                }, v -> filter.admits(v.country(), v.category()), filter.minConfidencePercent(), visitor);
    }

    /** Articles of {@code query} with at least one vendor flow passing {@code filter}. */
    public static void flows(IndexSearcher searcher, Query query, EventFilter filter, Visitor<FlowValue> visitor)
            throws IOException {
        Query q = marked(query, FlowFields.FLOW_MARK);
        if (filter.vendorId() != null) {
            q = new BooleanQuery.Builder().add(q, BooleanClause.Occur.MUST)
                    .add(new TermQuery(new Term(FlowFields.VENDOR_ID, filter.vendorId())), BooleanClause.Occur.FILTER)
                    .build();
        }
        scan(searcher, q, FlowFields.FLOWS, FlowFields.FLOWS_CONFIDENCE, bytes -> {
            String[] p = split(bytes, 4);
            return new FlowValue(p[0], p[1], p[2], p[3]);
        }, v -> filter.admits(v.vendorId(), v.homeCountry(), v.country(), v.category()), filter.minConfidencePercent(),
                visitor);
    }

    /** The stored article of a searcher-wide doc id (for evidence). */
    public static TaggedArticle article(IndexSearcher searcher, int doc) throws IOException {
        BytesRef ref = searcher.storedFields().document(doc, Set.of(ArticleDocuments.JSON))
                .getBinaryValue(ArticleDocuments.JSON);
        return Json.MAPPER.readerFor(TaggedArticle.class).readValue(ref.bytes, ref.offset, ref.length);
    }

    private interface Parser<T> {
        T parse(BytesRef bytes);
    }

    /**
     * Parsed values per segment and field, by ordinal: a segment's doc values never change, so each distinct value is
     * parsed once per segment, not once per query. Entries leave when their segment is closed (merged away).
     */
    private static final Map<Object, Object[]> PARSED = new ConcurrentHashMap<>();

    private static Object[] parsedFor(LeafReaderContext leaf, String field, long valueCount) {
        IndexReader.CacheHelper helper = leaf.reader().getCoreCacheHelper();
        if (helper == null) {
            return new Object[(int) valueCount];
        }
        List<Object> key = List.of(helper.getKey(), field);
        Object[] parsed = PARSED.get(key);
        if (parsed == null || parsed.length != valueCount) {
            parsed = new Object[(int) valueCount];
            if (PARSED.putIfAbsent(key, parsed) == null) {
                helper.addClosedListener(k -> PARSED.keySet().removeIf(x -> ((List<?>) x).get(0) == k));
            } else {
                parsed = PARSED.get(key);
            }
        }
        return parsed;
    }

    private static Query marked(Query query, String mark) {
        return new BooleanQuery.Builder().add(query, BooleanClause.Occur.MUST)
                .add(new TermQuery(new Term(FlowFields.HAS, mark)), BooleanClause.Occur.FILTER).build();
    }

    private static final byte UNKNOWN = 0;
    private static final byte ADMITTED = 1;
    private static final byte REJECTED = 2;

    @SuppressWarnings("unchecked")
    private static <T> void scan(IndexSearcher searcher, Query query, String field, String confidenceField,
            Parser<T> parser, Predicate<T> filter, int minConfidence, Visitor<T> visitor) throws IOException {
        Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
        List<T> values = new ArrayList<>();
        for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
            Scorer scorer = weight.scorer(leaf);
            if (scorer == null) {
                continue;
            }
            Bits live = leaf.reader().getLiveDocs();
            SortedSetDocValues dv = DocValues.getSortedSet(leaf.reader(), field);
            SortedNumericDocValues confidence = DocValues.getSortedNumeric(leaf.reader(), confidenceField);
            NumericDocValues published = DocValues.getNumeric(leaf.reader(), ArticleDocuments.PUBLISHED);
            Object[] parsed = parsedFor(leaf, field, dv.getValueCount());
            byte[] admitted = new byte[parsed.length]; // this query's filter, per ordinal
            DocIdSetIterator it = scorer.iterator();
            for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                if (live != null && !live.get(doc) || !dv.advanceExact(doc)) {
                    continue;
                }
                int confidences = confidence.advanceExact(doc) ? confidence.docValueCount() : 0;
                values.clear();
                for (int i = 0, n = dv.docValueCount(); i < n; i++) {
                    int ord = (int) dv.nextOrd();
                    // the i-th number belongs to the i-th value (FlowFields.keysWithConfidence)
                    long c = i < confidences ? confidence.nextValue() % 128 : 0;
                    if (c < minConfidence) {
                        continue;
                    }
                    Object v = parsed[ord];
                    if (v == null) {
                        v = parser.parse(dv.lookupOrd(ord));
                        parsed[ord] = v;
                    }
                    if (admitted[ord] == UNKNOWN) {
                        admitted[ord] = filter.test((T) v) ? ADMITTED : REJECTED;
                    }
                    if (admitted[ord] == ADMITTED) {
                        values.add((T) v); // distinct: a document's values are
                    }
                }
                if (!values.isEmpty()) {
                    long millis = published.advanceExact(doc) ? published.longValue() : 0L;
                    visitor.visit(millis, leaf.docBase + doc, values);
                }
            }
        }
    }

    private static String[] split(BytesRef bytes, int parts) {
        String s = bytes.utf8ToString();
        String[] out = new String[parts];
        int start = 0;
        for (int i = 0; i < parts - 1; i++) {
            int end = s.indexOf(FlowFields.SEP, start);
            if (end < 0) {
                throw new IllegalStateException("malformed flow value in the index: " + s.replace(FlowFields.SEP, '|'));
            }
            out[i] = s.substring(start, end);
            start = end + 1;
        }
        out[parts - 1] = s.substring(start);
        return out;
    }
}
