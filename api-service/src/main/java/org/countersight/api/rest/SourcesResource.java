package org.countersight.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.security.ApiKeyRequired;
import org.countersight.api.sources.SourceRegistry;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.UrlSafety;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sources", description = "The feeds Countersight polls")
public class SourcesResource {

    private static final Logger LOG = Logger.getLogger(SourcesResource.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{1,64}");
    private static final int MAX_BODY = 16 * 1024;

    private final SourceRegistry registry;
    private final CountersightConfig config;

    public SourcesResource(SourceRegistry registry, CountersightConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** The body of POST /sources; everything but url is optional. */
    public record SourceRequest(String url, String name, String country, String language, Integer pollIntervalMinutes) {
    }

    /** A source with its health; {@code health} is PENDING until ingest-service has polled it once. */
    public record SourceView(String id, String url, String name, String country, String language,
                             Integer pollIntervalMinutes, Instant createdAt, String health, SourceStatus status) {
        static SourceView of(SourceRegistry.View v) {
            Source s = v.source();
            String health = v.status() == null || v.status().state() == null ? "PENDING" : v.status().state().name();
            return new SourceView(s.id(), s.url(), s.name(), s.country(), s.language(), s.pollIntervalMinutes(),
                    s.createdAt(), health, v.status());
        }
    }

    @GET
    @Operation(summary = "All registered sources with their health")
    public List<SourceView> list() {
        return registry.list().stream().map(SourceView::of).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One source with its health: last fetch, status, error, items seen")
    public SourceView get(@PathParam("id") String id) {
        return registry.get(checkId(id)).map(SourceView::of).orElseThrow(() -> notFound(id));
    }

    @POST
    @ApiKeyRequired
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Register a feed (RSS, Atom or RDF)",
            description = "Body {url, name?, country?, language?, pollIntervalMinutes?}. 201 with the source; 409 when the URL "
                    + "is already registered; 400 when the URL is not http(s) or points into a private network.")
    public Response create(String body) {
        SourceRequest req = parse(body);
        if (req.url() == null || req.url().isBlank()) {
            throw ApiException.badRequest("url is required: the address of an RSS, Atom or RDF feed");
        }
        URI uri;
        try {
            uri = UrlSafety.check(req.url().strip(), config.fetch().allowPrivateNetworks());
        } catch (UrlSafety.UnsafeUrlException e) {
            throw new ApiException(new Problem(Problem.type("unsafe-url"), "URL not accepted", 400, e.getMessage())
                    .with("parameter", "url"));
        }
        String url = uri.toString();
        String id;
        try {
            id = Source.idFor(url);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("url", e.getMessage());
        }
        String name = req.name() == null || req.name().isBlank() ? uri.getHost() : req.name().strip();
        if (name.length() > 200) {
            throw ApiException.badParameter("name", "name is longer than 200 characters");
        }
        Integer interval = req.pollIntervalMinutes();
        if (interval != null && (interval < 1 || interval > 1440)) {
            throw ApiException.badParameter("pollIntervalMinutes", "pollIntervalMinutes must be from 1 to 1440, got " + interval);
        }
        Source source = new Source(Source.SCHEMA_VERSION, id, url, name,
                Params.country("country", req.country()), Params.language("language", req.language()), interval,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Optional<Source> existing;
        try {
            existing = registry.createIfAbsent(source);
        } catch (Exception e) {
            LOG.errorf(e, "writing source %s failed", id);
            throw ApiException.unavailable("the source could not be stored because Kafka did not acknowledge the write ("
                    + e.getMessage() + "); try again shortly");
        }
        if (existing.isPresent()) {
            Source s = existing.get();
            throw new ApiException(new Problem(Problem.type("duplicate-source"), "Source already registered", 409,
                    "this feed is already registered as source " + s.id() + " ('" + s.name() + "'); see /api/v1/sources/" + s.id())
                    .with("existing", s));
        }
        return Response.created(UriBuilder.fromPath("/api/v1/sources/{id}").build(id))
                .entity(SourceView.of(new SourceRegistry.View(source, null)))
                .build();
    }

    @DELETE
    @Path("/{id}")
    @ApiKeyRequired
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Stop polling a source", description = "Writes a tombstone to the sources topic. Articles already found stay.")
    public Response delete(@PathParam("id") String id) {
        checkId(id);
        if (registry.get(id).isEmpty()) {
            throw notFound(id);
        }
        try {
            registry.delete(id);
        } catch (Exception e) {
            LOG.errorf(e, "deleting source %s failed", id);
            throw ApiException.unavailable("the deletion could not be stored because Kafka did not acknowledge it ("
                    + e.getMessage() + "); try again shortly");
        }
        return Response.noContent().build();
    }

    private static SourceRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("send a JSON body such as {\"url\": \"https://example.org/feed.xml\"}");
        }
        if (body.length() > MAX_BODY) {
            throw ApiException.badRequest("the body is larger than " + MAX_BODY + " characters");
        }
        try {
            SourceRequest r = Json.MAPPER.readValue(body, SourceRequest.class);
            if (r == null) {
                throw ApiException.badRequest("send a JSON object such as {\"url\": \"https://example.org/feed.xml\"}");
            }
            return r;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not a valid source: " + e.getOriginalMessage()
                    + "; expected {\"url\": \"…\", \"name\": \"…\", \"country\": \"KH\", \"language\": \"en\", \"pollIntervalMinutes\": 15}");
        }
    }

    private static String checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.badParameter("id", "a source id is 16 lowercase hexadecimal characters");
        }
        return id;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Source not found", "no source with id " + id + "; GET /api/v1/sources lists them");
    }
}
