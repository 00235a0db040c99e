package org.countersight.api.rest;

import jakarta.ws.rs.QueryParam;
import org.countersight.api.index.FlowScan;
import org.countersight.events.VendorRegistry;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * Filters of the map, vendor and flow endpoints: the {@link CommonFilterParams} and the event's confidence, vendor
 * id and vendors' home country. {@code from}/{@code to} select articles by publication; the others select events:
 * in these countries, of these categories, at least this confident, naming this vendor or a vendor based in these
 * countries. Raw strings, validated by {@link Params} into problem+json 400s.
 */
public class VendorFilterParams extends CommonFilterParams {

    @QueryParam("minConfidence")
    @Parameter(description = "only events at least this confident, 0 to 1", example = "0.6")
    String minConfidence;

    @QueryParam("vendor")
    @Parameter(description = "vendor id of the registry (GET /api/v1/vendors), e.g. huawei", example = "hikvision")
    String vendor;

    @QueryParam("vendorCountry")
    @Parameter(description = "ISO 3166-1 alpha-2 code of the vendors' home country; repeat or comma-separate for any of several", example = "CN")
    List<String> vendorCountry;

    /** The event part; an unknown vendor id is a 400 that says where the ids are. */
    FlowScan.EventFilter toEventFilter(VendorRegistry registry) {
        String vendorId = null;
        if (vendor != null && !vendor.isBlank()) {
            vendorId = vendor.strip().toLowerCase(java.util.Locale.ROOT);
            if (registry.byId(vendorId).isEmpty()) {
                throw ApiException.badParameter("vendor", "'" + Params.cut(vendor) + "' is not a vendor id of registry "
                        + registry.version() + "; GET /api/v1/vendors?all=true lists them (e.g. huawei, hikvision)");
            }
        }
        return new FlowScan.EventFilter(Params.countries(country), Params.categories(category),
                minConfidencePercent(minConfidence), vendorId, Params.countries("vendorCountry", vendorCountry));
    }

    static int minConfidencePercent(String raw) {
        Double v = Params.minConfidence(raw);
        return v == null ? 0 : (int) Math.ceil(v * 100 - 1e-9);
    }
}
