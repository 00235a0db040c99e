package org.countersight.api.index;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.StringDocValuesReaderState;
import org.apache.lucene.facet.StringValueFacetCounts;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;

import org.countersight.api.config.CountersightConfig;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/** Queries over the index: search pages with facets and snippets, lookup by id, and full scans for export. */
@ApplicationScoped
public class ArticleSearch {

    /** Facet dimensions returned with every search, in this order. */
    public static final List<String> FACET_DIMENSIONS = List.of(
            ArticleDocuments.COUNTRY, ArticleDocuments.CATEGORY, ArticleDocuments.VENDOR,
            ArticleDocuments.SOURCE, ArticleDocuments.LANG);
    private static final int FACET_TOP = 20;
    private static final Map<String, Float> TEXT_FIELDS = Map.of(
            ArticleDocuments.TITLE, 3f, ArticleDocuments.SUMMARY, 1.5f, ArticleDocuments.TEXT, 1f);

    /** The index's own order, so collecting the newest hits stops early in every segment. */
    private static final Sort BY_PUBLISHED = ArticleDocuments.INDEX_SORT;
    private static final Sort BY_RELEVANCE = new Sort(
            SortField.FIELD_SCORE,
            new SortField(ArticleDocuments.PUBLISHED, SortField.Type.LONG, true),
            new SortField(ArticleDocuments.ID, SortField.Type.STRING));

    private final IndexService indexService;
    /** Facet reader state is per index reader; rebuilt only when a refresh produced a new reader. */
    private final Map<String, CachedState> facetStates = new java.util.concurrent.ConcurrentHashMap<>();

    private final Duration timeout;
    private final QueryOperators operators;

    /** Without a time limit or operator limits: for tools that search an index directly (profiling). */
    public ArticleSearch(IndexService indexService) {
        this.indexService = indexService;
        this.timeout = null;
        this.operators = new QueryOperators(1, Integer.MAX_VALUE, 2);
    }

    @jakarta.inject.Inject
    public ArticleSearch(IndexService indexService, CountersightConfig config) {
        this.indexService = indexService;
        CountersightConfig.Limits l = config.limits();
        this.timeout = l.searchTimeout();
        this.operators = new QueryOperators(l.minPrefix(), l.maxSlop(), l.maxFuzziness());
    }

    /** A search that ran past {@code countersight.limits.search-timeout}; its partial result is not shown. */
    public static final class SearchTimeoutException extends RuntimeException {
        public SearchTimeoutException(Duration limit) {
            super("the search took longer than " + limit.toMillis() + " ms", null, false, false);
        }
    }

    /** @throws QueryOperators.Refused when q uses an operator beyond the configured limits */
    public void checkOperators(ArticleQuery q) {
        if (q.hasText()) {
            operators.check(q.text());
        }
    }

    /**
     * A searcher over the same reader that stops collecting after the configured time ({@link IndexSearcher#setTimeout});
     * pass the result to {@link #checkTimedOut} after searching. The reader stays the same, so per-reader caches still hit.
     */
    public IndexSearcher limited(IndexSearcher searcher) {
        if (timeout == null) {
            return searcher;
        }
        IndexSearcher s = new IndexSearcher(searcher.getIndexReader());
        s.setSimilarity(searcher.getSimilarity());
        s.setTimeout(new org.apache.lucene.index.QueryTimeoutImpl(timeout.toMillis()));
        return s;
    }

    public void checkTimedOut(IndexSearcher searcher) {
        if (timeout != null && searcher.timedOut()) {
            throw new SearchTimeoutException(timeout);
        }
    }

    public record Hit(TaggedArticle article, String snippet, Float score) {
    }

    public record FacetCount(String value, long count) {
    }

    public record Page(List<Hit> hits, String nextCursor, long total, Map<String, List<FacetCount>> facets) {
    }

    private record CachedState(IndexReader reader, StringDocValuesReaderState state) {
    }

    /**
     * Full text AND every filter. {@code scored}: the text matches title, summary and text with their weights (BM25 per
     * field, what sort=relevance ranks by); otherwise it matches the combined field {@link ArticleDocuments#ALL_TEXT}
     * where that selects exactly the same documents (see {@link #matchQuery}), which is cheaper.
     */
    public Query toLucene(ArticleQuery q, boolean scored) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = false;
        if (q.hasText()) {
            b.add(scored ? textQuery(q.text()) : matchQuery(q.text()), BooleanClause.Occur.MUST);
            any = true;
        }
        any |= anyOf(b, ArticleDocuments.COUNTRY, q.countries());
        any |= anyOf(b, ArticleDocuments.CATEGORY, q.categories());
        any |= anyOf(b, ArticleDocuments.ENTITY, q.entities());
        any |= anyOf(b, ArticleDocuments.VENDOR, q.vendors());
        any |= anyOf(b, ArticleDocuments.SOURCE, q.sources());
        any |= anyOf(b, ArticleDocuments.LANG, q.languages());
        if (q.surveillance() != null) {
            b.add(new TermQuery(new Term(ArticleDocuments.SURVEILLANCE, q.surveillance().toString())), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (q.from() != null || q.to() != null) {
            b.add(publishedRange(q.from() == null ? Long.MIN_VALUE : q.from().toEpochMilli(),
                    q.to() == null ? Long.MAX_VALUE : q.to().toEpochMilli()), BooleanClause.Occur.FILTER);
            any = true;
        }
        if (!any) {
            return new MatchAllDocsQuery();
        }
        if (!q.hasText()) {
            // Only filters: still needs a scoring clause for BooleanQuery to match anything.
            b.add(new MatchAllDocsQuery(), BooleanClause.Occur.MUST);
        }
        return b.build();
    }

    /**
     * {@code lo <= published <= hi}. The index is sorted by published ({@link ArticleDocuments#INDEX_SORT}), so in each
     * segment the range is one doc-id interval found by binary search; the points query is Lucene's fallback for a
     * segment where that does not apply.
     */
    static Query publishedRange(long lo, long hi) {
        return new IndexSortSortedNumericDocValuesRangeQuery(ArticleDocuments.PUBLISHED, lo, hi,
                LongPoint.newRangeQuery(ArticleDocuments.PUBLISHED, lo, hi));
    }

    Query textQuery(String text) {
        SimpleQueryParser parser = new SimpleQueryParser(indexService.index().queryAnalyzer(), TEXT_FIELDS);
        parser.setDefaultOperator(BooleanClause.Occur.MUST);
        Query parsed = parser.parse(text);
        return parsed == null ? new MatchNoDocsQuery("no searchable words in q") : parsed;
    }

    /**
     * The documents of {@link #textQuery}, matched on {@link ArticleDocuments#ALL_TEXT} (one postings list per word
     * instead of three) when that is provably the same set: a word or a prefix occurs in one of the fields iff it occurs
     * in the combined one, and a phrase (slop below the gap between values) matches within one field iff it matches in
     * the combined one. Not so for a whitespace-separated part the analyzer splits into several words
     * ({@code police-cameras}: all of them in one field versus anywhere) and for fuzzy terms (expanded to at most 50
     * terms of a different dictionary): those use the three-field query.
     */
    Query matchQuery(String text) {
        CombinedFieldParser parser = new CombinedFieldParser(indexService.index().queryAnalyzer());
        Query parsed = parser.parse(text);
        if (!parser.sameAsThreeFields) {
            return textQuery(text);
        }
        return parsed == null ? new MatchNoDocsQuery("no searchable words in q") : parsed;
    }

    /** SimpleQueryParser on {@link ArticleDocuments#ALL_TEXT} that notes any part it cannot translate exactly. */
    private static final class CombinedFieldParser extends SimpleQueryParser {
        boolean sameAsThreeFields = true;

        CombinedFieldParser(org.apache.lucene.analysis.Analyzer analyzer) {
            super(analyzer, Map.of(ArticleDocuments.ALL_TEXT, 1f));
            setDefaultOperator(BooleanClause.Occur.MUST);
        }

        @Override
        protected Query newDefaultQuery(String text) {
            Query q = super.newDefaultQuery(text);
            if (q != null && !(q instanceof TermQuery)) {
                sameAsThreeFields = false; // several words from one part
            }
            return q;
        }

        @Override
        protected Query newFuzzyQuery(String text, int fuzziness) {
            sameAsThreeFields = false;
            return super.newFuzzyQuery(text, fuzziness);
        }

        @Override
        protected Query newPhraseQuery(String text, int slop) {
            if (slop >= ArticleDocuments.FIELD_GAP / 2) {
                sameAsThreeFields = false;
            }
            return super.newPhraseQuery(text, slop);
        }
    }

    private static boolean anyOf(BooleanQuery.Builder b, String field, Set<String> values) {
        if (values.isEmpty()) {
            return false;
        }
        if (values.size() == 1) {
            b.add(new TermQuery(new Term(field, values.iterator().next())), BooleanClause.Occur.FILTER);
        } else {
            BooleanQuery.Builder or = new BooleanQuery.Builder();
            values.forEach(v -> or.add(new TermQuery(new Term(field, v)), BooleanClause.Occur.SHOULD));
            b.add(or.build(), BooleanClause.Occur.FILTER);
        }
        return true;
    }

    public Page search(ArticleQuery q, ArticleQuery.Sort sort, int limit, Cursor after, boolean withFacets) {
        Query query = toLucene(q, sort == ArticleQuery.Sort.RELEVANCE);
        Sort luceneSort = sort == ArticleQuery.Sort.RELEVANCE ? BY_RELEVANCE : BY_PUBLISHED;
        return indexService.index().search(shared -> {
            IndexSearcher searcher = limited(shared);
            int maxDoc = searcher.getIndexReader().maxDoc();
            if (maxDoc == 0) {
                return new Page(List.of(), null, 0, withFacets ? emptyFacets() : null);
            }
            FieldDoc afterDoc = after == null ? null : after.toFieldDoc(maxDoc);
            TopDocs top;
            long total;
            Map<String, List<FacetCount>> facets = null;
            // One extra hit tells whether another page exists, so the last page has no nextCursor.
            int n = limit + 1;
            if (withFacets) {
                FacetsCollectorManager.FacetsResult r = FacetsCollectorManager.searchAfter(
                        searcher, afterDoc, query, n, luceneSort, sort == ArticleQuery.Sort.RELEVANCE, new FacetsCollectorManager());
                top = r.topDocs();
                // Facets count the whole result, not just what comes after the cursor: the facets collector sits next to
                // the paging top-docs collector and sees every match (no early termination: its score mode is COMPLETE),
                // so a cursor page needs no second search.
                FacetsCollector all = r.facetsCollector();
                facets = facets(searcher, all);
                total = all.getMatchingDocs().stream().mapToLong(m -> m.totalHits).sum();
            } else {
                top = searcher.searchAfter(afterDoc, query, n, luceneSort, sort == ArticleQuery.Sort.RELEVANCE);
                total = searcher.count(query);
            }
            checkTimedOut(searcher);
            ScoreDoc[] docs = top.scoreDocs;
            int shown = Math.min(limit, docs.length);
            List<Hit> hits = new ArrayList<>(shown);
            UnifiedHighlighter highlighter = q.hasText() ? highlighter() : null;
            Query textQuery = q.hasText() ? textQuery(q.text()) : null;
            TaggedArticle[] articles = loadAll(searcher, docs, shown);
            for (int i = 0; i < shown; i++) {
                TaggedArticle a = articles[i];
                String snippet = highlighter == null ? null : snippet(highlighter, textQuery, a);
                Float score = sort == ArticleQuery.Sort.RELEVANCE ? docs[i].score : null;
                hits.add(new Hit(a, snippet, score));
            }
            String next = docs.length > limit ? Cursor.after(sort, (FieldDoc) docs[limit - 1]).encode() : null;
            return new Page(hits, next, total, facets);
        });
    }

    /** The stored JSON of one article exactly as nlp-service wrote it (fields this version does not know included). */
    public Optional<byte[]> json(String id) {
        return indexService.index().search(searcher -> {
            TopDocs top = searcher.search(new TermQuery(new Term(ArticleDocuments.ID, id)), 1);
            if (top.scoreDocs.length == 0) {
                return Optional.empty();
            }
            return Optional.of(storedJson(searcher, top.scoreDocs[0].doc));
        });
    }

    /**
     * Visits every matching article newest first, one page of {@code pageSize} per searcher, so memory stays
     * bounded for any result size and concurrent indexing cannot make a page repeat or skip.
     */
    public void forEach(ArticleQuery q, int pageSize, Consumer<TaggedArticle> visitor) {
        Query query = toLucene(q, false);
        Object[] after = null;
        while (true) {
            Object[] from = after;
            List<TaggedArticle> batch = new ArrayList<>(pageSize);
            FieldDoc last = indexService.index().search(searcher -> {
                int maxDoc = searcher.getIndexReader().maxDoc();
                if (maxDoc == 0) {
                    return null;
                }
                // Each page may see a newer reader; the sort values (published, id) carry the position across.
                FieldDoc position = from == null ? null : new FieldDoc(maxDoc - 1, Float.NaN, from);
                TopFieldDocs top = searcher.searchAfter(position, query, pageSize, BY_PUBLISHED, false);
                for (ScoreDoc d : top.scoreDocs) {
                    batch.add(load(searcher, d.doc));
                }
                return top.scoreDocs.length == 0 ? null : (FieldDoc) top.scoreDocs[top.scoreDocs.length - 1];
            });
            batch.forEach(visitor);
            if (last == null || batch.size() < pageSize) {
                return;
            }
            after = last.fields;
        }
    }

    private static TaggedArticle load(IndexSearcher searcher, int doc) throws IOException {
        return read(storedJson(searcher, doc));
    }

    /** The first {@code n} hits' articles, in hit order; read from the stored fields in doc id order (fewer block decompressions). */
    private static TaggedArticle[] loadAll(IndexSearcher searcher, ScoreDoc[] docs, int n) throws IOException {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> docs[i].doc));
        org.apache.lucene.index.StoredFields stored = searcher.storedFields();
        TaggedArticle[] out = new TaggedArticle[n];
        for (int i : order) {
            var ref = stored.document(docs[i].doc, JSON_ONLY).getBinaryValue(ArticleDocuments.JSON);
            out[i] = read(ref.bytes, ref.offset, ref.length);
        }
        return out;
    }

    private static final Set<String> JSON_ONLY = Set.of(ArticleDocuments.JSON);
    private static final com.fasterxml.jackson.databind.ObjectReader ARTICLE_READER = Json.MAPPER.readerFor(TaggedArticle.class);

    private static TaggedArticle read(byte[] json) {
        return read(json, 0, json.length);
    }

    private static TaggedArticle read(byte[] json, int offset, int length) {
        try {
            return ARTICLE_READER.readValue(json, offset, length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read TaggedArticle from JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] storedJson(IndexSearcher searcher, int doc) throws IOException {
        var ref = searcher.storedFields().document(doc, Set.of(ArticleDocuments.JSON)).getBinaryValue(ArticleDocuments.JSON);
        byte[] out = new byte[ref.length];
        System.arraycopy(ref.bytes, ref.offset, out, 0, ref.length);
        return out;
    }

    /** One per page (not thread-safe): same query and passage count for every hit, see {@link PageHighlighter}. */
    private UnifiedHighlighter highlighter() {
        return new PageHighlighter(UnifiedHighlighter.builderWithoutSearcher(indexService.index().queryAnalyzer())
                .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", " … ", true))
                .withMaxLength(100_000));
    }

    /**
     * Builds each field's FieldHighlighter (query term extraction, offset strategy with its MemoryIndex, break iterator)
     * once per page instead of once per hit, as Lucene's own batch highlighting does: the output is the same, the
     * MemoryIndex is reset per document. Valid only while every call passes the same query and maxPassages.
     */
    private static final class PageHighlighter extends UnifiedHighlighter {
        private final Map<String, org.apache.lucene.search.uhighlight.FieldHighlighter> byField = new java.util.HashMap<>();

        PageHighlighter(UnifiedHighlighter.Builder builder) {
            super(builder);
        }

        @Override
        protected org.apache.lucene.search.uhighlight.FieldHighlighter getFieldHighlighter(
                String field, Query query, Set<Term> allTerms, int maxPassages) {
            var h = byField.get(field);
            if (h == null) {
                h = super.getFieldHighlighter(field, query, allTerms, maxPassages);
                byField.put(field, h);
            }
            return h;
        }
    }

    /** A highlighted passage of the text (HTML-escaped, matches in mark tags), else of summary or title. */
    private static String snippet(UnifiedHighlighter h, Query query, TaggedArticle a) throws IOException {
        for (String[] fieldAndValue : new String[][] {
                {ArticleDocuments.TEXT, a.text()}, {ArticleDocuments.SUMMARY, a.summary()}, {ArticleDocuments.TITLE, a.title()}}) {
            if (fieldAndValue[1] == null || fieldAndValue[1].isBlank()) {
                continue;
            }
            Object s = h.highlightWithoutSearcher(fieldAndValue[0], query, fieldAndValue[1], 2);
            if (s != null && s.toString().contains("<mark>")) {
                return s.toString();
            }
        }
        return null;
    }

    private static Map<String, List<FacetCount>> emptyFacets() {
        Map<String, List<FacetCount>> out = new LinkedHashMap<>();
        FACET_DIMENSIONS.forEach(d -> out.put(d, List.of()));
        return out;
    }

    private Map<String, List<FacetCount>> facets(IndexSearcher searcher, FacetsCollector fc) throws IOException {
        Map<String, List<FacetCount>> out = new LinkedHashMap<>();
        for (String dim : FACET_DIMENSIONS) {
            List<FacetCount> counts = new ArrayList<>();
            StringDocValuesReaderState state = stateFor(searcher.getIndexReader(), ArticleDocuments.FACET_PREFIX + dim);
            FacetResult r = new StringValueFacetCounts(state, fc).getTopChildren(FACET_TOP, ArticleDocuments.FACET_PREFIX + dim);
            if (r != null) {
                for (LabelAndValue lv : r.labelValues) {
                    counts.add(new FacetCount(lv.label, lv.value.longValue()));
                }
            }
            out.put(dim, counts);
        }
        return out;
    }

    private StringDocValuesReaderState stateFor(IndexReader reader, String field) throws IOException {
        CachedState cached = facetStates.get(field);
        if (cached != null && cached.reader == reader) {
            return cached.state;
        }
        StringDocValuesReaderState state = new StringDocValuesReaderState(reader, field);
        facetStates.put(field, new CachedState(reader, state));
        return state;
    }
}
