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

/**
 * Lets a request to an {@link OperatorKeyRequired} endpoint through only with {@code Authorization: Bearer <key>}
 * of {@code countersight.api.keys} (env COUNTERSIGHT_API_KEYS, the keys api-service takes); else the 401
 * application/problem+json that {@link OperatorKeys#check} decides. Read-only endpoints are not marked and stay open.
 */
@Provider
@OperatorKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class OperatorKeyFilter implements ContainerRequestFilter {

    private final OperatorKeys keys = OperatorKeys.fromConfig(name -> ConfigProvider.getConfig().getOptionalValue(name, String.class));

    @Override
    public void filter(ContainerRequestContext request) {
        keys.check(request.getHeaderString(HttpHeaders.AUTHORIZATION)).ifPresent(r -> request.abortWith(Response.status(r.status())
                .type(r.contentType()).header(HttpHeaders.WWW_AUTHENTICATE, r.wwwAuthenticate()).entity(r.problem()).build()));
    }
}
