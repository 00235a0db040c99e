package org.countersight.api.rest;

import org.countersight.api.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.countersight.api.config.AddressPolicies;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.security.ApiKeyRequired;
import org.countersight.api.security.ApiKeys;
import org.countersight.api.security.Audit;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.core.HttpHeaders;
import org.countersight.api.webhooks.Delivery;
import org.countersight.api.webhooks.Subscription;
import org.countersight.api.webhooks.SubscriberUrls;
import org.countersight.api.webhooks.SubscriptionRegistry;
import org.countersight.events.Json;
import org.countersight.events.UrlSafety;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "subscriptions", description = "Webhooks: alerts pushed to your server, signed with your secret")
public class SubscriptionsResource {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{16}");
    private static final int MAX_BODY = 16 * 1024;
    private static final int MIN_SECRET = 16;
    private static final int MAX_SECRET = 512;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectReader READER = Json.MAPPER.readerFor(SubscriptionRequest.class)
            .with(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);

    static final String EXAMPLE_REQUEST = """
            {"url": "https://ngo.example.org/hooks/countersight", "countries": ["KH", "VN"], "categories": ["facial_recognition", "drones"], "minConfidence": 0.7, "secret": "a-long-random-shared-secret"}""";
    static final String EXAMPLE_VIEW = """
            {"id": "9f86d081884c7d65", "url": "https://ngo.example.org/hooks/countersight", "countries": ["KH", "VN"], "categories": ["facial_recognition", "drones"], "minConfidence": 0.7, "createdAt": "2026-11-26T08:00:00Z", "owner": "key-5e884898da28", "deliveries": [{"id": "9f86d081884c7d65:3f0c9a6e1d2b4c5f8a7e6d5c4b3a2910", "articleId": "3f0c9a6e1d2b4c5f8a7e6d5c4b3a2910", "title": "Police deploy face recognition cameras in Phnom Penh", "status": "DELIVERED", "attempts": 3, "createdAt": "2026-11-26T09:00:00Z", "lastAttemptAt": "2026-11-26T09:01:30Z", "lastHttpStatus": 204}]}""";

    private final SubscriptionRegistry registry;
    private final CountersightConfig config;
    private final ApiKeys keys;

    public SubscriptionsResource(SubscriptionRegistry registry, CountersightConfig config, ApiKeys keys) {
        this.registry = registry;
        this.config = config;
        this.keys = keys;
    }

    /** The body of POST /subscriptions. */
    public record SubscriptionRequest(String url, List<String> countries, List<String> categories, Double minConfidence,
                                      String secret) {
    }

    /** One delivery of an alert to this subscription, as the owner replica last recorded it. */
    public record DeliveryView(String id, String articleId, String title, Delivery.Status status, int attempts,
                               Instant createdAt, Instant lastAttemptAt, Instant nextAttemptAt, Integer lastHttpStatus,
                               String lastError) {
        static DeliveryView of(Delivery d) {
            return new DeliveryView(d.id(), d.articleId(), d.alert() == null ? null : d.alert().title(), d.status(),
                    d.attempts(), d.createdAt(), d.lastAttemptAt(), d.pending() ? d.nextAttemptAt() : null,
                    d.lastHttpStatus(), d.lastError());
        }
    }

    /** A subscription as the API shows it: never with its secret. */
    public record SubscriptionView(String id, String url, List<String> countries, List<String> categories,
                                   double minConfidence, Instant createdAt, String owner, List<DeliveryView> deliveries,
                                   List<org.countersight.api.coverage.CountryCoverage> coverage) {
        static SubscriptionView of(Subscription s, List<Delivery> deliveries) {
            return new SubscriptionView(s.id(), s.url(), s.countries(), s.categories(), s.minConfidence(), s.createdAt(),
                    s.owner(), deliveries == null ? null : deliveries.stream().map(DeliveryView::of).toList(), null);
        }

        SubscriptionView withCoverage(List<org.countersight.api.coverage.CountryCoverage> coverage) {
            return new SubscriptionView(id, url, countries, categories, minConfidence, createdAt, owner, deliveries, coverage);
        }
    }

    /** The coverage of a subscription's countries, in its detail: how well what it watches is covered right now. */
    @jakarta.inject.Inject
    org.countersight.api.coverage.CoverageLookup coverage;

    @GET
    @ApiKeyRequired
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Your webhook subscriptions (without secrets)",
            description = "Those made with the key you send (owner is that key's id), and those made before owners were "
                    + "recorded (owner null), which every key may see and delete. Subscriber URLs can be credentials, so "
                    + "this needs a key.")
    public List<SubscriptionView> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String keyId = keys.idOf(authorization);
        return registry.list().stream().filter(s -> s.visibleTo(keyId)).map(s -> SubscriptionView.of(s, null)).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One subscription with its recent deliveries and the coverage of its countries",
            description = "deliveries: the last deliveries (newest first) with their status (PENDING with nextAttemptAt, DELIVERED, "
                    + "DEAD = given up and sent to alerts.webhooks.dlq, CANCELLED), attempts, last HTTP status and error.")
    @org.eclipse.microprofile.openapi.annotations.responses.APIResponse(responseCode = "200", description = "the subscription",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "subscription", value = EXAMPLE_VIEW)))
    @ApiKeyRequired
    @SecurityRequirement(name = "apiKey")
    public SubscriptionView get(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        checkId(id);
        Subscription s = owned(id, keys.idOf(authorization));
        return SubscriptionView.of(s, registry.recentDeliveries(id)).withCoverage(coverage.countries(s.countries()));
    }

    /** The subscription if this key may see it; another key's subscription is answered as not found, like a missing one. */
    private Subscription owned(String id, String keyId) {
        return registry.get(id).filter(s -> s.visibleTo(keyId)).orElseThrow(() -> notFound(id));
    }

    @POST
    @ApiKeyRequired
    @Consumes(MediaType.WILDCARD)
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Subscribe a webhook to alerts",
            description = "Every alert matching the filters (any of the countries, any of the categories, at least minConfidence; "
                    + "empty = all) is POSTed to url as JSON {type, deliveryId, subscriptionId, alert}, with the header "
                    + "X-Countersight-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of t + \".\" + body with secret> (refuse t "
                    + "older than a few minutes: replays), plus X-Countersight-Delivery "
                    + "(the same on every retry: use it to drop repeats) and X-Countersight-Attempt. Any non-2xx answer is retried "
                    + "with exponential backoff for up to 24 h, then dead-lettered. The secret (16 to 512 characters) is never shown again.")
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON,
            examples = @ExampleObject(name = "subscription", value = EXAMPLE_REQUEST)))
    public Response create(String body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        String keyId = keys.idOf(authorization);
        SubscriptionRequest req = parse(body);
        if (req.url() == null || req.url().isBlank()) {
            throw ApiException.badParameter("url", "url is required: the address alerts are POSTed to");
        }
        URI uri;
        try {
            uri = UrlSafety.check(req.url().strip(), AddressPolicies.of(config), UrlSafety.SYSTEM_RESOLVER);
        } catch (UrlSafety.UnsafeUrlException e) {
            throw new ApiException(new Problem(Problem.type("unsafe-url"), "URL not accepted", 400, e.getMessage())
                    .with("parameter", "url"));
        }
        if (!SubscriberUrls.schemeAllowed(uri, config.webhooks().allowHttp())) {
            throw new ApiException(new Problem(Problem.type("insecure-url"), "URL not accepted", 400, SubscriberUrls.HTTPS_ONLY)
                    .with("parameter", "url"));
        }
        String secret = req.secret();
        if (secret == null || secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw ApiException.badParameter("secret", "secret is required, " + MIN_SECRET + " to " + MAX_SECRET
                    + " characters: it signs every delivery (X-Countersight-Signature)");
        }
        double min = 0;
        if (req.minConfidence() != null) {
            min = req.minConfidence();
            if (!(min >= 0 && min <= 1)) {
                throw ApiException.badParameter("minConfidence", "minConfidence must be a number from 0 to 1");
            }
        }
        List<String> countries = new ArrayList<>(Params.countries(nonNull(req.countries())));
        List<String> categories = new ArrayList<>(Params.categories(nonNull(req.categories())));
        byte[] idBytes = new byte[8];
        RANDOM.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        Subscription s = new Subscription(Subscription.SCHEMA_VERSION, id, uri.toString(), countries, categories, min, secret,
                Instant.now().truncatedTo(ChronoUnit.MILLIS), keyId);
        StateWrites.acknowledged("subscription " + id, () -> registry.create(s));
        Audit.record(keyId, "subscription.create", id, "host=" + uri.getHost());
        return Response.created(UriBuilder.fromPath("/api/v1/subscriptions/{id}").build(id))
                .entity(SubscriptionView.of(s, List.of()))
                .build();
    }

    @DELETE
    @Path("/{id}")
    @ApiKeyRequired
    @SecurityRequirement(name = "apiKey")
    @Operation(summary = "Unsubscribe", description = "Writes a tombstone to the subscriptions topic; pending deliveries are cancelled.")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        checkId(id);
        String keyId = keys.idOf(authorization);
        Subscription s = owned(id, keyId);
        StateWrites.acknowledged("the deletion of subscription " + id, () -> registry.delete(id));
        Audit.record(keyId, "subscription.delete", id, s.owner() == null ? "(made before owners were recorded)" : null);
        return Response.noContent().build();
    }

    private static List<String> nonNull(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null).toList();
    }

    private static SubscriptionRequest parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("send a JSON body such as " + EXAMPLE_REQUEST.strip());
        }
        if (body.length() > MAX_BODY) {
            throw ApiException.badRequest("the body is larger than " + MAX_BODY + " characters");
        }
        try {
            SubscriptionRequest r = READER.readValue(body);
            if (r == null) {
                throw ApiException.badRequest("send a JSON object such as " + EXAMPLE_REQUEST.strip());
            }
            return r;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the body is not a valid subscription: " + e.getOriginalMessage()
                    + "; expected " + EXAMPLE_REQUEST.strip());
        }
    }

    private static void checkId(String id) {
        if (!ID.matcher(id).matches()) {
            throw ApiException.badParameter("id", "a subscription id is 16 lowercase hexadecimal characters");
        }
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("Subscription not found", "no subscription with id " + id
                + " belongs to this API key; GET /api/v1/subscriptions lists yours");
    }
}
