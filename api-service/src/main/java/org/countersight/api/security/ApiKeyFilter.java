package org.countersight.api.security;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.countersight.api.problem.Problem;

/** Lets a request to an {@link ApiKeyRequired} endpoint through only with {@code Authorization: Bearer <valid key>}. */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    @Inject
    ApiKeys keys;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!keys.configured()) {
            deny(request, "this service has no API keys configured, so changes are disabled; "
                    + "start it with COUNTERSIGHT_API_KEYS=<key>[,<key>…]");
            return;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            deny(request, "this endpoint needs an API key: send the header 'Authorization: Bearer <key>'");
            return;
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            deny(request, "the Authorization header must use the Bearer scheme: 'Authorization: Bearer <key>'");
            return;
        }
        if (!keys.accepts(header.substring(7).strip())) {
            deny(request, "the API key is not valid; use one of the keys in COUNTERSIGHT_API_KEYS");
        }
    }

    private static void deny(ContainerRequestContext request, String detail) {
        request.abortWith(Response.status(401)
                .type(Problem.MEDIA)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"countersight\"")
                .entity(new Problem(Problem.type("unauthorized"), "API key required", 401, detail))
                .build());
    }
}
