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

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
