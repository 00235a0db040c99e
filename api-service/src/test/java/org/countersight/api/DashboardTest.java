package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.countersight.events.Alert;
import org.countersight.events.ArticleIds;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real (headless) Chromium against the running api-service and a real
 * broker. Skipped, with the reason, where /usr/bin/chromium or /usr/bin/chromedriver is missing.
 * Screenshots go to api-service/target/screenshots/.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class DashboardTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void ready() {
        // each test reports as skipped, with the reason, where Chromium or chromedriver is missing
        Browser.assumeInstalled();
        Fixtures.awaitReady();
    }

    @Test
    void pageLoadsAndALivePublishedAlertAppearsWithoutReload() {
        try (Browser b = Browser.start(1366, 900)) {
            WebDriver d = b.driver;
            d.get(root.toString());
            assertEquals("Live alerts · Countersight", waitForTitle(d));
            waitLive(d);
            assertTrue(d.findElement(By.cssSelector(".skip-link")).getAttribute("href").endsWith("#main"));
            // keyboard: the first Tab lands on the skip link
            d.findElement(By.tagName("body")).sendKeys(Keys.TAB);
            assertEquals("skip-link", d.switchTo().activeElement().getAttribute("class"));
            js(d, "window.__sameDocument = 'yes'");

            String word = Fixtures.uniqueWord();
            String sentence = "Police drones hovered over the " + word + " march in central Nairobi on Tuesday.";
            TaggedArticle.Event event = new TaggedArticle.Event("drones", "drones", sentence, 0, sentence.length(), 0.87,
                    "KE", List.of("SkyEye Systems"), List.of("police"), true);
            String url = "https://news.example.org/" + UUID.randomUUID();
            // hostile markup in the title must show up as text, never as an element
            String title = "Drones over " + word + " <img src=x onerror=\"window.__xss=1\">";
            Alert alert = new Alert(Alert.SCHEMA_VERSION, ArticleIds.fromUrl(url), null, url, title, "src-test", "Nairobi Wire",
                    Instant.now().minusSeconds(300), Instant.now(), 0.87, List.of("KE"), List.of("drones"), List.of(event));
            Fixtures.send(Topics.ALERTS, alert.articleId(), alert);

            WebElement card = new WebDriverWait(d, WAIT).until(x -> alertCard(x, word).orElse(null));
            assertTrue(card.getAttribute("class").contains("is-new"), "a live alert is highlighted as new");
            assertEquals("yes", js(d, "return window.__sameDocument"), "the page was not reloaded");
            String text = card.getText();
            assertTrue(text.contains("<img src=x"), "hostile title shown as text: " + text);
            assertTrue(card.findElements(By.tagName("img")).isEmpty());
            assertNull(js(d, "return window.__xss"));
            assertTrue(text.contains("Nairobi Wire"), text);
            assertTrue(text.contains("Kenya"), text);
            assertTrue(text.contains("Drones"), text);
            assertTrue(text.contains("87% confidence"), text);
            assertTrue(text.contains("SkyEye Systems"), text);
            assertTrue(text.contains("Denied") || text.contains("DENIED"), text);
            assertEquals("drones", card.findElement(By.cssSelector("blockquote mark.trigger")).getText());
            assertEquals(url, card.findElement(By.cssSelector(".alert-title a")).getAttribute("href"));
            b.screenshot("01-live-alert");
        }
    }

    @Test
    void countryFilterChangesWhatIsShownAndTheUrl() {
        String kenya = Fixtures.uniqueWord();
        String uganda = Fixtures.uniqueWord();
        publishAlert("Drone surveillance over " + kenya + " rally", "KE", "drones");
        publishAlert("Safe city cameras for " + uganda + " district", "UG", "smart_city");
        try (Browser b = Browser.start(1366, 900)) {
            WebDriver d = b.driver;
            d.get(root.toString());
            waitLive(d);
            WebDriverWait wait = new WebDriverWait(d, WAIT);
            wait.until(x -> alertCard(x, kenya).isPresent() && alertCard(x, uganda).isPresent());

            WebElement country = d.findElement(By.id("f-country"));
            country.clear();
            country.sendKeys("ke", Keys.ENTER);
            wait.until(x -> x.getCurrentUrl().contains("country=KE"));
            waitLive(d);
            wait.until(x -> alertCard(x, kenya).isPresent() && alertCard(x, uganda).isEmpty());
            assertEquals("KE", d.findElement(By.id("f-country")).getAttribute("value"));

            // the category picker is the API's taxonomy: its ids as values, its labels as text
            List<String> offered = d.findElements(By.cssSelector("#f-category option")).stream()
                    .map(o -> o.getAttribute("value") + "=" + o.getText()).toList();
            List<String> served = new java.util.ArrayList<>(List.of("=any category"));
            org.countersight.events.Taxonomy.CATEGORIES.forEach(c -> served.add(c.id() + "=" + c.label()));
            assertEquals(served, offered);

            // the live stream is filtered too: a new Ugandan alert stays away, a new Kenyan one arrives
            String laterUganda = Fixtures.uniqueWord();
            String laterKenya = Fixtures.uniqueWord();
            publishAlert("Later " + laterUganda + " cameras", "UG", "cctv");
            publishAlert("Later " + laterKenya + " face scans", "KE", "facial_recognition");
            wait.until(x -> alertCard(x, laterKenya).isPresent());
            assertTrue(alertCard(d, laterUganda).isEmpty());
            b.screenshot("02-country-filter");

            // the URL alone reproduces the view (bookmark / share)
            d.get(root + "?country=UG");
            waitLive(d);
            wait.until(x -> alertCard(x, uganda).isPresent() && alertCard(x, kenya).isEmpty());
            assertEquals("UG", d.findElement(By.id("f-country")).getAttribute("value"));
        }
    }

    @Test
    void searchShowsAHighlightedHitChartAndCountries() {
        String word = Fixtures.uniqueWord();
        String text = "Police in Nairobi deployed facial recognition cameras near the " + word
                + " market, according to officials. <img src=x onerror=\"window.__xss=1\"> Critics asked who keeps the images.";
        TaggedArticle a = Fixtures.article("https://news.example.org/" + UUID.randomUUID(),
                "Nairobi switches on face cameras at " + word + " market", text,
                Instant.now().minus(1, ChronoUnit.DAYS), List.of("KE"), List.of("facial_recognition", "cctv"));
        Fixtures.sendAll(Topics.ARTICLES_TAGGED, List.of(a));
        await().atMost(WAIT).until(() -> given().queryParam("q", word).get("/api/v1/articles").jsonPath().getInt("total") == 1);

        try (Browser b = Browser.start(1366, 1000)) {
            WebDriver d = b.driver;
            d.get(root + "?view=timeline");
            WebDriverWait wait = new WebDriverWait(d, WAIT);
            WebElement box = wait.until(x -> x.findElement(By.id("s-q")));
            box.sendKeys(word, Keys.ENTER);
            wait.until(x -> x.getCurrentUrl().contains("q=" + word));
            WebElement hit = wait.until(x -> x.findElements(By.cssSelector("#results .snippet mark")).stream()
                    .filter(m -> m.getText().equalsIgnoreCase(word)).findFirst().orElse(null));
            WebElement result = hit.findElement(By.xpath("ancestor::li[contains(@class,'result')]"));
            assertTrue(result.getText().contains("Nairobi switches on face cameras"), result.getText());
            assertTrue(result.findElements(By.tagName("img")).isEmpty(), "snippet markup other than <mark> is text");
            assertNull(js(d, "return window.__xss"));
            assertTrue(d.findElement(By.id("results-count")).getText().startsWith("1 article"));
            // the chart: stacked bars per day, one rect per category
            wait.until(x -> x.findElements(By.cssSelector("#chart svg rect[data-category]")).size() >= 2);
            // facet counts and the ranked countries
            WebElement facet = wait.until(x -> x.findElements(By.cssSelector("#facets .facet-value")).stream()
                    .filter(e -> e.getText().contains("Facial recognition")).findFirst().orElse(null));
            assertTrue(facet.getText().contains("1"), facet.getText());
            WebElement kenya = wait.until(x -> x.findElements(By.cssSelector("#countries .bar-row")).stream()
                    .filter(e -> e.getText().contains("Kenya")).findFirst().orElse(null));
            // bar widths are set through CSSOM: the Content-Security-Policy (no inline styles) lets them apply
            String width = (String) js(d, "return document.querySelector('#countries .bar-fill').style.width");
            assertTrue(width != null && width.endsWith("%"), "bar width applied under the CSP: " + width);
            b.screenshot("03-search-highlight");
            kenya.click();
            wait.until(x -> x.getCurrentUrl().contains("country=KE") && x.getCurrentUrl().contains("view=timeline"));
            wait.until(x -> x.findElements(By.cssSelector("#active-filters .chip")).stream().anyMatch(e -> e.getText().contains("Kenya")));
            wait.until(x -> !x.findElements(By.cssSelector("#results .snippet mark")).isEmpty());
        }
    }

    @Test
    void sourcesViewListsAFailingSourceWithItsReasonAndAddsSources() throws Exception {
        String feedUrl = "http://198.51.100.23/feeds/" + UUID.randomUUID() + ".xml";
        String id = Source.idFor(feedUrl);
        String reason = "HTTP 503 Service Unavailable from upstream (" + Fixtures.uniqueWord() + ")";
        Fixtures.send(Topics.SOURCES, id, new Source(Source.SCHEMA_VERSION, id, feedUrl, "Failing Daily", "KE", "en", 15,
                Instant.now().minus(2, ChronoUnit.DAYS)));
        Fixtures.send(Topics.SOURCES_STATUS, id, new SourceStatus(SourceStatus.SCHEMA_VERSION, id, feedUrl,
                SourceStatus.State.ERROR, Instant.now().minusSeconds(120), Instant.now().minus(1, ChronoUnit.DAYS), 503, reason,
                0, 0, 57, 4, Instant.now().plusSeconds(600), null, null));
        await().atMost(WAIT).until(() -> "ERROR".equals(given().get("/api/v1/sources/" + id).jsonPath().getString("health")));

        try (Browser b = Browser.start(1366, 1000)) {
            WebDriver d = b.driver;
            d.get(root + "?view=sources");
            WebDriverWait wait = new WebDriverWait(d, WAIT);
            WebElement row = wait.until(x -> x.findElement(By.cssSelector("tr[data-source-id='" + id + "']")));
            String text = row.getText();
            assertTrue(text.contains("Failing Daily"), text);
            assertTrue(text.contains("ERROR"), text);
            assertTrue(text.contains(reason), text);
            assertTrue(text.contains("57"), text);
            b.screenshot("04-sources-failing");

            // adding needs the key, which stays in sessionStorage only
            String added = "http://198.51.100.24/feeds/" + UUID.randomUUID() + ".xml";
            d.findElement(By.id("a-url")).sendKeys(added);
            d.findElement(By.cssSelector("#add-form button[type=submit]")).click();
            wait.until(x -> x.findElement(By.id("a-status")).getText().contains("API key"));
            d.findElement(By.id("k-key")).sendKeys("test-key-1", Keys.ENTER);
            wait.until(x -> x.findElement(By.id("k-status")).getText().contains("key is set"));
            assertEquals("test-key-1", js(d, "return sessionStorage.getItem('countersight.apiKey')"));
            assertNull(js(d, "return localStorage.getItem('countersight.apiKey')"));
            d.findElement(By.cssSelector("#add-form button[type=submit]")).click();
            wait.until(x -> x.findElement(By.id("a-status")).getText().startsWith("Added"));
            wait.until(x -> !x.findElements(By.cssSelector("tr[data-source-id='" + Source.idFor(added) + "']")).isEmpty());

            // OPML import: the server reads the file, the page reports each outline
            String good = "http://198.51.100.25/feeds/" + UUID.randomUUID() + ".xml";
            Path opml = Files.createTempFile("countersight-", ".opml");
            Files.writeString(opml, """
                    <?xml version="1.0" encoding="UTF-8"?>
                    <opml version="2.0"><head><title>export</title></head><body>
                      <outline text="News"><outline type="rss" text="Good Feed" title="Good Feed" xmlUrl="%s"/></outline>
                      <outline type="rss" text="Again" xmlUrl="%s"/>
                      <outline type="rss" text="Local" xmlUrl="http://127.0.0.1:9/feed.xml"/>
                    </body></opml>
                    """.formatted(good, added));
            d.findElement(By.id("o-file")).sendKeys(opml.toAbsolutePath().toString());
            d.findElement(By.cssSelector("#opml-form button[type=submit]")).click();
            wait.until(x -> x.findElement(By.id("o-status")).getText().startsWith("OPML:"));
            assertEquals("OPML: 1 added, 1 already registered, 1 refused.", d.findElement(By.id("o-status")).getText());
            String report = d.findElement(By.id("opml-report")).getText();
            assertTrue(report.contains("Good Feed") && report.contains("added"), report);
            assertTrue(report.contains("already registered"), report);
            assertTrue(report.contains("refused: "), report);
            Files.deleteIfExists(opml);
            assertNoSidewaysScrolling(d, "?view=sources");
            b.fullPageScreenshot("05-sources-added", 1366);
        }
    }

    @Test
    void coverageViewListsCountriesSortsByKeyboardAndOpensACountrysSources() {
        String name = "Windhoek Ledger " + Fixtures.uniqueWord();
        String feedUrl = "http://198.51.100.31/feeds/" + UUID.randomUUID() + ".xml";
        String id = Source.idFor(feedUrl);
        Fixtures.send(Topics.SOURCES, id, new Source(Source.SCHEMA_VERSION, id, feedUrl, name, "NA", "en", 15,
                Instant.now().minus(3, ChronoUnit.DAYS)));
        Fixtures.send(Topics.SOURCES_STATUS, id, new SourceStatus(SourceStatus.SCHEMA_VERSION, id, feedUrl,
                SourceStatus.State.ERROR, Instant.now().minusSeconds(60), Instant.now().minus(1, ChronoUnit.DAYS), null,
                "could not connect to 198.51.100.31 within 10 s", 0, 0, 12, 3, Instant.now().plusSeconds(600), null, null,
                SourceStatus.Failure.CONNECT_TIMEOUT));
        await().atMost(WAIT).until(() -> given().get("/api/v1/coverage/NA").jsonPath().getInt("failingByReason.network") == 1);

        try (Browser b = Browser.start(1366, 1000)) {
            WebDriver d = b.driver;
            d.get(root + "?view=coverage");
            // the view re-renders its table when fresh figures arrive: read and act through waits that retry on stale elements
            WebDriverWait wait = new WebDriverWait(d, WAIT);
            wait.ignoring(StaleElementReferenceException.class);
            String rowText = wait.until(x -> {
                String t = x.findElement(By.cssSelector("tr[data-country='NA']")).getText();
                return t.contains("Namibia") && t.contains("1 network") ? t : null;
            });
            assertTrue(rowText.contains("Namibia"), rowText);
            assertEquals("Coverage · Countersight", waitForTitle(d));

            // sorting by keyboard: the column header is a button, its th says how the table is sorted
            wait.until(x -> {
                x.findElements(By.cssSelector("#coverage-head th button")).stream()
                        .filter(e -> e.getText().startsWith("Failing")).findFirst().orElseThrow().sendKeys(Keys.ENTER);
                return true;
            });
            wait.until(x -> "descending".equals(x.findElements(By.cssSelector("#coverage-head th")).stream()
                    .filter(e -> e.getText().startsWith("Failing")).findFirst().orElseThrow().getAttribute("aria-sort")));

            // a country opens its sources, the toggle says so to screen readers
            wait.until(x -> {
                x.findElement(By.cssSelector("tr[data-country='NA'] .cov-toggle")).sendKeys(Keys.ENTER);
                return true;
            });
            wait.until(x -> x.findElement(By.id("cov-detail-NA")).getText().contains(name));
            wait.until(x -> "true".equals(x.findElement(By.cssSelector("tr[data-country='NA'] .cov-toggle")).getAttribute("aria-expanded")));
            assertTrue(wait.until(x -> x.findElement(By.id("cov-detail-NA")).getText()).contains("CONNECT_TIMEOUT"));
            b.screenshot("07-coverage");
        }
    }

    @Test
    void phoneWidthHasNoHorizontalScrolling() {
        publishAlert("Phone-width check " + Fixtures.uniqueWord() + " for a long title that has to wrap on small screens", "TZ",
                "internet_shutdown");
        try (Browser b = Browser.phone(390, 844)) {
            WebDriver d = b.driver;
            Map<String, String> loaded = new java.util.LinkedHashMap<>();
            loaded.put("", "#alerts-list li");
            loaded.put("?view=timeline", "#chart svg, #chart p");
            loaded.put("?view=vendors", "#world-map svg");
            loaded.put("?view=sources", "#sources-body tr");
            loaded.put("?view=coverage", "#coverage-body tr");
            for (String view : loaded.keySet()) {
                d.get(root + view);
                new WebDriverWait(d, WAIT).until(x -> !x.findElements(By.cssSelector(loaded.get(view))).isEmpty());
                assertEquals(390L, ((Number) js(d, "return window.innerWidth")).longValue());
                assertNoSidewaysScrolling(d, view);
                b.screenshot("06-phone" + (view.isEmpty() ? "-alerts" : "-" + view.substring(6)));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------

    static void publishAlert(String title, String country, String category) {
        Alert a = Fixtures.alert(title, country, category, 0.8);
        Fixtures.send(Topics.ALERTS, a.articleId(), a);
    }

    static Optional<WebElement> alertCard(WebDriver d, String word) {
        return d.findElements(By.cssSelector("#alerts-list li.alert")).stream()
                .filter(e -> e.findElement(By.cssSelector(".alert-title")).getText().contains(word)).findFirst();
    }

    static void waitLive(WebDriver d) {
        new WebDriverWait(d, WAIT).until(x -> "live".equals(x.findElement(By.id("stream-status")).getAttribute("data-state")));
    }

    static String waitForTitle(WebDriver d) {
        new WebDriverWait(d, WAIT).until(x -> x.getTitle().contains("·"));
        return d.getTitle().replaceFirst("^\\(\\d+\\) ", "");
    }

    /** The page is no wider than the viewport; names the elements that stick out when it is. */
    static void assertNoSidewaysScrolling(WebDriver d, String view) {
        Object wide = js(d, """
                const vw = document.documentElement.clientWidth;
                if (document.documentElement.scrollWidth <= vw) return null;
                return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > vw + 1)
                  .slice(0, 8).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' right='
                    + Math.round(e.getBoundingClientRect().right)).join('; ') + ' (viewport ' + vw + ')';
                """);
        assertNull(wide, view + " scrolls sideways: " + wide);
    }

    static Object js(WebDriver d, String script) {
        return ((JavascriptExecutor) d).executeScript(script);
    }
}
