package org.countersight.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.countersight.events.Taxonomy;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/taxonomy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "taxonomy", description = "The event categories")
public class TaxonomyResource {

    public record TaxonomyResponse(String version, List<Taxonomy.Category> categories) {
    }

    private static final TaxonomyResponse RESPONSE = new TaxonomyResponse(Taxonomy.VERSION, Taxonomy.CATEGORIES);

    @GET
    @APIResponse(responseCode = "200", description = "the categories in taxonomy order",
            content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "taxonomy", value = ApiExamples.TAXONOMY)))
    @Operation(summary = "The event categories",
            description = "Every value the category parameter and the events' category field take, with a label for display "
                    + "and what each category includes and excludes. version is the taxonomy version tagged records carry "
                    + "in versions.taxonomy.")
    public TaxonomyResponse get() {
        return RESPONSE;
    }
}
