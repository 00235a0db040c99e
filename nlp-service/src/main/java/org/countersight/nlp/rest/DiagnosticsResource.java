package org.countersight.nlp.rest;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.config.NlpConfig;
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.security.OperatorKeyRequired;
import org.countersight.nlp.service.DiagnosticsTagging;
import org.countersight.nlp.service.TaggingService;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * nlp-service's own diagnostics (not a public API): tag a posted text and see exactly what the pipeline makes
 * of it, without Kafka. Nothing is written to any topic. Tagging needs the API key and runs on its own bounded
 * executor ({@link DiagnosticsTagging}), never on the pipeline's workers: when it is full the answer is 429.
 */
@Path("/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

    public record TagRequest(String title, String text, String language) {
    }

    private final TaggingService service;
    private final DiagnosticsTagging diagnostics;
    private final NlpConfig config;

    public DiagnosticsResource(TaggingService service, DiagnosticsTagging diagnostics, NlpConfig config) {
        this.service = service;
        this.diagnostics = diagnostics;
        this.config = config;
    }

    @POST
    @Path("/tag")
    @OperatorKeyRequired
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response tag(String body, @jakarta.ws.rs.HeaderParam("Content-Type") String contentType) throws Exception {
        if (!service.ready()) {
            return problem(503, "Not ready", "the NLP models are still loading; retry when /q/health/ready is UP");
        }
        int maxChars = config.nlp().maxChars();
        // the whole body first: a JSON body carries a little more than its text
        if (body != null && body.length() > maxChars + 10_000) {
            return tooLarge(maxChars);
        }
        TagRequest req;
        if (contentType != null && contentType.startsWith(MediaType.APPLICATION_JSON)) {
            try {
                req = org.countersight.events.Json.MAPPER.readValue(body, TagRequest.class);
            } catch (Exception e) {
                return problem(400, "Bad request", "body is not JSON {title, text, language}: " + e.getMessage());
            }
        } else {
            req = new TagRequest(null, body, "en");
        }
        if (req == null || req.text() == null || req.text().isBlank()) {
            return problem(400, "Bad request", "'text' is required");
        }
        if (req.text().length() > maxChars) {
            return tooLarge(maxChars);
        }
        Instant now = Instant.now();
        CompletableFuture<TaggedArticle> tagged = diagnostics.tryTag(new RawArticle(RawArticle.SCHEMA_VERSION,
                "diagnostics", null, "diagnostics", null, null, null, req.title(), null, req.text(), req.language(), now,
                false, now));
        if (tagged == null) {
            return Response.status(429).type("application/problem+json").header("Retry-After", "5")
                    .entity(Map.of("type", "about:blank", "title", "Too many diagnostics requests", "status", 429,
                            "detail", "all " + diagnostics.capacity() + " diagnostics places are taken "
                                    + "(countersight.nlp.diagnostics.threads + queued); retry in a few seconds"))
                    .build();
        }
        try {
            TaggedArticle t = tagged.get(config.nlp().articleTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            return Response.ok(org.countersight.events.Json.write(t)).build();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                return problem(503, "Tagging took too long", "tagging stopped after " + config.nlp().articleTimeout()
                        + " (countersight.nlp.article-timeout); try a shorter text");
            }
            throw e;
        } catch (TimeoutException e) {
            return problem(503, "Tagging took too long", "no result within " + config.nlp().articleTimeout().multipliedBy(2));
        }
    }

    @GET
    @Path("/pipeline")
    public Map<String, Object> pipeline() {
        return Map.of("ready", service.ready(), "annotators", CoreNlp.ANNOTATORS, "corenlp", CoreNlp.VERSION,
                "properties", CoreNlp.properties().toString());
    }

    private static Response tooLarge(int maxChars) {
        return problem(413, "Too large", "text over " + maxChars + " characters (countersight.nlp.max-chars); "
                + "send at most that much");
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }
}
