package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.countersight.events.ArticleIds;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Vendors view in a real headless Chromium against the running api and the in-JVM broker: the map colours the
 * countries with events, a click (or Enter on a focused country) filters the flows, the vendor page shows its
 * evidence, and the flows table reads as cards on a phone. Skipped, with the reason, without Chromium.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class VendorsDashboardTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final String LA_PAZ = "Bolivia's national police installed Dahua cameras along the main avenues of La Paz.";
    static final String CUSCO = "Peru's border police flew DJI drones over the crossings near Cusco to watch migrants.";
    static boolean published;

    @TestHTTPResource("/")
    URL root;

    @BeforeEach
    void ready() {
        Browser.assumeInstalled();
        Fixtures.awaitReady();
        if (!published) {
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Fixtures.sendAll(Topics.ARTICLES_TAGGED, List.of(
                    article("la-paz-cameras", "La Paz police cameras", LA_PAZ, now.minus(3, ChronoUnit.DAYS), "cctv", "BO", "Dahua"),
                    // one sentence, two readings (as the tagger gives a vendor's deployment abroad)
                    article("cusco-drones", "Drones over Cusco crossings", CUSCO, now.minus(1, ChronoUnit.DAYS), "drones", "PE", "DJI",
                            "vendor_export")));
            published = true;
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                given().queryParam("country", "BO,PE").get("/api/v1/flows").then().extract().jsonPath()
                        .getList("edges").size() >= 2);
    }

    static TaggedArticle article(String slug, String title, String sentence, Instant at, String category, String country,
            String vendor, String... moreCategories) {
        String url = "https://dashboard-flows.example.org/" + slug;
        List<TaggedArticle.Event> events = new java.util.ArrayList<>();
        for (String c : java.util.stream.Stream.concat(java.util.stream.Stream.of(category), java.util.Arrays.stream(moreCategories)).toList()) {
            events.add(new TaggedArticle.Event(c, c, sentence, 0, sentence.length(), 0.83, country, List.of(vendor),
                    List.of("police"), false));
        }
        return new TaggedArticle(TaggedArticle.SCHEMA_VERSION, ArticleIds.fromUrl(url), url, "src-flows", "Andes Wire",
                null, title, title, sentence, "en", at, at.plusSeconds(30), Instant.now(), true, 0.9, false, List.of(),
                List.of(new TaggedArticle.CountryRef(country, TaggedArticle.CountryRef.EVENT)),
                List.of(new TaggedArticle.Vendor(vendor, "CN")), List.copyOf(events), new TaggedArticle.Versions("test", "1.1", "4.5.10"));
    }

    /** Waits that retry when a redraw replaced the element between finding and reading it. */
    static WebDriverWait waitFor(WebDriver d) {
        WebDriverWait w = new WebDriverWait(d, WAIT);
        w.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return w;
    }

    static List<WebElement> flowRows(WebDriver d) {
        return d.findElements(By.cssSelector("#flows-body tr[data-to]"));
    }

    @Test
    void clickingACountryOnTheMapFiltersTheFlows() {
        try (Browser b = Browser.start(1366, 1000)) {
            WebDriver d = b.driver;
            WebDriverWait wait = waitFor(d);
            d.get(root + "?view=vendors");
            wait.until(x -> x.getTitle().startsWith("Vendors"));
            WebElement bolivia = wait.until(x -> x.findElements(By.cssSelector("#world-map path.has-events[data-code='BO']"))
                    .stream().findFirst().orElse(null));
            assertTrue(bolivia.getAttribute("aria-label").startsWith("Bolivia: 1 article"), bolivia.getAttribute("aria-label"));
            assertFalse(bolivia.getAttribute("class").contains("map-q0"), "coloured: " + bolivia.getAttribute("class"));
            wait.until(x -> flowRows(x).stream().anyMatch(r -> "PE".equals(r.getAttribute("data-to"))));
            b.screenshot("vendors-01-map");

            bolivia.click();
            wait.until(x -> x.getCurrentUrl().contains("country=BO"));
            wait.until(x -> !flowRows(x).isEmpty()
                    && flowRows(x).stream().allMatch(r -> "BO".equals(r.getAttribute("data-to"))));
            WebElement row = flowRows(d).get(0);
            assertEquals("CN", row.getAttribute("data-from"));
            assertEquals("cctv", row.getAttribute("data-category"));
            assertTrue(row.getText().contains("China") && row.getText().contains("Bolivia") && row.getText().contains("dahua"),
                    row.getText());
            // the evidence sentence is one click away
            row.findElement(By.cssSelector("details summary")).click();
            assertEquals(LA_PAZ, row.findElement(By.cssSelector("details blockquote")).getText());
            assertEquals("BO", d.findElement(By.id("f-country")).getAttribute("value"), "the shared filter follows the map");
            assertTrue(d.findElement(By.cssSelector("#world-map path[data-code='BO']")).getAttribute("class").contains("is-selected"));
            // the other views get the country too
            assertTrue(d.findElement(By.cssSelector("a[data-view='alerts']")).getAttribute("href").contains("country=BO"));
            b.screenshot("vendors-02-filtered");

            // keyboard: a country with events is a button; Enter picks it
            WebElement peru = d.findElement(By.cssSelector("#world-map path.has-events[data-code='PE']"));
            assertEquals("button", peru.getAttribute("role"));
            assertEquals("0", peru.getAttribute("tabindex"));
            peru.sendKeys(Keys.ENTER);
            wait.until(x -> x.getCurrentUrl().contains("country=PE"));
            wait.until(x -> !flowRows(x).isEmpty()
                    && flowRows(x).stream().allMatch(r -> "PE".equals(r.getAttribute("data-to"))));

            // the vendor list leads to the vendor page with its evidence
            WebElement dji = wait.until(x -> x.findElements(By.cssSelector("#vendor-list a[data-vendor-id='dji']"))
                    .stream().findFirst().orElse(null));
            dji.click();
            wait.until(x -> x.getCurrentUrl().contains("vendorId=dji"));
            wait.until(x -> "DJI".equals(x.findElement(By.id("vp-name")).getText()));
            WebElement evidence = wait.until(x -> x.findElements(By.cssSelector("#vp-evidence blockquote")).stream()
                    .findFirst().orElse(null));
            assertEquals(CUSCO, evidence.getText());
            // the sentence supports two categories and is shown once, naming both
            List<WebElement> items = d.findElements(By.cssSelector("#vp-evidence li"));
            assertEquals(1, items.size(), "one evidence item per sentence");
            assertTrue(items.get(0).getText().contains("Vendor export"), items.get(0).getText());
            assertTrue(d.findElement(By.id("vp-meta")).getText().contains("China"));
            assertFalse(d.findElement(By.id("vendors-overview")).isDisplayed(), "the vendor page replaces the overview");
            assertFalse(d.findElements(By.cssSelector("#vp-chart svg rect.month-bar")).isEmpty(), "a timeline bar");
            assertTrue(d.findElement(By.id("vp-deployments")).getText().contains("Peru"));
            b.screenshot("vendors-03-vendor-page");
            d.navigate().back();
            wait.until(x -> x.findElement(By.id("vendors-overview")).isDisplayed());

            List<String> severe = d.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(l -> l.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                    .map(Object::toString).toList();
            assertTrue(severe.isEmpty(), "no script errors: " + severe);
        }
    }

    @Test
    void flowsReadAsCardsOnAPhone() {
        try (Browser b = Browser.phone(390, 844)) {
            WebDriver d = b.driver;
            WebDriverWait wait = waitFor(d);
            d.get(root + "?view=vendors&country=BO");
            wait.until(x -> !flowRows(x).isEmpty());
            WebElement cell = flowRows(d).get(0).findElement(By.cssSelector("td"));
            assertEquals("block", cell.getCssValue("display"), "cells stack on a phone");
            Object overflow = d.manage().window().getSize().getWidth();
            Number scrollWidth = (Number) ((org.openqa.selenium.JavascriptExecutor) d)
                    .executeScript("return document.documentElement.scrollWidth");
            assertTrue(scrollWidth.intValue() <= 390 + 1, "no sideways scrolling: " + scrollWidth + " vs " + overflow);
            b.screenshot("vendors-04-phone");
        }
    }
}
