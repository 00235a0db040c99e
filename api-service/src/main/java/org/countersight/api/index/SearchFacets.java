package org.countersight.api.index;

import org.apache.lucene.facet.FacetResult;
import org.apache.lucene.facet.FacetsCollector;
import org.apache.lucene.facet.LabelAndValue;
import org.apache.lucene.facet.StringDocValuesReaderState;
import org.apache.lucene.facet.StringValueFacetCounts;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.search.IndexSearcher;
import org.countersight.api.index.ArticleSearch.FacetCount;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The facet counts returned with every search (top values per dimension over the whole result). */
final class SearchFacets {

    private static final int FACET_TOP = 20;

    private record CachedState(IndexReader reader, StringDocValuesReaderState state) {
    }

    /** Facet reader state is per index reader; rebuilt only when a refresh produced a new reader. */
    private final Map<String, CachedState> facetStates = new java.util.concurrent.ConcurrentHashMap<>();

    static Map<String, List<FacetCount>> empty() {
        Map<String, List<FacetCount>> out = new LinkedHashMap<>();
        ArticleSearch.FACET_DIMENSIONS.forEach(d -> out.put(d, List.of()));
        return out;
    }

    Map<String, List<FacetCount>> count(IndexSearcher searcher, FacetsCollector fc) throws IOException {
        Map<String, List<FacetCount>> out = new LinkedHashMap<>();
        for (String dim : ArticleSearch.FACET_DIMENSIONS) {
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
