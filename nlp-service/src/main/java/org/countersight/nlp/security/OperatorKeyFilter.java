package org.countersight.nlp.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.countersight.events.OperatorKeys;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;

/**
 * Lets a request to an {@link OperatorKeyRequired} endpoint through only with {@code Authorization: Bearer <key>}
 * of {@code countersight.api.keys} (env COUNTERSIGHT_API_KEYS, the keys api-service takes); else 401
 * application/problem+json. Read-only endpoints (health, metrics, listings) are not marked and stay open.
 */
@Provider
@OperatorKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class OperatorKeyFilter implements ContainerRequestFilter {

    private volatile OperatorKeys keys;

    @Override
    public void filter(ContainerRequestContext request) {
        String refusal = keys().refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (refusal != null) {
            request.abortWith(Response.status(401)
                    .type("application/problem+json")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"countersight\"")
                    .entity(Map.of("type", "about:blank", "title", "API key required", "status", 401, "detail", refusal))
                    .build());
        }
    }

    /** Read on first use: the filter is built before the configuration is complete. */
    private OperatorKeys keys() {
        OperatorKeys k = keys;
        if (k == null) {
            k = new OperatorKeys(ConfigProvider.getConfig().getOptionalValue("countersight.api.keys", String.class).orElse(""));
            keys = k;
        }
        return k;
    }
}
