package org.countersight.api.index;

import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.util.BytesRef;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code cursor} of a result page: the sort values of the last item returned. Paging with
 * searchAfter on (publishedAt, id) stays stable while indexing goes on: new articles never shift a page.
 */
public record Cursor(ArticleQuery.Sort sort, float score, long published, String id) {

    private static final int MAX_ENCODED = 512;

    public static Cursor after(ArticleQuery.Sort sort, FieldDoc last) {
        Object[] f = last.fields;
        if (sort == ArticleQuery.Sort.RELEVANCE) {
            return new Cursor(sort, (Float) f[0], (Long) f[1], ((BytesRef) f[2]).utf8ToString());
        }
        return new Cursor(sort, 0f, (Long) f[0], ((BytesRef) f[1]).utf8ToString());
    }

    public String encode() {
        String raw = sort == ArticleQuery.Sort.RELEVANCE
                ? "r1|" + Float.floatToIntBits(score) + "|" + published + "|" + id
                : "p1|" + published + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException when the text is not a cursor this service issued for that sort */
    public static Cursor decode(String encoded, ArticleQuery.Sort expectedSort) {
        if (encoded == null || encoded.isEmpty() || encoded.length() > MAX_ENCODED) {
            throw new IllegalArgumentException("cursor is empty or too long");
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor is not valid base64url");
        }
        String[] parts = raw.split("\\|", -1);
        try {
            Cursor c;
            if (parts.length == 3 && parts[0].equals("p1")) {
                c = new Cursor(ArticleQuery.Sort.PUBLISHED, 0f, Long.parseLong(parts[1]), parts[2]);
            } else if (parts.length == 4 && parts[0].equals("r1")) {
                c = new Cursor(ArticleQuery.Sort.RELEVANCE, Float.intBitsToFloat(Integer.parseInt(parts[1])),
                        Long.parseLong(parts[2]), parts[3]);
            } else {
                throw new IllegalArgumentException("cursor has an unknown format");
            }
            if (c.id.isEmpty() || c.id.length() > 200) {
                throw new IllegalArgumentException("cursor has an invalid id");
            }
            if (c.sort != expectedSort) {
                throw new IllegalArgumentException("cursor was issued for sort=" + c.sort.name().toLowerCase()
                        + "; repeat the request with the same sort");
            }
            return c;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cursor has an invalid number");
        }
    }

    /**
     * The searchAfter position. Sort values end with the unique id, so only the document the cursor was taken
     * from ties with it; giving the highest document number of the current reader makes Lucene treat that tie
     * as already returned, whatever number the document has now.
     */
    public FieldDoc toFieldDoc(int maxDoc) {
        if (sort == ArticleQuery.Sort.RELEVANCE) {
            return new FieldDoc(maxDoc - 1, score, new Object[] {score, published, new BytesRef(id)});
        }
        return new FieldDoc(maxDoc - 1, Float.NaN, new Object[] {published, new BytesRef(id)});
    }
}
