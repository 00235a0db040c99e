package org.countersight.api.rest;

import jakarta.ws.rs.QueryParam;
import org.countersight.api.index.ArticleQuery;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.util.List;

/**
 * The article filters shared by search, export and timeline, so the three endpoints accept (and document)
 * exactly the same parameters: the {@link CommonFilterParams} and text, entity, vendor name, source, language and
 * surveillance. Raw strings on purpose: {@link Params} turns them into 400s that say what to send.
 */
public class ArticleFilterParams extends CommonFilterParams {

    @QueryParam("q")
    @Parameter(description = "full-text query, at most 500 characters: words, \"phrases\", prefix*, -exclusion, a | b", example = "facial recognition")
    String q;

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

    @QueryParam("surveillance")
    @Parameter(description = "true: only surveillance events; false: only the rest")
    String surveillance;

    /** The validated query; throws {@link ApiException} (400) naming the first bad parameter. */
    @Override
    ArticleQuery toQuery() {
        return query(q, entity, vendor, source, lang, surveillance);
    }
}
