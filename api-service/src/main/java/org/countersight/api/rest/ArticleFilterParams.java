package org.countersight.api.rest;

import jakarta.ws.rs.QueryParam;
import org.countersight.api.index.ArticleQuery;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * The article filters shared by search, export and timeline, so the three endpoints accept (and document)
 * exactly the same parameters. Raw strings on purpose: {@link Params} turns them into 400s that say what to send.
 */
public class ArticleFilterParams {

    @QueryParam("q")
    @Parameter(description = "full-text query, at most 500 characters: words, \"phrases\", prefix*, -exclusion, a | b", example = "facial recognition")
    String q;

    @QueryParam("country")
    @Parameter(description = "ISO 3166-1 alpha-2 code of the event country; repeat or comma-separate for any of several", example = "KH")
    List<String> country;

    @QueryParam("category")
    @Parameter(description = "taxonomy category, e.g. cctv, spyware, internet_shutdown; repeat or comma-separate for any of several", example = "drones")
    List<String> category;

    @QueryParam("entity")
    @Parameter(description = "named entity (person, organisation, place), case-insensitive")
    List<String> entity;

    @QueryParam("vendor")
    @Parameter(description = "vendor name, case-insensitive", example = "Huawei")
    List<String> vendor;

    @QueryParam("source")
    @Parameter(description = "source id or source name")
    List<String> source;

    @QueryParam("lang")
    @Parameter(description = "ISO 639-1 language code", example = "en")
    List<String> lang;

    @QueryParam("from")
    @Parameter(description = "published at or after: ISO date or instant", example = "2026-01-01")
    String from;

    @QueryParam("to")
    @Parameter(description = "published at or before: ISO date (whole day) or instant", example = "2026-12-31")
    String to;

    @QueryParam("surveillance")
    @Parameter(description = "true: only surveillance events; false: only the rest")
    String surveillance;

    /** The validated query; throws {@link ApiException} (400) naming the first bad parameter. */
    ArticleQuery toQuery() {
        return Params.articleQuery(q, country, category, entity, vendor, source, lang, from, to, surveillance);
    }
}
