package org.countersight.api.index;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.FacetsCollectorManager;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.countersight.events.TaggedArticle;

import org.countersight.api.config.CountersightConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Queries over the index: search pages with facets and snippets, lookup by id, and full scans for export. */
@ApplicationScoped
public class ArticleSearch {

    /** Facet dimensions returned with every search, in this order. */
    public static final List<String> FACET_DIMENSIONS = List.of(
            ArticleDocuments.COUNTRY, ArticleDocuments.CATEGORY, ArticleDocuments.VENDOR,
            ArticleDocuments.SOURCE, ArticleDocuments.LANG);
    static final Map<String, Float> TEXT_FIELDS = Map.of(
            ArticleDocuments.TITLE, 3f, ArticleDocuments.SUMMARY, 1.5f, ArticleDocuments.TEXT, 1f);

    /** The index's own order, so collecting the newest hits stops early in every segment. */
    private static final Sort BY_PUBLISHED = ArticleDocuments.INDEX_SORT;
    private static final Sort BY_RELEVANCE = new Sort(
            SortField.FIELD_SCORE,
            new SortField(ArticleDocuments.PUBLISHED, SortField.Type.LONG, true),
            new SortField(ArticleDocuments.ID, SortField.Type.STRING));

    private final IndexService indexService;
    private final QueryTranslator queries;
    private final SearchFacets facets = new SearchFacets();

    private final Duration timeout;
    private final QueryOperators operators;

    /** Without a time limit or operator limits: for tools that search an index directly (profiling). */
    public ArticleSearch(IndexService indexService) {
        this.indexService = indexService;
        this.timeout = null;
        this.operators = new QueryOperators(1, Integer.MAX_VALUE, 2);
        this.queries = new QueryTranslator(indexService);
    }

    @jakarta.inject.Inject
    public ArticleSearch(IndexService indexService, CountersightConfig config) {
        this.indexService = indexService;
        CountersightConfig.Limits l = config.limits();
        this.timeout = l.searchTimeout();
        this.operators = new QueryOperators(l.minPrefix(), l.maxSlop(), l.maxFuzziness());
        this.queries = new QueryTranslator(indexService);
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

    /** Full text AND every filter ({@link QueryTranslator#toLucene}). */
    public Query toLucene(ArticleQuery q, boolean scored) {
        return queries.toLucene(q, scored);
    }

    public Page search(ArticleQuery q, ArticleQuery.Sort sort, int limit, Cursor after, boolean withFacets) {
        Query query = toLucene(q, sort == ArticleQuery.Sort.RELEVANCE);
        Sort luceneSort = sort == ArticleQuery.Sort.RELEVANCE ? BY_RELEVANCE : BY_PUBLISHED;
        return indexService.index().search(shared -> {
            IndexSearcher searcher = limited(shared);
            int maxDoc = searcher.getIndexReader().maxDoc();
            if (maxDoc == 0) {
                return new Page(List.of(), null, 0, withFacets ? SearchFacets.empty() : null);
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
                facets = this.facets.count(searcher, all);
                total = all.getMatchingDocs().stream().mapToLong(m -> m.totalHits).sum();
            } else {
                top = searcher.searchAfter(afterDoc, query, n, luceneSort, sort == ArticleQuery.Sort.RELEVANCE);
                total = searcher.count(query);
            }
            checkTimedOut(searcher);
            ScoreDoc[] docs = top.scoreDocs;
            int shown = Math.min(limit, docs.length);
            List<Hit> hits = new ArrayList<>(shown);
            UnifiedHighlighter highlighter = q.hasText() ? Snippets.highlighter(indexService.index().queryAnalyzer()) : null;
            Query textQuery = q.hasText() ? queries.textQuery(q.text()) : null;
            TaggedArticle[] articles = StoredArticles.loadAll(searcher, docs, shown);
            for (int i = 0; i < shown; i++) {
                TaggedArticle a = articles[i];
                String snippet = highlighter == null ? null : Snippets.snippet(highlighter, textQuery, a);
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
            return Optional.of(StoredArticles.json(searcher, top.scoreDocs[0].doc));
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
                    batch.add(StoredArticles.load(searcher, d.doc));
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

}
