package org.countersight.api.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.countersight.api.vendors.FlowFormats;
import org.countersight.api.vendors.VendorFlowService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Locale;

@Path("/api/v1")
@Tag(name = "vendors")
public class FlowsResource {

    static final int MAX_EDGES = 10_000;

    private final VendorFlowService service;

    public FlowsResource(VendorFlowService service) {
        this.service = service;
    }

    @GET
    @Path("/flows")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", "application/gexf+xml"})
    @Operation(summary = "Who supplied what to whom",
            description = "Edges from the vendors' home country (by=country) or from the vendor (by=vendor) to the "
                    + "country of the event, per category, with the number of articles, first/last seen and sample "
                    + "evidence; ranked by count. format=json (default), csv (RFC 4180) or gexf (GEXF 1.3, opens in "
                    + "Gephi; the category is the edge kind, the count its weight).")
    @APIResponse(responseCode = "200", description = "the edges", content = {
            @Content(mediaType = "application/json", examples = @ExampleObject(name = "flows", value = VendorExamples.FLOWS)),
            @Content(mediaType = "text/csv", examples = @ExampleObject(name = "csv", value = VendorExamples.FLOWS_CSV)),
            @Content(mediaType = "application/gexf+xml", examples = @ExampleObject(name = "gexf", value = VendorExamples.FLOWS_GEXF))})
    @APIResponse(responseCode = "400", description = "a parameter is invalid", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "bad parameter", value = ApiExamples.PROBLEM)))
    public Response flows(
            @QueryParam("by") @Parameter(description = "country (default): home country → event country; vendor: vendor → event country") String by,
            @QueryParam("format") @Parameter(description = "json (default), csv or gexf") String format,
            @QueryParam("limit") @Parameter(description = "edges, 1 to 10000; default 100 for json, all (10000) for csv and gexf") String limit,
            @QueryParam("samples") @Parameter(description = "evidence sentences per edge, 0 to 5, default 1") String samples,
            @BeanParam VendorFilterParams filters) {
        String v = Params.oneOf("by", by, "country", "country", "vendor");
        VendorFlowService.By b = VendorFlowService.By.valueOf(v.toUpperCase(Locale.ROOT));
        String f = Params.oneOf("format", format, "json", "json", "csv", "gexf");
        int n = Params.intInRange("limit", limit, f.equals("json") ? 100 : MAX_EDGES, 1, MAX_EDGES);
        int k = Params.intInRange("samples", samples, 1, 0, 5);
        VendorFlowService.Flows flows = service.flows(filters.toQuery(), filters.toEventFilter(service.registry()), b, n, k);
        return switch (f) {
            case "csv" -> Response.ok(FlowFormats.csv(flows), "text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"countersight-flows-" + v + ".csv\"").build();
            case "gexf" -> Response.ok(FlowFormats.gexf(flows, service.registry(), Instant.now()), "application/gexf+xml; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"countersight-flows-" + v + ".gexf\"").build();
            default -> Response.ok(flows, MediaType.APPLICATION_JSON).build();
        };
    }

    @GET
    @Path("/map")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Articles with an event per country (the world map)",
            description = "For each event country, the number of matching articles with an event there that passes the "
                    + "filters (category, minConfidence, vendor, vendorCountry); most first. total counts each article once.")
    @APIResponse(responseCode = "200", description = "counts per country", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "map", value = VendorExamples.MAP)))
    @APIResponse(responseCode = "400", description = "a parameter is invalid", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "bad parameter", value = ApiExamples.PROBLEM)))
    public VendorFlowService.MapCounts map(@BeanParam VendorFilterParams filters) {
        return service.countries(filters.toQuery(), filters.toEventFilter(service.registry()));
    }
}
