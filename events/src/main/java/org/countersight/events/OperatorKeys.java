package org.countersight.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The API keys that guard the operator endpoints of ingest-service and nlp-service (the same
 * {@code COUNTERSIGHT_API_KEYS} api-service uses), compared in constant time by {@link KeyDigests}.
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
    private volatile KeyDigests keys;

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

    /**
     * The keys of {@link #CONFIG_PROPERTY}, looked up on the first check.
     *
     * @param config the service's configuration: property name to value, e.g. MicroProfile Config's getOptionalValue
     */
    public static OperatorKeys fromConfig(Function<String, Optional<String>> config) {
        return new OperatorKeys(() -> config.apply(CONFIG_PROPERTY).orElse(""));
    }

    public boolean configured() {
        return !keys().isEmpty();
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
        return refusal(keys(), authorization, "operator actions");
    }

    /**
     * The decision of every key-guarded endpoint (api-service's too), in plain values.
     *
     * @param keys          the accepted keys
     * @param authorization the request's {@code Authorization} header, or null
     * @param guarded       what the service refuses while it has no keys, e.g. "operator actions" or "changes"
     * @return null when the request may pass, else what a person must do (the detail of a 401 problem)
     */
    public static String refusal(KeyDigests keys, String authorization, String guarded) {
        if (keys.isEmpty()) {
            return "this service has no API keys configured, so " + guarded + " are disabled; "
                    + "start it with COUNTERSIGHT_API_KEYS=<key>[,<key>…]";
        }
        if (authorization == null || authorization.isBlank()) {
            return "this endpoint needs an API key: send the header 'Authorization: Bearer <key>'";
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>'";
        }
        return keys.accepts(authorization.substring(7).strip()) ? null
                : "the API key is not valid; use one of the keys in COUNTERSIGHT_API_KEYS";
    }

    private KeyDigests keys() {
        KeyDigests k = keys;
        if (k == null) {
            k = KeyDigests.parse(source.get());
            keys = k;
        }
        return k;
    }
}
