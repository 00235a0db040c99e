package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Query-parser operators whose cost grows with the index are refused with a 400 that names the operator. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class QueryOperatorsApiTest {

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    @Test
    void expensiveOperatorsAreRefusedByName() {
        Map<String, String> refused = Map.of(
                "police *cameras", "leading-wildcard",
                "ca*", "prefix",
                "police c* drones", "prefix",
                "camera~2", "fuzziness",
                "camera~", "fuzziness",
                "\"police cameras\"~11", "slop",
                "\"a b\"~99999", "slop");
        for (String path : new String[] {"/api/v1/articles", "/api/v1/timeline", "/api/v1/articles/export"}) {
            refused.forEach((q, operator) -> {
                Response r = given().queryParam("q", q).get(path);
                assertEquals(400, r.statusCode(), path + " q=" + q + ": " + r.asString());
                assertTrue(r.contentType().startsWith("application/problem+json"));
                assertEquals("q", r.jsonPath().getString("parameter"));
                assertEquals(operator, r.jsonPath().getString("operator"), q);
                assertTrue(r.jsonPath().getString("title").contains(operator), r.asString());
            });
        }
        // a lone * is no operator in this syntax (it matches nothing): accepted, cheap
        for (String q : new String[] {"*", "cam*", "camera~1", "\"police cameras\"~10", "\"police cameras\"", "police -drones",
                "police | drones"}) {
            Response r = given().queryParam("q", q).get("/api/v1/articles");
            assertEquals(200, r.statusCode(), q + ": " + r.asString());
        }
    }
}
