package org.countersight.api.rest;

import org.countersight.api.problem.Problem;
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
import org.countersight.api.config.AddressPolicies;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.security.ApiKeyRequired;
import org.countersight.api.sources.Opml;
import org.countersight.api.sources.SourceRegistry;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.UrlSafety;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

@Path("/api/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sources", description = "The feeds Countersight polls")
public class SourcesResource {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{1,64}");
    private static final int MAX_BODY = 16 * 1024;
    static final String OPML_EXAMPLE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <opml version="2.0"><head><title>My feeds</title></head><body>
              <outline text="Asia"><outline type="rss" text="Example Wire Asia" xmlUrl="https://news.example.org/asia/rss.xml" language="en"/></outline>
            </body></opml>""";
    static final String OPML_RESULT_EXAMPLE = """
            {"created": 1, "present": 0, "rejected": 0, "outlines": [{"title": "Example Wire Asia", "folder": "Asia", "xmlUrl": "https://news.example.org/asia/rss.xml", "result": "created", "sourceId": "4f2a9c1b7e3d5a60"}]}""";

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
    @APIResponse(responseCode = "200", description = "the source with its health", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "source", value = ApiExamples.SOURCE)))
    @Operation(summary = "One source with its health: last fetch, status, error, items seen")
    public SourceView get(@PathParam("id") String id) {
        return registry.get(checkId(id)).map(SourceView::of).orElseThrow(() -> notFound(id));
    }

    @POST
    @ApiKeyRequired
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "apiKey")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "source", value = ApiExamples.SOURCE_REQUEST)))
    @APIResponse(responseCode = "201", description = "the registered source", content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "created", value = ApiExamples.SOURCE)))
    @Operation(summary = "Register a feed (RSS, Atom or RDF)",
            description = "Body {url, name?, country?, language?, pollIntervalMinutes?}. 201 with the source; 409 when the URL "
                    + "is already registered; 400 when the URL is not http(s) or points into a private network.")
    public Response create(String body) {
        Registered r = register(parse(body));
        if (!r.created()) {
            Source s = r.source();
            throw new ApiException(new Problem(Problem.type("duplicate-source"), "Source already registered", 409,
                    "this feed is already registered as source " + s.id() + " ('" + s.name() + "'); see /api/v1/sources/" + s.id())
                    .with("existing", s));
        }
        return Response.created(UriBuilder.fromPath("/api/v1/sources/{id}").build(r.source().id()))
                .entity(SourceView.of(new SourceRegistry.View(r.source(), null)))
                .build();
    }

    /** The source now registered for the request's URL, and whether this call created it. */
    private record Registered(Source source, boolean created) {
    }

    /** Validates and stores one source; an invalid request is an {@link ApiException} saying why. */
    private Registered register(SourceRequest req) {
        if (req.url() == null || req.url().isBlank()) {
            throw ApiException.badRequest("url is required: the address of an RSS, Atom or RDF feed");
        }
        URI uri;
        try {
            uri = UrlSafety.check(req.url().strip(), AddressPolicies.of(config), UrlSafety.SYSTEM_RESOLVER);
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
        Optional<Source> existing = StateWrites.acknowledgedResult("source " + id, () -> registry.createIfAbsent(source));
        return existing.map(s -> new Registered(s, false)).orElseGet(() -> new Registered(source, true));
    }

    /** What happened to one outline of an imported OPML file. */
    public record OutlineResult(String title, String folder, String xmlUrl, String result, String sourceId, String reason) {
    }

    public record OpmlImport(int created, int present, int rejected, List<OutlineResult> outlines) {
    }

    @POST
    @Path("/opml")
    @ApiKeyRequired
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Import an OPML subscription list",
            description = "Body: an OPML file (as exported by feed readers; nested folders are walked; at most 1 MB and "
                    + Opml.MAX_OUTLINES + " outlines; documents with a DTD are refused). Answers per outline: created, present "
                    + "(the URL is already registered) or rejected with the reason. The outline title becomes the source name, "
                    + "its language attribute the language hint.")
    @RequestBody(content = @Content(mediaType = "text/x-opml", examples = @ExampleObject(name = "opml", value = OPML_EXAMPLE)))
    @APIResponse(responseCode = "200", description = "the outcome per outline",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "result", value = OPML_RESULT_EXAMPLE)))
    public OpmlImport importOpml(InputStream body) throws IOException {
        byte[] document = body == null ? new byte[0] : body.readNBytes(Opml.MAX_BYTES + 1);
        if (document.length > Opml.MAX_BYTES) {
            throw new ApiException(new Problem(Problem.type("too-large"), "Document too large", 413,
                    "the OPML document is larger than " + Opml.MAX_BYTES + " bytes; split it"));
        }
        if (document.length == 0) {
            throw ApiException.badRequest("send an OPML document as the body (Content-Type text/x-opml)");
        }
        List<Opml.Outline> outlines;
        try {
            outlines = Opml.read(document);
        } catch (Opml.OpmlException e) {
            throw new ApiException(new Problem(Problem.type("bad-opml"), "Not a usable OPML document", 400, e.getMessage()));
        }
        List<OutlineResult> results = new ArrayList<>(outlines.size());
        int created = 0;
        int present = 0;
        int rejected = 0;
        for (Opml.Outline o : outlines) {
            String title = o.title() == null ? null : Params.cut(o.title());
            if (o.problem() != null) {
                results.add(new OutlineResult(title, o.folder(), null, "rejected", null, o.problem()));
                rejected++;
                continue;
            }
            try {
                Integer interval = null;
                if (o.pollIntervalMinutes() != null) {
                    try {
                        interval = Integer.valueOf(o.pollIntervalMinutes().strip());
                    } catch (NumberFormatException e) {
                        throw ApiException.badParameter("pollIntervalMinutes", "pollIntervalMinutes is not a whole number");
                    }
                }
                String language = o.language() == null ? null : o.language().strip();
                if (language != null && language.length() > 2 && language.charAt(2) == '-') {
                    language = language.substring(0, 2); // en-us -> en
                }
                if (language != null && !language.toLowerCase(java.util.Locale.ROOT).matches("[a-z]{2,3}")) {
                    language = null; // a feed reader's free-text language is a hint, not a reason to refuse the feed
                }
                Registered r = register(new SourceRequest(o.xmlUrl(), o.title(), o.country(), language, interval));
                results.add(new OutlineResult(title, o.folder(), r.source().url(), r.created() ? "created" : "present",
                        r.source().id(), r.created() ? null : "already registered as '" + r.source().name() + "'"));
                if (r.created()) {
                    created++;
                } else {
                    present++;
                }
            } catch (ApiException e) {
                results.add(new OutlineResult(title, o.folder(), Params.cut(o.xmlUrl()), "rejected", null, e.problem().detail));
                rejected++;
            }
        }
        return new OpmlImport(created, present, rejected, results);
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
        StateWrites.acknowledged("the deletion of source " + id, () -> registry.delete(id));
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
