package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Articles published to articles.tagged on the real broker become searchable through the API. */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ArticlesApiTest {

    static final String WORD = Fixtures.uniqueWord();
    static final Instant BASE = Instant.parse("2026-03-10T12:00:00Z");
    static final List<TaggedArticle> ARTICLES = new ArrayList<>();

    static boolean published;

    /** Once per class, but in a @BeforeEach: only then is RestAssured pointed at the test instance. */
    @BeforeEach
    void publish() {
        Fixtures.awaitReady();
        if (published) {
            return;
        }
        published = true;
        String[][] spec = {
                // country, category, day offset, extra words
                {"KH", "facial_recognition", "0", "cameras installed at intersections"},
                {"KH", "cctv", "1", "new camera network downtown"},
                {"VN", "internet_shutdown", "2", "mobile data cut during the vote"},
                {"RS", "spyware", "3", "phones of journalists infected"},
                {"KE", "drones", "4", "drones above the march"},
                {"UG", "smart_city", "5", "safe city contract signed"},
                {"", "", "6", "delivery drones bring groceries"},
        };
        for (int i = 0; i < spec.length; i++) {
            List<String> countries = spec[i][0].isEmpty() ? List.of() : List.of(spec[i][0]);
            List<String> categories = spec[i][1].isEmpty() ? List.of() : List.of(spec[i][1]);
            ARTICLES.add(Fixtures.article("https://news.example.org/" + WORD + "/" + i,
                    "Story " + i + " about " + spec[i][3], WORD + " " + spec[i][3] + ". More text follows here.",
                    BASE.minus(Integer.parseInt(spec[i][2]), ChronoUnit.DAYS), countries, categories));
        }
        Fixtures.sendAll(Topics.ARTICLES_TAGGED, ARTICLES);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                given().queryParam("q", WORD).get("/api/v1/articles").jsonPath().getLong("total") == ARTICLES.size());
    }

    @Test
    void searchesFullTextAndReturnsNewestFirst() {
        JsonPath body = given().queryParam("q", WORD).get("/api/v1/articles").then().statusCode(200).extract().jsonPath();
        List<String> ids = body.getList("items.id");
        assertEquals(ARTICLES.stream().map(TaggedArticle::id).toList(), ids, "newest first = publication order of the fixture");
        assertEquals(ARTICLES.size(), body.getLong("total"));
        assertNull(body.get("nextCursor"));

        // stemming: "infected" is found by "infection"
        given().queryParam("q", WORD + " infection").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(ARTICLES.get(3).id()))
                .body("items[0].snippet", containsString("<mark>"));
        // a phrase that does not occur finds nothing
        given().queryParam("q", WORD + " \"journalists cameras\"").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void filtersByCountryCategoryAndDates() {
        given().queryParam("q", WORD).queryParam("country", "kh").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(2))
                .body("items.countries.flatten()", hasItem("KH"));
        given().queryParam("q", WORD).queryParam("country", "KH,VN").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(3));
        // CH is only mentioned in every fixture: the country filter is about where the event happens
        given().queryParam("q", WORD).queryParam("country", "CH").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(0));
        given().queryParam("q", WORD).queryParam("category", "spyware").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].categories", equalTo(List.of("spyware")));
        given().queryParam("q", WORD).queryParam("category", "drones").queryParam("country", "KE").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(1));
        given().queryParam("q", WORD).queryParam("surveillance", "false").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(ARTICLES.get(6).id()));
        // from/to as dates are whole UTC days: 2026-03-08 .. 2026-03-09 holds offsets 1 and 2
        JsonPath dated = given().queryParam("q", WORD).queryParam("from", "2026-03-08").queryParam("to", "2026-03-09")
                .get("/api/v1/articles").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(ARTICLES.get(1).id(), ARTICLES.get(2).id()), dated.getList("items.id"));
        // instants are exact
        given().queryParam("q", WORD).queryParam("from", "2026-03-10T12:00:00Z").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(1));
        given().queryParam("q", WORD).queryParam("to", "2026-03-05T11:59:59Z").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].id", equalTo(ARTICLES.get(6).id()));
    }

    @Test
    void pagesWithCursorWithoutOverlapOrGaps() {
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var req = given().queryParam("q", WORD).queryParam("limit", 3);
            if (cursor != null) {
                req.queryParam("cursor", cursor);
            }
            JsonPath page = req.get("/api/v1/articles").then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("items.id");
            assertTrue(ids.size() <= 3);
            for (String id : ids) {
                assertTrue(seen.add(id), "page repeated " + id);
                order.add(id);
            }
            assertEquals(ARTICLES.size(), page.getLong("total"), "total is the whole result on every page");
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null && pages < 10);
        assertEquals(3, pages);
        assertEquals(ARTICLES.stream().map(TaggedArticle::id).toList(), order);

        // relevance sort pages too, and a published cursor is refused for it
        JsonPath first = given().queryParam("q", WORD + " drones").queryParam("sort", "relevance").queryParam("limit", 1)
                .get("/api/v1/articles").then().statusCode(200).extract().jsonPath();
        assertNotNull(first.get("items[0].score"));
        String relCursor = first.getString("nextCursor");
        assertNotNull(relCursor);
        JsonPath second = given().queryParam("q", WORD + " drones").queryParam("sort", "relevance").queryParam("limit", 1)
                .queryParam("cursor", relCursor).get("/api/v1/articles").then().statusCode(200).extract().jsonPath();
        assertFalse(second.getList("items.id").contains(first.getString("items[0].id")));
        given().queryParam("q", WORD).queryParam("cursor", relCursor).get("/api/v1/articles")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void returnsOneArticleWithEvidence() {
        TaggedArticle a = ARTICLES.get(0);
        given().get("/api/v1/articles/" + a.id()).then().statusCode(200)
                .body("id", equalTo(a.id()))
                .body("url", equalTo(a.url()))
                .body("events[0].category", equalTo("facial_recognition"))
                .body("events[0].sentence", equalTo(a.events().get(0).sentence()))
                .body("events[0].end", equalTo(a.events().get(0).end()))
                .body("entities[0].text", equalTo("Riot Police"))
                .body("countries.code", hasItem("KH"));
        given().get("/api/v1/articles/0123456789abcdef0123456789abcdef").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404)).body("detail", containsString("0123456789abcdef"));
    }

    @Test
    void countsFacetsOverTheWholeResult() {
        JsonPath body = given().queryParam("q", WORD).queryParam("limit", 1).get("/api/v1/articles")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> countries = body.getList("facets.country");
        assertTrue(countries.contains(Map.of("value", "KH", "count", 2)), countries.toString());
        List<Map<String, Object>> vendors = body.getList("facets.vendor");
        assertTrue(vendors.contains(Map.of("value", "Acme Vision", "count", 6)), vendors.toString());
        given().queryParam("q", WORD).queryParam("vendor", "acme vision").get("/api/v1/articles")
                .then().statusCode(200).body("total", equalTo(6));
    }

    @Test
    void buildsTimelineByDayAndCategory() {
        JsonPath t = given().queryParam("q", WORD).queryParam("interval", "day").get("/api/v1/timeline")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(ARTICLES.size(), t.getInt("total"));
        assertEquals(7, t.getList("buckets").size(), "one bucket per day from 2026-03-04 to 2026-03-10");
        assertEquals("2026-03-04", t.getString("buckets[0].start"));
        assertEquals(1, t.getInt("buckets[6].categories.facial_recognition"));
        JsonPath m = given().queryParam("q", WORD).queryParam("interval", "month").get("/api/v1/timeline")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, m.getList("buckets").size());
        assertEquals(7, m.getInt("buckets[0].total"));
    }

    @Test
    void exportsCsvAndJsonLines() {
        String csv = given().queryParam("q", WORD).queryParam("format", "csv").get("/api/v1/articles/export")
                .then().statusCode(200).contentType(containsString("text/csv")).extract().asString();
        String[] lines = csv.split("\r\n");
        assertEquals(ARTICLES.size() + 1, lines.length);
        assertTrue(lines[0].startsWith("id,publishedAt,url,title"));
        assertTrue(lines[1].startsWith(ARTICLES.get(0).id() + ","));
        assertTrue(lines[1].contains("facial_recognition/KH/0.80: "));
        String jsonl = given().queryParam("q", WORD).queryParam("format", "jsonl").get("/api/v1/articles/export")
                .then().statusCode(200).extract().asString();
        assertEquals(ARTICLES.size(), jsonl.strip().split("\n").length);
        given().queryParam("format", "xml").get("/api/v1/articles/export").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void tombstoneRemovesAnArticleAndReplayCollapses() {
        TaggedArticle victim = Fixtures.article("https://news.example.org/victim/" + Fixtures.uniqueWord(), "Victim",
                "victimword text", BASE, List.of("FR"), List.of("cctv"));
        Fixtures.send(Topics.ARTICLES_TAGGED, victim.id(), victim);
        Fixtures.send(Topics.ARTICLES_TAGGED, victim.id(), victim); // a replay must not duplicate
        await().atMost(Duration.ofSeconds(10)).until(() ->
                given().queryParam("q", "victimword").get("/api/v1/articles").jsonPath().getLong("total") == 1);
        RestAssured.get("/api/v1/articles/" + victim.id()).then().statusCode(200);
        Fixtures.send(Topics.ARTICLES_TAGGED, victim.id(), null);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                RestAssured.get("/api/v1/articles/" + victim.id()).statusCode() == 404);
        given().queryParam("q", "victimword").get("/api/v1/articles").then().body("total", equalTo(0));
    }

    @Test
    void aNewArticleBecomesSearchableWhileTheServiceRuns() {
        // (how soon is a benchmark figure, not a test: the feeder refreshes the searchers every second)
        TaggedArticle fresh = Fixtures.article("https://news.example.org/fresh/" + Fixtures.uniqueWord(), "Fresh",
                "freshnessprobe text", Instant.now(), List.of("DE"), List.of("cctv"));
        Fixtures.send(Topics.ARTICLES_TAGGED, fresh.id(), fresh);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                given().queryParam("q", "freshnessprobe").get("/api/v1/articles").jsonPath().getLong("total") == 1);
        Fixtures.send(Topics.ARTICLES_TAGGED, fresh.id(), null);
    }
}
