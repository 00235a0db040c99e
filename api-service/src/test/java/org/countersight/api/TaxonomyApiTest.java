package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.countersight.events.Taxonomy;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** GET /api/v1/taxonomy serves the events module's categories, and those are exactly what the filters accept. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class TaxonomyApiTest {

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    @Test
    void servesEveryCategoryWithItsTexts() {
        List<Map<String, String>> categories = given().get("/api/v1/taxonomy")
                .then().statusCode(200).contentType("application/json")
                .body("version", equalTo(Taxonomy.VERSION))
                .extract().jsonPath().getList("categories");
        assertEquals(Taxonomy.ids(), categories.stream().map(c -> c.get("id")).toList());
        Map<String, String> drones = categories.get(Taxonomy.ids().indexOf("drones"));
        assertEquals("Drones", drones.get("label"));
        assertEquals(Taxonomy.category("drones").orElseThrow().excludes(), drones.get("excludes"));
    }

    @Test
    void everyServedCategoryIsAcceptedAsAFilterAndNothingElse() {
        List<String> ids = given().get("/api/v1/taxonomy").then().extract().jsonPath().getList("categories.id");
        for (String id : ids) {
            given().queryParam("category", id).get("/api/v1/articles").then().statusCode(200);
        }
        given().queryParam("category", "weather").get("/api/v1/articles")
                .then().statusCode(400).body("detail", containsString(String.join(", ", ids)));
    }

    @Test
    void isDescribedInTheOpenApiDocument() {
        given().accept("application/json").get("/q/openapi")
                .then().statusCode(200)
                .body("paths", hasKey("/api/v1/taxonomy"))
                .body("tags.name", hasItems("taxonomy"));
    }
}
