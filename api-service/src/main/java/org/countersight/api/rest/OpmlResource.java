package org.countersight.api.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.countersight.api.sources.Opml;
import org.countersight.api.sources.SourceRegistry;
import org.countersight.events.Source;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import javax.xml.stream.XMLStreamException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

@Path("/api/v1/sources.opml")
@Tag(name = "sources")
public class OpmlResource {

    private final SourceRegistry registry;

    public OpmlResource(SourceRegistry registry) {
        this.registry = registry;
    }

    @GET
    @Produces("text/x-opml")
    @Operation(summary = "Every registered source as OPML 2.0",
            description = "For feed readers, or to move the registry elsewhere; POST it to /api/v1/sources/opml to import it back. "
                    + "Country and poll interval are kept as cs:country and cs:pollIntervalMinutes (namespace urn:countersight:opml).")
    public Response export() {
        List<Source> sources = registry.list().stream().map(SourceRegistry.View::source).toList();
        StreamingOutput body = out -> {
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            try {
                Opml.write(sources, w);
            } catch (XMLStreamException e) {
                throw new IOException("cannot write OPML: " + e.getMessage(), e);
            }
            w.flush();
        };
        return Response.ok(body, "text/x-opml; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"countersight-sources.opml\"")
                .build();
    }
}
