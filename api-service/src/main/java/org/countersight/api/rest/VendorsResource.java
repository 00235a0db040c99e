package org.countersight.api.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.countersight.api.vendors.VendorFlowService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Locale;
import java.util.regex.Pattern;

@Path("/api/v1/vendors")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "vendors", description = "Surveillance vendors of the shared registry and where their technology went")
public class VendorsResource {

    private static final Pattern ID = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*");

    private final VendorFlowService service;

    public VendorsResource(VendorFlowService service) {
        this.service = service;
    }

    @GET
    @Operation(summary = "Vendors with their event counts",
            description = "Vendors of the registry named in matching events, with home country, kinds, the number of "
                    + "articles, the event countries reached and first/last seen. Sorted by events (default), "
                    + "countries or name; paged with offset and limit.")
    @APIResponse(responseCode = "200", description = "one page of vendors", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "vendors", value = VendorExamples.VENDORS)))
    @APIResponse(responseCode = "400", description = "a parameter is invalid", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "bad parameter", value = ApiExamples.PROBLEM)))
    public VendorFlowService.VendorList list(
            @QueryParam("sort") @Parameter(description = "events (default), countries or name") String sort,
            @QueryParam("offset") @Parameter(description = "vendors to skip, default 0") String offset,
            @QueryParam("limit") @Parameter(description = "page size, 1 to 500, default 50") String limit,
            @QueryParam("all") @Parameter(description = "true: also vendors without matching events") String all,
            @BeanParam VendorFilterParams filters) {
        VendorFlowService.VendorSort s = VendorFlowService.VendorSort.valueOf(
                Params.oneOf("sort", sort, "events", "events", "countries", "name").toUpperCase(Locale.ROOT));
        return service.vendors(filters.toQuery(), filters.toEventFilter(service.registry()), s,
                Params.intInRange("offset", offset, 0, 0, 100_000), Params.limit(limit),
                Boolean.TRUE.equals(Params.bool("all", all)));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One vendor's deployments, timeline and evidence",
            description = "Registry entry, deployments by event country and category, first/last seen, articles per "
                    + "month (UTC, gaps filled with zeros) and the latest evidence sentences. Same filters as the list.")
    @APIResponse(responseCode = "200", description = "the vendor page", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "vendor", value = VendorExamples.VENDOR)))
    @APIResponse(responseCode = "404", description = "no such vendor id", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "not found", value = VendorExamples.VENDOR_NOT_FOUND)))
    public VendorFlowService.VendorPage get(
            @PathParam("id") String id,
            @QueryParam("evidence") @Parameter(description = "evidence articles to show, 0 to 200, default 20") String evidence,
            @BeanParam VendorFilterParams filters) {
        String key = id.strip().toLowerCase(Locale.ROOT);
        int n = Params.intInRange("evidence", evidence, 20, 0, 200);
        if (!ID.matcher(key).matches() || key.length() > 100) {
            throw ApiException.badParameter("id", "a vendor id is a slug of lower-case letters, digits and hyphens, such as huawei");
        }
        return service.vendor(key, filters.toQuery(), filters.toEventFilter(service.registry()), n)
                .orElseThrow(() -> ApiException.notFound("Vendor not found", "no vendor with id '" + key
                        + "' in registry " + service.registry().version() + "; GET /api/v1/vendors?all=true lists the ids"));
    }
}
