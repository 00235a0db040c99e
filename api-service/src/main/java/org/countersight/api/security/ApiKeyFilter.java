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
        String refusal = keys.refusal(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (refusal != null) {
            deny(request, refusal);
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
