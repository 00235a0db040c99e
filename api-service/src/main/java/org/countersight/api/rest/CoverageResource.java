package org.countersight.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import org.countersight.api.coverage.CountryCoverage;
import org.countersight.api.coverage.CoverageReport;
import org.countersight.api.coverage.CoverageService;
import org.countersight.api.coverage.SignalClaims;
import org.countersight.api.coverage.SilenceMonitor;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Path("/api/v1/coverage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "coverage", description = "How well each country is covered now, and whether its news went silent")
public class CoverageResource {

    private static final Map<String, Comparator<CountryCoverage>> SORTS = Map.of(
            "country", Comparator.comparing(CountryCoverage::country),
            "name", Comparator.comparing((CountryCoverage c) -> c.name().toLowerCase(Locale.ROOT)),
            "sources", Comparator.comparingInt((CountryCoverage c) -> c.sources().registered()),
            "failing", Comparator.comparingInt((CountryCoverage c) -> c.sources().failing() + c.sources().paused()),
            "articles", Comparator.comparingInt((CountryCoverage c) -> c.articles().last24Hours()),
            "ratio", Comparator.comparingDouble(CoverageResource::ratio),
            "lastArticle", Comparator.comparing((CountryCoverage c) -> c.lastArticleAt() == null ? Instant.EPOCH : c.lastArticleAt()),
            "silent", Comparator.comparingInt(CountryCoverage::silentHosts));

    private final CoverageService coverage;
    private final SilenceMonitor monitor;
    private final CoverageAnswers answers;

    public CoverageResource(CoverageService coverage, SilenceMonitor monitor, CoverageAnswers answers) {
        this.coverage = coverage;
        this.monitor = monitor;
        this.answers = answers;
    }

    /** The monitor's own view: is the trouble perhaps ours? */
    public record Monitor(String connectivity, String warning, int hosts, int hostsFailingAtNetworkLevel) {
    }

    /** @param volumesAt when the article counts were read from the index (every countersight.coverage.refresh) */
    public record CoverageList(Instant generatedAt, Instant volumesAt, Monitor monitor, int sources, int unassignedSources,
                               List<CountryCoverage> countries) {
    }

    @GET
    @Operation(summary = "Coverage of every country with sources",
            description = "Per country: sources registered, active, failing (by reason class: network, http, parse, other), "
                    + "paused, pending; articles in the last hour and 24 hours against the baseline for that hour of the week "
                    + "(median of the last weeks); the last article; the silence signal's state. sort: country (default), name, "
                    + "sources, failing, articles, ratio (24 h against baseline), lastArticle, silent; prefix '-' for descending. The answer is built at most once a second (generatedAt: the "
                    + "statuses it shows are at most 1 s old) and carries a weak ETag for If-None-Match.")
    @APIResponse(responseCode = "200", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CoverageList.class)))
    @APIResponse(responseCode = "304", description = "If-None-Match named the current ETag")
    public Response list(@QueryParam("sort") @Parameter(description = "e.g. -failing") String sort, @Context Request request) {
        CoverageAnswers.Answer answer = answers.list(sort, sort(sort));
        EntityTag tag = EntityTag.valueOf(answer.etag());
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.build();
        }
        return Response.ok(answer.json(), MediaType.APPLICATION_JSON_TYPE).tag(tag).build();
    }

    @GET
    @Path("/{cc}")
    @Operation(summary = "Coverage of one country, with each of its sources",
            description = "400 problem+json when cc is not an ISO 3166-1 alpha-2 code; a country without sources answers "
                    + "with zero counts (it is simply not covered).")
    public CountryCoverage get(@PathParam("cc") String cc) {
        String code = Params.country("cc", cc);
        if (code == null) {
            throw ApiException.badParameter("cc", "a country code is required (ISO 3166-1 alpha-2, e.g. KE)");
        }
        SignalClaims.Episode episode = monitor.episodes().get(code);
        return CoverageReport.row(code, coverage.snapshot(Instant.now()).country(code), monitor.assessment(), episode, true);
    }

    private static double ratio(CountryCoverage c) {
        Double base = c.articles().baseline24Hours();
        return base == null || base <= 0 ? Double.MAX_VALUE : c.articles().last24Hours() / base;
    }

    static Comparator<CountryCoverage> sort(String sort) {
        if (sort == null || sort.isBlank()) {
            return SORTS.get("country");
        }
        String s = sort.strip();
        boolean descending = s.startsWith("-");
        Comparator<CountryCoverage> c = SORTS.get(descending ? s.substring(1) : s);
        if (c == null) {
            throw ApiException.badParameter("sort", "sort must be one of " + String.join(", ", new java.util.TreeSet<>(SORTS.keySet()))
                    + " (prefix '-' for descending, e.g. -failing), got '" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'");
        }
        return descending ? c.reversed() : c;
    }
}
