package org.countersight.api.index;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.countersight.events.TaggedArticle;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/** The highlighted passages shown with search hits. */
final class Snippets {

    private Snippets() {
    }

    /** One per page (not thread-safe): same query and passage count for every hit, see {@link PageHighlighter}. */
    static UnifiedHighlighter highlighter(Analyzer analyzer) {
        return new PageHighlighter(UnifiedHighlighter.builderWithoutSearcher(analyzer)
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
    static String snippet(UnifiedHighlighter h, Query query, TaggedArticle a) throws IOException {
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

}
