package org.countersight.api.limits;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.countersight.api.problem.Problem;
import org.countersight.api.security.ApiKeys;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;

/** Answers 429 (problem+json, Retry-After) when the caller of a {@link RateLimited} endpoint has no token left. */
public class RateLimitFilter {

    private final ClientLimits limits;
    private final ApiKeys keys;

    public RateLimitFilter(ClientLimits limits, ApiKeys keys) {
        this.limits = limits;
        this.keys = keys;
    }

    @ServerRequestFilter
    public Response limit(ResourceInfo resource, HttpHeaders headers, HttpServerRequest http) {
        Method method = resource.getResourceMethod();
        RateLimited limited = method == null ? null : method.getAnnotation(RateLimited.class);
        if (limited == null) {
            return null;
        }
        String keyId = keys.idOf(headers.getHeaderString(HttpHeaders.AUTHORIZATION));
        String address = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        Problem refused = limits.take(limited.value(), ClientLimits.client(keyId, address));
        return refused == null ? null : refused.toResponse();
    }
}
