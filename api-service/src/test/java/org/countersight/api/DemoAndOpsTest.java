package org.countersight.api;

import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo news site, the placeholder page, health, metrics and OpenAPI. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class DemoAndOpsTest {

    @BeforeEach
    void ready() {
        Fixtures.awaitReady();
    }

    @Test
    void demoFeedParsesWithFreshDatesAndWorkingLinks() throws Exception {
        byte[] xml = given().get("/demo/feed.xml").then().statusCode(200)
                .contentType(containsString("application/rss+xml")).extract().asByteArray();
        SyndFeed feed = new SyndFeedInput().build(new XmlReader(new ByteArrayInputStream(xml)));
        assertEquals("rss_2.0", feed.getFeedType());
        List<SyndEntry> entries = feed.getEntries();
        assertEquals(9, entries.size());
        Instant now = Instant.now();
        Set<String> links = new HashSet<>();
        for (SyndEntry e : entries) {
            Instant published = e.getPublishedDate().toInstant();
            assertTrue(published.isBefore(now) && published.isAfter(now.minus(Duration.ofHours(72))),
                    e.getTitle() + " published " + published + " is not within the 72 h alert window");
            assertTrue(e.getDescription().getValue().length() > 300, "full text in description: " + e.getTitle());
            assertTrue(links.add(e.getLink()));
            String path = URI.create(e.getLink()).getPath();
            assertTrue(path.matches("/demo/articles/\\d+"), path);
            String page = given().get(path).then().statusCode(200).contentType(containsString("text/html")).extract().asString();
            assertTrue(page.contains("<h1>"), page);
        }
        // several surveillance events in different countries, and look-alikes
        String all = new String(xml);
        for (String word : List.of("Phnom Penh", "Tanzania", "Serbia", "Nairobi", "Turkmenistan", "Uganda", "Zimbabwe", "delivery drone", "doorbell")) {
            assertTrue(all.contains(word), word);
        }
        given().get("/demo/articles/99").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void placeholderPageHealthMetricsAndOpenApi() {
        given().get("/").then().statusCode(200).body(containsString("Countersight")).body(containsString("/api/v1/articles"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("countersight_index_documents"))
                .body(containsString("countersight_index_segments")).body(containsString("countersight_index_merging_segments"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/articles")).body(containsString("/api/v1/alerts/stream"))
                .body(containsString("/api/v1/sources"))
                .body(containsString("/api/v1/subscriptions")).body(containsString("/api/v1/sources/opml"))
                .body(containsString("/api/v1/sources.opml"))
                .body(containsString("Phnom Penh switches on facial recognition cameras")) // response examples
                .body(containsString("event: alert"))
                .body(containsString("urn:countersight:problem:bad-parameter"));
    }
}
