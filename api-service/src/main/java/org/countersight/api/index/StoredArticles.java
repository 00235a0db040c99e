package org.countersight.api.index;

import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;

import java.io.IOException;
import java.util.Set;

/** Articles read back from the index: each document stores the JSON nlp-service wrote. */
final class StoredArticles {

    private StoredArticles() {
    }

    static TaggedArticle load(IndexSearcher searcher, int doc) throws IOException {
        return read(json(searcher, doc));
    }

    /** The first {@code n} hits' articles, in hit order; read from the stored fields in doc id order (fewer block decompressions). */
    static TaggedArticle[] loadAll(IndexSearcher searcher, ScoreDoc[] docs, int n) throws IOException {
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

    static byte[] json(IndexSearcher searcher, int doc) throws IOException {
        var ref = searcher.storedFields().document(doc, Set.of(ArticleDocuments.JSON)).getBinaryValue(ArticleDocuments.JSON);
        byte[] out = new byte[ref.length];
        System.arraycopy(ref.bytes, ref.offset, out, 0, ref.length);
        return out;
    }

}
