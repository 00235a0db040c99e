package org.countersight.api.index;

import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSortSortedNumericDocValuesRangeQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

import java.util.Map;
import java.util.Set;

/** An {@link ArticleQuery} as a Lucene query: the text over the weighted fields (or the combined one) and the filters. */
final class QueryTranslator {

    private final IndexService indexService;

    QueryTranslator(IndexService indexService) {
        this.indexService = indexService;
    }

    /**
     * Full text AND every filter. {@code scored}: the text matches title, summary and text with their weights (BM25 per
     * field, what sort=relevance ranks by); otherwise it matches the combined field {@link ArticleDocuments#ALL_TEXT}
     * where that selects exactly the same documents (see {@link #matchQuery}), which is cheaper.
     */
    Query toLucene(ArticleQuery q, boolean scored) {
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
        SimpleQueryParser parser = new SimpleQueryParser(indexService.index().queryAnalyzer(), ArticleSearch.TEXT_FIELDS);
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

}
