package org.countersight.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * articleId = lowercase hex of the first 16 bytes of SHA-256 of the canonical URL (docs/DESIGN.md, Identity); of
 * the source id plus the canonical URL for a link to another site than the feed's own.
 */
public final class ArticleIds {

    private ArticleIds() {
    }

    public static String fromUrl(String url) {
        return hash16(CanonicalUrl.canonicalize(url));
    }

    /**
     * For a link a source publishes to another site than its own: the source plus the canonical URL, so a feed
     * cannot take the id of another outlet's article (ingest decides which links are the feed's own).
     */
    public static String fromSourceAndUrl(String sourceId, String url) {
        return hash16(sourceId + "|" + CanonicalUrl.canonicalize(url));
    }

    /** For an item without a link: the source it came from plus its guid. */
    public static String fromGuid(String sourceId, String guid) {
        return hash16(sourceId + guid);
    }

    static String hash16(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
