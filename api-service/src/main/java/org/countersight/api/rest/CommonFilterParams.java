package org.countersight.api.rest;

import jakarta.ws.rs.QueryParam;
import org.countersight.api.index.ArticleQuery;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * The filters every article and vendor endpoint takes, declared (and documented) once: publication range, event
 * countries and categories. {@link ArticleFilterParams} and {@link VendorFilterParams} add their own. Raw strings on
 * purpose: {@link Params} turns them into 400s that say what to send.
 */
public class CommonFilterParams {

    @QueryParam("country")
    @Parameter(description = "ISO 3166-1 alpha-2 code of the event country (where the technology is deployed); repeat or comma-separate for any of several", example = "KH")
    List<String> country;

    @QueryParam("category")
    @Parameter(description = "taxonomy category of the event, e.g. cctv, spyware, internet_shutdown; repeat or comma-separate for any of several", example = "drones")
    List<String> category;

    @QueryParam("from")
    @Parameter(description = "published at or after: ISO date or instant", example = "2026-01-01")
    String from;

    @QueryParam("to")
    @Parameter(description = "published at or before: ISO date (whole day) or instant", example = "2026-12-31")
    String to;

    /** Articles published in the range with an event in the countries and categories; throws {@link ApiException} (400). */
    ArticleQuery toQuery() {
        return query(null, null, null, null, null, null);
    }

    /** The article query of these filters and a subclass's own. */
    final ArticleQuery query(String q, List<String> entity, List<String> vendor, List<String> source, List<String> lang,
                             String surveillance) {
        return Params.articleQuery(q, country, category, entity, vendor, source, lang, from, to, surveillance);
    }
}
