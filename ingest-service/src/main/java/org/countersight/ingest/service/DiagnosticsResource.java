package org.countersight.ingest.service;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.countersight.ingest.poll.SourcePoller;
import org.countersight.ingest.security.OperatorKeyRequired;

import java.util.List;
import java.util.Map;

/**
 * Diagnostics of this instance only (the public API is api-service's): the sources it owns with their last
 * status, and two operator actions on a source it owns: poll now, resume a paused source. The actions need the
 * API key ({@link OperatorKeyRequired}); the listing is read-only and open like health and metrics.
 */
@Path("/ingest/sources")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

    @Inject
    IngestService service;

    @GET
    public Response list() {
        SourcePoller poller = poller();
        if (poller == null) {
            return notReady();
        }
        List<SourcePoller.SourceView> view = poller.view();
        return Response.ok(view).build();
    }

    @POST
    @Path("{id}/poll")
    @OperatorKeyRequired
    public Response pollNow(@PathParam("id") String id) {
        SourcePoller poller = poller();
        if (poller == null) {
            return notReady();
        }
        return poller.pollNow(id) ? Response.accepted().build() : notOwned(id);
    }

    @POST
    @Path("{id}/resume")
    @OperatorKeyRequired
    public Response resume(@PathParam("id") String id) {
        SourcePoller poller = poller();
        if (poller == null) {
            return notReady();
        }
        return poller.resume(id) ? Response.accepted().build() : notOwned(id);
    }

    private SourcePoller poller() {
        IngestEngine engine = service.engine();
        return engine == null || !engine.isReady() ? null : engine.poller();
    }

    private static Response notReady() {
        return problem(503, "Not ready", "ingest is still rebuilding its state from Kafka; try again shortly");
    }

    private static Response notOwned(String id) {
        return problem(404, "Source not polled here",
                "source " + id + " is not polled by this instance (unknown, paused for poll-now, or owned by another instance)");
    }

    private static Response problem(int status, String title, String detail) {
        return Response.status(status).type("application/problem+json")
                .entity(Map.of("type", "about:blank", "title", title, "status", status, "detail", detail)).build();
    }
}
