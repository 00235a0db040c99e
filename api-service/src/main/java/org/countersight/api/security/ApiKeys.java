package org.countersight.api.security;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.config.CountersightConfig;
import org.countersight.events.KeyDigests;
import org.countersight.events.OperatorKeys;

import java.util.HexFormat;
import java.util.List;

/**
 * The configured API keys, held and compared in constant time by the shared {@link KeyDigests}. A bean of its own so
 * the JAX-RS filter, which is built before configuration mappings are available, reads the keys only on first use.
 */
@ApplicationScoped
public class ApiKeys {

    private final KeyDigests keys;

    public ApiKeys(CountersightConfig config) {
        this.keys = new KeyDigests(config.api().keys().orElse(List.of()));
    }

    public boolean configured() {
        return !keys.isEmpty();
    }

    public boolean accepts(String presented) {
        return keys.accepts(presented);
    }

    /**
     * @param authorizationHeader the request's {@code Authorization} header, or null
     * @return null when the request may make changes, else what a person must do (the detail of the 401 problem);
     *         the same decision as the operator endpoints of ingest and nlp ({@link OperatorKeys#refusal})
     */
    public String refusal(String authorizationHeader) {
        return OperatorKeys.refusal(keys, authorizationHeader, "changes");
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
        return "key-" + HexFormat.of().formatHex(KeyDigests.sha256(key), 0, 6);
    }
}
