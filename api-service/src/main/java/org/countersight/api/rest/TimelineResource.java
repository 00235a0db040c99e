package org.countersight.api.rest;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.countersight.api.index.ArticleQuery;
import org.countersight.api.limits.ClientLimits;
import org.countersight.api.limits.RateLimited;
import org.countersight.api.timeline.TimelineService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Locale;


@Path("/api/v1/timeline")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "articles")
public class TimelineResource {

    private final TimelineService timeline;

    private final org.countersight.api.index.ArticleSearch search;

    public TimelineResource(TimelineService timeline, org.countersight.api.index.ArticleSearch search) {
        this.search = search;
        this.timeline = timeline;
    }

    @GET
    @RateLimited(ClientLimits.Kind.SEARCH)
    @APIResponse(responseCode = "200", description = "counts per bucket", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "timeline", value = ApiExamples.TIMELINE)))
    @APIResponse(responseCode = "400", description = "a parameter is invalid", content = @Content(mediaType = "application/problem+json", examples = @ExampleObject(name = "bad parameter", value = ApiExamples.PROBLEM)))
    @Operation(summary = "Histogram of matching articles",
            description = "Counts per day, week (ISO, from Monday) or month in UTC, each split by category; buckets between "
                    + "the first and last are filled with zeros. Same filters as GET /api/v1/articles.")
    public TimelineService.Timeline get(
            @QueryParam("interval") @Parameter(description = "day (default), week or month") String interval,
            @BeanParam ArticleFilterParams filters) {
        ArticleQuery query = ArticlesResource.checked(filters.toQuery(), search);
        TimelineService.Interval i = TimelineService.Interval.valueOf(
                Params.oneOf("interval", interval, "day", "day", "week", "month").toUpperCase(Locale.ROOT));
        return timeline.timeline(query, i);
    }
}
