package org.countersight.events;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The API keys that guard the operator endpoints of ingest-service and nlp-service (the same
 * {@code COUNTERSIGHT_API_KEYS} api-service uses), held as SHA-256 digests and compared with
 * {@link MessageDigest#isEqual} without an early exit, so neither a key nor its length leaks through timing.
 * Framework-free: {@link #check} says what to answer (status, challenge, problem+json body) in plain values, so
 * each service's request filter only copies them into its framework's response.
 */
public final class OperatorKeys {

    /** The configuration property holding the keys (env COUNTERSIGHT_API_KEYS). */
    public static final String CONFIG_PROPERTY = "countersight.api.keys";

    /**
     * The answer to a refused request.
     *
     * @param status          the HTTP status (401)
     * @param contentType     {@code application/problem+json}
     * @param wwwAuthenticate the value of the {@code WWW-Authenticate} header
     * @param problem         the problem+json body (type, title, status, detail)
     */
    public record Refusal(int status, String contentType, String wwwAuthenticate, Map<String, Object> problem) {
        static Refusal of(String detail) {
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", "API key required");
            problem.put("status", 401);
            problem.put("detail", detail);
            return new Refusal(401, "application/problem+json", "Bearer realm=\"countersight\"", Map.copyOf(problem));
        }
    }

    private final Supplier<String> source;
    private volatile List<byte[]> digests;

    /** @param keys comma-separated keys; blank entries ignored */
    public OperatorKeys(String keys) {
        this(() -> keys);
    }

    /**
     * @param keys read on the first check, not now: a request filter is built before the configuration is complete
     */
    public OperatorKeys(Supplier<String> keys) {
        this.source = keys;
    }

    public boolean configured() {
        return !digests().isEmpty();
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null
     * @return empty when the request may pass, else the 401 problem to answer with
     */
    public Optional<Refusal> check(String authorization) {
        return Optional.ofNullable(refusal(authorization)).map(Refusal::of);
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
        for (byte[] key : digests()) {
            ok |= MessageDigest.isEqual(d, key);
        }
        return ok ? null : "the API key is not valid; use one of the keys in COUNTERSIGHT_API_KEYS";
    }

    private List<byte[]> digests() {
        List<byte[]> d = digests;
        if (d == null) {
            String keys = source.get();
            d = keys == null ? List.of() : Arrays.stream(keys.split(","))
                    .map(String::strip)
                    .filter(k -> !k.isEmpty())
                    .map(OperatorKeys::digest)
                    .toList();
            digests = d;
        }
        return d;
    }

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
