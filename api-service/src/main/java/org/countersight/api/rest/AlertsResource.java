package org.countersight.api.rest;

import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.countersight.api.alerts.AlertFilter;
import org.countersight.api.alerts.AlertHub;
import org.countersight.api.alerts.StreamPosition;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.limits.ClientLimits;
import org.countersight.api.limits.RateLimited;
import org.countersight.events.Alert;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

@Path("/api/v1/alerts")
@Tag(name = "alerts", description = "Surveillance events in fresh articles, as they are raised")
public class AlertsResource {

    private final AlertHub hub;
    private final CountersightConfig config;
    private final ClientLimits limits;

    public AlertsResource(AlertHub hub, CountersightConfig config, ClientLimits limits) {
        this.hub = hub;
        this.config = config;
        this.limits = limits;
    }

    /** Marks the end of a dropped client's stream; never sent. */
    private static final OutboundSseEvent END = new OutboundSseEvent() {
        // only compared by identity
        @Override public String getName() { return null; }
        @Override public String getId() { return null; }
        @Override public long getReconnectDelay() { return -1; }
        @Override public boolean isReconnectDelaySet() { return false; }
        @Override public Class<?> getType() { return null; }
        @Override public java.lang.reflect.Type getGenericType() { return null; }
        @Override public MediaType getMediaType() { return null; }
        @Override public String getComment() { return null; }
        @Override public Object getData() { return null; }
    };

    /** A buffered alert with the stream id it has on the SSE stream. */
    public record AlertItem(String eventId, Alert alert) {
    }

    public record RecentResponse(List<AlertItem> items, String lastEventId) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @APIResponse(responseCode = "200", description = "recent alerts", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "alerts", value = ApiExamples.ALERTS)))
    @Operation(summary = "Recent alerts, newest first",
            description = "From this replica's buffer of recent alerts. lastEventId is the current stream position: pass it "
                    + "as Last-Event-ID (or lastEventId) to the stream to receive only what comes after.")
    public RecentResponse recent(@QueryParam("country") List<String> country,
                                 @QueryParam("category") List<String> category,
                                 @QueryParam("minConfidence") String minConfidence,
                                 @QueryParam("limit") String limit) {
        AlertFilter filter = Params.alertFilter(country, category, minConfidence);
        int n = Params.intInRange("limit", limit, 50, 1, 500);
        String position = hub.position().encode();
        return new RecentResponse(hub.recent(filter, n).stream().map(e -> new AlertItem(e.eventId(), e.alert())).toList(), position);
    }

    @GET
    @Path("/stream")
    @RateLimited(ClientLimits.Kind.STREAM)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @APIResponse(responseCode = "200", description = "the event stream", content = @Content(mediaType = "text/event-stream", examples = @ExampleObject(name = "stream", value = ApiExamples.SSE)))
    @Operation(summary = "Live alert stream (Server-Sent Events)",
            description = "Each event is 'event: alert' with the Alert JSON as data and an id. Reconnecting with the "
                    + "Last-Event-ID header (browsers do this by themselves) first replays every alert sent since that id, "
                    + "then continues live. Comments are sent as keep-alive. A client that falls too far behind gets a final "
                    + "'event: dropped' and the stream ends; reconnecting with its last id resumes where it was.")
    public Multi<OutboundSseEvent> stream(@Context Sse sse,
                                          @QueryParam("country") @Parameter(description = "event country code(s)") List<String> country,
                                          @QueryParam("category") @Parameter(description = "category(ies)") List<String> category,
                                          @QueryParam("minConfidence") @Parameter(description = "0 to 1") String minConfidence,
                                          @HeaderParam("Last-Event-ID") String lastEventIdHeader,
                                          @QueryParam("lastEventId") @Parameter(description = "same as the Last-Event-ID header, for clients that cannot set it") String lastEventIdParam) {
        AlertFilter filter = Params.alertFilter(country, category, minConfidence);
        String resume = lastEventIdHeader != null && !lastEventIdHeader.isBlank() ? lastEventIdHeader : lastEventIdParam;
        StreamPosition after = null;
        if (resume != null && !resume.isBlank()) {
            try {
                after = StreamPosition.decode(resume);
            } catch (IllegalArgumentException e) {
                throw ApiException.badParameter("Last-Event-ID", e.getMessage() + "; use an id received from this stream");
            }
        }
        ClientLimits.Slot slot = limits.stream();
        Multi<OutboundSseEvent> alerts = hub.subscribe(filter, after)
                .map(e -> sse.newEventBuilder()
                        .id(e.eventId())
                        .name("alert")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(Alert.class, e.alert())
                        .build())
                .onFailure(AlertHub.SlowClientException.class).recoverWithMulti(e -> Multi.createFrom().items(
                        sse.newEventBuilder().name("dropped").reconnectDelay(10_000).mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(String.class, "{\"reason\":\"too slow: " + e.getMessage() + "; reconnect with "
                                        + "Last-Event-ID (the id of the last alert received) to resume\"}")
                                .build(),
                        END));
        // Keep-alives only when the client asked for more: a slow client gets no backlog of them.
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(config.alerts().keepAlive())
                .onOverflow().drop()
                .map(t -> sse.newEventBuilder().comment("keep-alive").build());
        // A comment first, so clients and proxies see the stream open at once.
        Multi<OutboundSseEvent> hello = Multi.createFrom().item(sse.newEventBuilder().comment("connected").build());
        // Requests of 1 from each side: the merge then holds no queue of its own, so alerts wait in the hub, where a
        // client that falls behind is noticed (its backlog) and dropped.
        return Multi.createBy().concatenating().streams(hello,
                        Multi.createBy().merging().withRequests(1).streams(alerts, keepAlive))
                .select().first(e -> e != END) // after 'dropped' the stream ends (the ticks would keep it open)
                .onTermination().invoke(slot::close);
    }
}
