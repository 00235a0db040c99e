package org.countersight.api.security;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.problem.Problem;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * CORS that lets pages of other origins read the public API and nothing more: preflights are answered for GET and
 * HEAD only, and a request of any other method that a browser sent from a foreign origin is refused (which also
 * stops cross-site form posts). The service's own dashboard is same-origin and unaffected. Quarkus's own CORS filter
 * is not used: with every origin allowed it would refuse the dashboard's same-origin POSTs once methods are limited.
 */
@Provider
@PreMatching
public class CorsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    static final String ALLOWED_METHODS = "GET, HEAD";
    static final String ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, Last-Event-ID";
    private static final String CROSS_ORIGIN = "countersight.crossOrigin";

    /** Read on first use: JAX-RS filters are built before configuration mappings are available. */
    private final jakarta.enterprise.inject.Instance<CountersightConfig> config;
    private volatile List<String> origins;

    public CorsFilter(jakarta.enterprise.inject.Instance<CountersightConfig> config) {
        this.config = config;
    }

    private List<String> origins() {
        List<String> o = origins;
        if (o == null) {
            o = config.get().cors().origins().stream().map(String::strip).filter(v -> !v.isEmpty())
                    .map(v -> v.toLowerCase(Locale.ROOT)).toList();
            origins = o;
        }
        return o;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String origin = request.getHeaderString("Origin");
        if (origin == null || sameOrigin(origin, request.getUriInfo().getBaseUri())) {
            return;
        }
        String method = request.getMethod();
        String preflight = request.getHeaderString("Access-Control-Request-Method");
        if (method.equals("OPTIONS") && preflight != null) {
            boolean read = preflight.equals("GET") || preflight.equals("HEAD");
            if (!read || !allowed(origin)) {
                request.abortWith(refusal(origin, preflight));
                return;
            }
            request.abortWith(Response.noContent()
                    .header("Access-Control-Allow-Origin", allowOriginValue(origin))
                    .header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Max-Age", "86400")
                    .header("Vary", "Origin")
                    .build());
            return;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            request.abortWith(refusal(origin, method));
            return;
        }
        if (allowed(origin)) {
            request.setProperty(CROSS_ORIGIN, origin);
        }
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object origin = request.getProperty(CROSS_ORIGIN);
        if (origin != null) {
            response.getHeaders().putSingle("Access-Control-Allow-Origin", allowOriginValue(origin.toString()));
            response.getHeaders().add("Vary", "Origin");
        }
    }

    private boolean allowed(String origin) {
        return origins().contains("*") || origins().contains(origin.strip().toLowerCase(Locale.ROOT));
    }

    private String allowOriginValue(String origin) {
        return origins().contains("*") ? "*" : origin;
    }

    private static Response refusal(String origin, String method) {
        return new Problem(Problem.type("cross-origin-refused"), "Cross-origin request refused", 403,
                "pages of other origins (here " + cut(origin) + ") may only read this API with GET; " + cut(method)
                        + " is accepted from this service's own dashboard or from clients that are not browsers")
                .toResponse();
    }

    static boolean sameOrigin(String origin, URI base) {
        try {
            URI o = URI.create(origin.strip());
            if (o.getScheme() == null || o.getHost() == null) {
                return false;
            }
            return o.getScheme().equalsIgnoreCase(base.getScheme()) && o.getHost().equalsIgnoreCase(base.getHost())
                    && port(o) == port(base);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String cut(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 100 ? t.substring(0, 100) + "…" : t;
    }
}
