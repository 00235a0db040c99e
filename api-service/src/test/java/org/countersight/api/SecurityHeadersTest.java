package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard and the API answer with the headers that keep a browser from being turned against its user. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class SecurityHeadersTest {

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL root;

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    @Test
    void dashboardAndApiCarryCspNosniffNoFramingAndNoReferrer() {
        for (String path : new String[] {"/", "/app.js", "/api/v1/articles", "/api/v1/articles/not-an-id!", "/feeds/alerts.atom"}) {
            Response r = given().get(path);
            String csp = r.getHeader("Content-Security-Policy");
            assertTrue(csp != null && csp.startsWith("default-src 'self'") && csp.contains("frame-ancestors 'none'"), path + ": " + csp);
            assertEquals("nosniff", r.getHeader("X-Content-Type-Options"), path);
            assertEquals("no-referrer", r.getHeader("Referrer-Policy"), path);
            assertEquals("DENY", r.getHeader("X-Frame-Options"), path);
        }
        // Swagger UI needs inline scripts: no CSP there, the other headers still
        Response ui = given().get("/q/openapi");
        assertNull(ui.getHeader("Content-Security-Policy"));
        assertEquals("nosniff", ui.getHeader("X-Content-Type-Options"));
    }

    @Test
    void corsLetsOtherOriginsReadButNotChange() {
        Response read = given().header("Origin", "https://ngo.example.org").header("Access-Control-Request-Method", "GET")
                .options("/api/v1/articles");
        assertTrue(read.getHeader("Access-Control-Allow-Methods").contains("GET"), read.headers().toString());
        for (String method : new String[] {"DELETE", "POST", "PUT"}) {
            Response change = given().header("Origin", "https://ngo.example.org").header("Access-Control-Request-Method", method)
                    .options("/api/v1/sources");
            String allowed = change.getHeader("Access-Control-Allow-Methods");
            assertFalse(allowed != null && allowed.contains(method), method + " allowed: " + change.headers());
        }
        // the dashboard's own changes come from the same origin (browsers send Origin on a POST): not a CORS matter
        Response same = given().header("Origin", root.toString().replaceAll("/$", "")).header("Authorization", "Bearer test-key-1")
                .contentType("application/json").body("{}").post("/api/v1/sources");
        assertEquals(400, same.statusCode(), same.asString());
    }
}
