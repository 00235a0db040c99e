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
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.service.TaggingService;

import java.time.Instant;
import java.util.Map;

/**
 * nlp-service's own diagnostics (not a public API): tag a posted text and see exactly what the pipeline makes
 * of it, without Kafka. Nothing is written to any topic.
 */
@Path("/diagnostics")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

    private static final int MAX_BODY_CHARS = 1_000_000;

    public record TagRequest(String title, String text, String language) {
    }

    private final TaggingService service;

    public DiagnosticsResource(TaggingService service) {
        this.service = service;
    }

    @POST
    @Path("/tag")
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response tag(String body, @jakarta.ws.rs.HeaderParam("Content-Type") String contentType) throws Exception {
        if (!service.ready()) {
            return problem(503, "Not ready", "the NLP models are still loading; retry when /q/health/ready is UP");
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
        if (req.text().length() > MAX_BODY_CHARS) {
            return problem(413, "Too large", "text over " + MAX_BODY_CHARS + " characters");
        }
        Instant now = Instant.now();
        TaggedArticle t = service.tagNow(new RawArticle(RawArticle.SCHEMA_VERSION, "diagnostics", null, "diagnostics",
                null, null, null, req.title(), null, req.text(), req.language(), now, false, now));
        return Response.ok(org.countersight.events.Json.write(t)).build();
    }

    @GET
    @Path("/pipeline")
    public Map<String, Object> pipeline() {
        return Map.of("ready", service.ready(), "annotators", CoreNlp.ANNOTATORS, "corenlp", CoreNlp.VERSION,
                "properties", CoreNlp.properties().toString());
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }
}
