package org.countersight.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;

/**
 * The API keys that guard the operator endpoints of ingest-service and nlp-service (the same
 * {@code COUNTERSIGHT_API_KEYS} api-service uses), held as SHA-256 digests and compared with
 * {@link MessageDigest#isEqual} without an early exit, so neither a key nor its length leaks through timing.
 * Framework-free so each service's request filter is a few lines.
 */
public final class OperatorKeys {

    private final List<byte[]> digests;

    /** @param keys comma-separated keys; blank entries ignored */
    public OperatorKeys(String keys) {
        this.digests = keys == null ? List.of() : Arrays.stream(keys.split(","))
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .map(OperatorKeys::digest)
                .toList();
    }

    public boolean configured() {
        return !digests.isEmpty();
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @return null when the request may pass, else what a person must do (the detail of a 401 problem)
     */
    public String refusal(String authorization) {
        if (!configured()) {
            return "this service has no API keys configured, so operator actions are disabled; "
                    + "start it with COUNTERSIGHT_API_KEYS=<key>[,<key>…]";
        }
        if (authorization == null || authorization.isBlank()) {
            return "this endpoint needs an API key: send the header 'Authorization: Bearer <key>'";
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>'";
        }
        byte[] d = digest(authorization.substring(7).strip());
        boolean ok = false;
        for (byte[] key : digests) {
            ok |= MessageDigest.isEqual(d, key);
        }
        return ok ? null : "the API key is not valid; use one of the keys in COUNTERSIGHT_API_KEYS";
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
