package org.countersight.api.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.countersight.api.index.ArticleQuery;
import org.countersight.api.index.ArticleSearch;
import org.countersight.api.index.Cursor;
import org.countersight.api.index.QueryOperators;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.limits.ClientLimits;
import org.countersight.api.limits.RateLimited;
import org.countersight.api.problem.Problem;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

@Path("/api/v1/articles")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "articles", description = "Search the timeline of tagged articles")
public class ArticlesResource {

    private static final Pattern ID = Pattern.compile("[0-9A-Za-z_-]{1,128}");

    private final ArticleSearch search;
    private final ClientLimits limits;
    private final int maxHighlighted;

    public ArticlesResource(ArticleSearch search, ClientLimits limits, CountersightConfig config) {
        this.search = search;
        this.limits = limits;
        this.maxHighlighted = Math.max(1, config.limits().maxHighlighted());
    }

    /** The query, once its q uses no query-parser operator beyond the configured limits (else a 400 naming the operator). */
    static ArticleQuery checked(ArticleQuery query, ArticleSearch search) {
        try {
            search.checkOperators(query);
        } catch (QueryOperators.Refused e) {
            throw new ApiException(new Problem(Problem.type("query-operator-refused"), "Query operator not allowed: " + e.operator(),
                    400, e.getMessage()).with("parameter", "q").with("operator", e.operator()));
        }
        return query;
    }

    public record SearchResponse(List<ArticleItem> items, String nextCursor, long total,
                                 Map<String, List<ArticleSearch.FacetCount>> facets) {
    }

    @GET
    @RateLimited(ClientLimits.Kind.SEARCH)
    @APIResponse(responseCode = "200", description = "a page of matching articles", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "search", value = ApiExamples.SEARCH)))
    @APIResponse(responseCode = "400", description = "a parameter is invalid", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "bad parameter", value = ApiExamples.PROBLEM)))
    @Operation(summary = "Search articles",
            description = "Full text (q, simple syntax: \"phrase\", -exclude, a|b, prefix*) AND filters; newest first by default. "
                    + "Pass nextCursor back as cursor for the next page; total counts the whole result; facets count by "
                    + "country, category, vendor, source, lang.")
    public SearchResponse search(
            @BeanParam ArticleFilterParams filters,
            @QueryParam("sort") @Parameter(description = "published (default, newest first) or relevance") String sort,
            @QueryParam("limit") @Parameter(description = "page size, 1 to 500 (default 50)") String limit,
            @QueryParam("cursor") @Parameter(description = "nextCursor of the previous page") String cursor,
            @QueryParam("facets") @Parameter(description = "false to skip facet counts (faster)") String facets) {
        ArticleQuery query = checked(filters.toQuery(), search);
        ArticleQuery.Sort order = Params.sort(sort);
        int size = Params.limit(limit);
        if (query.hasText() && size > maxHighlighted) {
            throw ApiException.badParameter("limit", "with q every hit gets a highlighted snippet, so limit is at most "
                    + maxHighlighted + " (got " + size + "); page with nextCursor, or use /api/v1/articles/export for everything");
        }
        Cursor after = null;
        if (cursor != null && !cursor.isEmpty()) {
            try {
                after = Cursor.decode(cursor, order);
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter("cursor", e.getMessage() + "; pass the nextCursor of a previous response unchanged");
            }
        }
        Boolean withFacets = Params.bool("facets", facets);
        ArticleSearch.Page page = search.search(query, order, size, after, withFacets == null || withFacets);
        return new SearchResponse(page.hits().stream().map(h -> ArticleItem.of(h.article(), h.snippet(), h.score())).toList(),
                page.nextCursor(), page.total(), page.facets());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One article", description = "The tagged article as stored: text, entities, countries, vendors and events with evidence sentences and offsets.")
    public Response get(@PathParam("id") String id) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.badParameter("id", "an article id is 32 hexadecimal characters");
        }
        byte[] json = search.json(id).orElseThrow(() -> ApiException.notFound("Article not found",
                "no article with id " + id + " is indexed; ids come from the items of GET /api/v1/articles"));
        return Response.ok(json, MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/export")
    @RateLimited(ClientLimits.Kind.EXPORT)
    @Produces({"text/csv", "application/x-ndjson", MediaType.APPLICATION_JSON})
    @APIResponse(responseCode = "200", description = "the whole result, streamed", content = @Content(mediaType = "text/csv", examples = @ExampleObject(name = "csv", value = ApiExamples.CSV)))
    @APIResponse(responseCode = "400", description = "a parameter is invalid", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "bad parameter", value = ApiExamples.PROBLEM)))
    @Operation(summary = "Export every matching article",
            description = "Streams the whole result, newest first, in bounded memory: format=csv (RFC 4180, one row per article, "
                    + "events flattened) or format=jsonl (one full tagged article per line). Same filters as search.")
    public Response export(
            @QueryParam("format") @Parameter(description = "csv or jsonl") String format,
            @BeanParam ArticleFilterParams filters) {
        ArticleQuery query = checked(filters.toQuery(), search);
        boolean ndjson = format != null && format.strip().equalsIgnoreCase("ndjson"); // accepted, not advertised
        Exporter exporter = switch (Params.oneOf("format", ndjson ? "jsonl" : format, "jsonl", "csv", "jsonl")) {
            case "csv" -> new Exporter.Csv();
            default -> new Exporter.JsonLines();
        };
        ClientLimits.Slot slot = limits.export(); // given back when the stream ends, however it ends
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            try (slot) {
                exporter.header(w);
                search.forEach(query, 500, a -> {
                    try {
                        exporter.row(w, a);
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                w.flush();
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        };
        return Response.ok(body, exporter.mediaType())
                .header("Content-Disposition", "attachment; filename=\"countersight-articles." + exporter.extension() + "\"")
                .build();
    }
}
