package org.countersight.api.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.config.CountersightConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The configured API keys, held as SHA-256 digests and compared with {@link MessageDigest#isEqual}, so neither
 * the content nor the length of a key leaks through timing. A bean of its own so the JAX-RS filter, which is
 * built before configuration mappings are available, reads the keys only on first use.
 */
@ApplicationScoped
public class ApiKeys {

    private final List<byte[]> digests;

    public ApiKeys(CountersightConfig config) {
        this.digests = config.api().keys().orElse(List.of()).stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .map(ApiKeys::digest)
                .toList();
    }

    public boolean configured() {
        return !digests.isEmpty();
    }

    public boolean accepts(String presented) {
        byte[] d = digest(presented);
        boolean ok = false;
        for (byte[] key : digests) {
            ok |= MessageDigest.isEqual(d, key); // no early exit: the time does not tell which key matched
        }
        return ok;
    }

    /**
     * The id of the key in an {@code Authorization: Bearer <key>} header: {@code key-} and the first 12 hex digits of its
     * SHA-256, stable across restarts and replicas, never the key itself. Null without a header or for a key that is
     * not configured.
     */
    public String idOf(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String key = authorizationHeader.substring(7).strip();
        if (key.isEmpty() || !accepts(key)) {
            return null;
        }
        return "key-" + java.util.HexFormat.of().formatHex(digest(key), 0, 6);
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
