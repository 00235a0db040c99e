package org.countersight.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A set of API keys held as SHA-256 digests and compared with {@link MessageDigest#isEqual} against every key without
 * an early exit, so neither a key, its length nor which key matched leaks through timing. The one comparison behind
 * api-service's keys and the operator keys of ingest-service and nlp-service ({@link OperatorKeys}).
 */
public final class KeyDigests {

    private final List<byte[]> digests;

    /** @param keys stripped; blank ones ignored */
    public KeyDigests(Collection<String> keys) {
        this.digests = keys.stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .map(KeyDigests::sha256)
                .toList();
    }

    /** @param keys comma-separated, as in COUNTERSIGHT_API_KEYS; null or blank for none */
    public static KeyDigests parse(String keys) {
        return new KeyDigests(keys == null ? List.of() : Arrays.asList(keys.split(",")));
    }

    public boolean isEmpty() {
        return digests.isEmpty();
    }

    /** @param presented a key as sent, without the {@code Bearer } scheme */
    public boolean accepts(String presented) {
        byte[] d = sha256(presented);
        boolean ok = false;
        for (byte[] key : digests) {
            ok |= MessageDigest.isEqual(d, key); // no early exit: the time does not tell which key matched
        }
        return ok;
    }

    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
