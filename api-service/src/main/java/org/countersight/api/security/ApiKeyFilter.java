package org.countersight.api.security;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.rest.Problem;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Checks the bearer key of mutating endpoints. Keys are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither the content nor the length of a key leaks through timing.
 */
@Provider
@ApiKeyRequired
@Priority(Priorities.AUTHENTICATION)
public class ApiKeyFilter implements ContainerRequestFilter {

    private final List<byte[]> keyDigests;

    public ApiKeyFilter(CountersightConfig config) {
        this.keyDigests = config.api().keys().orElse(List.of()).stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .map(ApiKeyFilter::digest)
                .toList();
    }

    @Override
    public void filter(ContainerRequestContext request) {
        if (keyDigests.isEmpty()) {
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
        byte[] presented = digest(header.substring(7).strip());
        boolean ok = false;
        for (byte[] key : keyDigests) {
            ok |= MessageDigest.isEqual(presented, key); // no early exit: time does not depend on which key matched
        }
        if (!ok) {
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

    private static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
