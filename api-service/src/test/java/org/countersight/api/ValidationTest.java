package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad parameter is a 400 problem+json that names it; no input produces a 500. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ValidationTest {

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    @Test
    void badParametersAreProblems() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("country", "XX"),
                Map.entry("category", "weather"),
                Map.entry("from", "yesterday"),
                Map.entry("to", "2026-13-40"),
                Map.entry("limit", "501"),
                Map.entry("cursor", "%%%notbase64"),
                Map.entry("q", "a".repeat(501)),
                Map.entry("sort", "random"),
                Map.entry("surveillance", "maybe"),
                Map.entry("lang", "english1"));
        cases.forEach((name, value) -> given().queryParam(name, value).get("/api/v1/articles")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400)).body("title", notNullValue()).body("detail", notNullValue())
                .body("type", containsString("bad-parameter")));
        given().queryParam("limit", "0").get("/api/v1/articles").then().statusCode(400);
        given().queryParam("limit", "ten").get("/api/v1/articles").then().statusCode(400).body("detail", containsString("1 to 500"));
        given().queryParam("from", "2026-05-02").queryParam("to", "2026-05-01").get("/api/v1/articles")
                .then().statusCode(400).body("detail", containsString("after"));
        given().queryParam("cursor", java.util.Base64.getUrlEncoder().encodeToString("p1|notanumber|x".getBytes()))
                .get("/api/v1/articles").then().statusCode(400);
        given().queryParam("interval", "hour").get("/api/v1/timeline").then().statusCode(400);
        given().get("/api/v1/articles/not-an-id!").then().statusCode(400);
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
        given().put("/api/v1/articles").then().statusCode(405).contentType("application/problem+json");
    }

    /** A long value still reaches the parameter checks: a 400 naming the parameter, not the HTTP server's bare 414. */
    @Test
    void longValuesAreProblemsToo() {
        String countries = String.join(",", java.util.Collections.nCopies(2500, "KH")); // 7.5 KB
        for (String path : List.of("/api/v1/articles", "/api/v1/articles/export", "/api/v1/timeline")) {
            given().queryParam("country", countries).get(path)
                    .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("country"));
        }
        given().queryParam("q", "surveillance ".repeat(1000)).get("/api/v1/articles")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("500"));
    }

    @Test
    void goodEdgeValuesAreAccepted() {
        given().queryParam("limit", "500").queryParam("q", "a".repeat(500)).get("/api/v1/articles").then().statusCode(200);
        given().queryParam("q", "\"unclosed phrase -").get("/api/v1/articles").then().statusCode(200);
        given().queryParam("q", "the of and").get("/api/v1/articles").then().statusCode(200).body("total", equalTo(0));
        given().queryParam("from", "2026-01-01T00:00:00+07:00").get("/api/v1/articles").then().statusCode(200);
    }

    /** Random and hostile values for every parameter: only 200 or 400, never 500. */
    @Test
    void fuzzNeverYields500() {
        Random random = new Random(42);
        List<String> params = List.of("q", "country", "category", "entity", "vendor", "source", "lang", "from", "to",
                "surveillance", "sort", "limit", "cursor", "facets");
        List<String> hostile = List.of("", " ", "'", "\"", "*", "~", "-", "|", "\\", "()", "((((", "a~99999", "*:*", "a AND",
                "\u0000", "\uD83D\uDE00", "%00", "../../etc/passwd", "<script>", "9999999999999999999", "-1", "1e10", "NaN",
                "+1000000000-01-01", "2026-02-30", "2026-01-01T25:00:00Z", "KH,,,VN", ",", "null", "true", "relevance",
                "cDF8OTIyMzM3MjAzNjg1NDc3NTgwN3x4", "cjF8MTIzfDQ1Nnx6", "a".repeat(300), "\"".repeat(50));
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 600; i++) {
            var req = given();
            int n = 1 + random.nextInt(3);
            for (int j = 0; j < n; j++) {
                String p = params.get(random.nextInt(params.size()));
                String v = random.nextBoolean() ? hostile.get(random.nextInt(hostile.size())) : FuzzTest.randomString(random);
                req.queryParam(p, v);
            }
            String path = switch (i % 3) {
                case 0 -> "/api/v1/articles";
                case 1 -> "/api/v1/timeline";
                default -> "/api/v1/articles/export";
            };
            Response r = req.get(path);
            assertTrue(r.statusCode() == 200 || r.statusCode() == 400, path + " gave " + r.statusCode() + ": " + r.asString());
            if (r.statusCode() == 400) {
                assertEquals("application/problem+json", r.contentType());
                assertTrue(!r.jsonPath().getString("detail").isBlank(), path + ": a 400 without a detail");
            }
            statuses.merge(r.statusCode(), 1, Integer::sum);
        }
        // both answers were reached: the values got past the parameter checks into real searches, and were refused
        assertTrue(statuses.getOrDefault(200, 0) > 0 && statuses.getOrDefault(400, 0) > 0, "statuses seen: " + statuses);
    }
}
