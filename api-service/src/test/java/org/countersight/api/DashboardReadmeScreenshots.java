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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/**
 * Not part of the normal build: makes the README's screenshots from realistic demo data (the stories of the
 * bundled demo feed, tagged by hand as nlp-service would). Run alone, so the broker holds nothing else:
 * <pre>
 * ./mvnw -pl api-service verify -Dtest=DashboardReadmeScreenshots -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Ddashboard.readme-screenshots=$PWD/docs
 * </pre>
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@EnabledIfSystemProperty(named = "dashboard.readme-screenshots", matches = ".+")
class DashboardReadmeScreenshots {

    @TestHTTPResource("/")
    URL root;

    record Story(String source, String title, String summary, String sentence, String trigger, String country,
                 List<String> categories, List<String> vendors, double confidence, double hoursAgo, boolean denied) {
    }

    static final List<Story> STORIES = List.of(
            new Story("Mekong Herald", "Phnom Penh police switch on facial recognition cameras at major intersections",
                    "Cambodia's capital has begun matching faces from hundreds of new street cameras against a police watchlist.",
                    "Police in Phnom Penh have switched on a network of facial recognition cameras at forty major intersections, the city's police commissioner told reporters on Monday.",
                    "facial recognition cameras", "KH", List.of("facial_recognition", "cctv"), List.of(), 0.91, 1.2, false),
            new Story("East Africa Wire", "Mobile internet cut across the country as Tanzania counts election votes",
                    "Operators confirmed they received a government order to suspend mobile data until the results are announced.",
                    "Two mobile operators confirmed that the communications regulator had ordered them to suspend mobile data services until the electoral commission announces the results.",
                    "suspend mobile data", "TZ", List.of("internet_shutdown"), List.of(), 0.88, 2.5, false),
            new Story("Balkan Insight Daily", "Forensic researchers find spyware on phones of three Serbian journalists",
                    "A lab analysis found traces of a commercial intrusion tool on devices belonging to reporters.",
                    "Forensic researchers say they have found traces of commercial spyware on the phones of three journalists in Serbia who investigate corruption cases.",
                    "spyware", "RS", List.of("spyware"), List.of(), 0.84, 3.7, true),
            new Story("Nairobi Observer", "Police drones hover over Nairobi protest as officers track march organisers",
                    "Demonstrators said surveillance drones followed them through the city centre.",
                    "Several police surveillance drones hovered over thousands of demonstrators marching through central Nairobi on Tuesday against a new finance bill.",
                    "surveillance drones", "KE", List.of("drones", "protest_crackdown"), List.of(), 0.93, 5.1, false),
            new Story("Central Asia Monitor", "New national firewall in Turkmenistan blocks news sites and VPN services",
                    "The state telecom operator began filtering traffic through a central gateway.",
                    "Engineers who examined the traffic said the gateway uses deep packet inspection to detect and block encrypted tunnels.",
                    "deep packet inspection", "TM", List.of("censorship_firewall"), List.of(), 0.86, 6.4, false),
            new Story("Kampala Times", "Chinese vendor to supply safe city surveillance system to Uganda",
                    "The contract covers cameras, a central monitoring centre and face and number-plate recognition.",
                    "The government of Uganda has signed a contract with Huawei to build a safe city surveillance system covering Kampala and four other cities.",
                    "safe city surveillance system", "UG", List.of("smart_city", "vendor_export"), List.of("Huawei"), 0.9, 7.8, false),
            // older coverage, for the timeline
            new Story("Nairobi Observer", "Kenya expands digital ID enrolment with fingerprint and face capture",
                    "Registration centres now collect biometrics from every applicant.", "Registration centres across Kenya began collecting fingerprints and face images for the new digital ID.",
                    "fingerprints", "KE", List.of("biometric_id"), List.of(), 0.8, 30, false),
            new Story("Mekong Herald", "Cambodia orders telecoms to route traffic through national gateway",
                    "A sub-decree gives the regulator power to block sites.", "The sub-decree orders all internet traffic to pass through a national internet gateway run by the regulator.",
                    "national internet gateway", "KH", List.of("censorship_firewall"), List.of(), 0.87, 52, false),
            new Story("East Africa Wire", "Uganda blocks Facebook ahead of vote", "Users report access only over VPNs.",
                    "The communications commission ordered providers to block Facebook and WhatsApp until further notice.",
                    "block Facebook", "UG", List.of("social_media_ban"), List.of(), 0.85, 75, false),
            new Story("Balkan Insight Daily", "Belgrade police test face-matching cameras supplied by Chinese firm",
                    "Interior ministry confirms a pilot in two districts.", "The interior ministry said Huawei cameras with face matching were being tested in two Belgrade districts.",
                    "face matching", "RS", List.of("facial_recognition", "vendor_export"), List.of("Huawei"), 0.82, 100, false),
            new Story("Nairobi Observer", "Court hears challenge to police monitoring of protest organisers' phones",
                    "Lawyers say call records were obtained without warrants.", "Lawyers told the court that police obtained call records of protest organisers without warrants.",
                    "call records", "KE", List.of("data_monitoring", "protest_crackdown"), List.of(), 0.78, 126, false),
            new Story("Central Asia Monitor", "Turkmenistan throttles mobile internet during holiday", "Speeds fell below 1 Mbit/s.",
                    "Residents said mobile internet was throttled to a crawl for three days during the holiday.",
                    "throttled", "TM", List.of("internet_shutdown"), List.of(), 0.74, 170, false),
            new Story("Mekong Herald", "Siem Reap adds 200 CCTV cameras to city network", "Police say the cameras will cover tourist areas.",
                    "Police in Siem Reap installed 200 CCTV cameras connected to a new monitoring room.",
                    "CCTV cameras", "KH", List.of("cctv"), List.of(), 0.8, 200, false));

    @Test
    void readmeScreenshots() throws Exception {
        Path out = Path.of(System.getProperty("dashboard.readme-screenshots"));
        Files.createDirectories(out);
        Fixtures.awaitReady();
        Instant now = Instant.now();
        List<TaggedArticle> articles = new ArrayList<>();
        for (Story s : STORIES) {
            articles.add(article(s, now));
        }
        Fixtures.sendAll(Topics.ARTICLES_TAGGED, articles);
        // alerts for the fresh ones, oldest first; the newest is published while the page is open
        for (int i = 5; i >= 1; i--) {
            Fixtures.send(Topics.ALERTS, articles.get(i).id(), alert(articles.get(i), STORIES.get(i), now));
        }
        sources(now);
        await().atMost(Duration.ofSeconds(20)).until(() -> given().get("/api/v1/articles").jsonPath().getInt("total") == STORIES.size());

        try (Browser b = Browser.start(1280, 1000)) {
            WebDriver d = b.driver;
            WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(20));
            d.get(root.toString());
            DashboardTest.waitLive(d);
            try {
                wait.until(x -> x.findElements(By.cssSelector("#alerts-list li.alert")).size() == 5);
            } catch (RuntimeException e) {
                b.screenshot("readme-failed");
                throw new AssertionError("alerts shown: " + d.findElements(By.cssSelector("#alerts-list li.alert")).size() + "; "
                        + given().get("/api/v1/alerts").asString().length() + " bytes of recent alerts", e);
            }
            Fixtures.send(Topics.ALERTS, articles.get(0).id(), alert(articles.get(0), STORIES.get(0), now));
            wait.until(x -> x.findElements(By.cssSelector("#alerts-list li.is-new")).size() == 1);
            Thread.sleep(800); // let the arrival animation finish
            copy(b.screenshot("readme-alerts"), out.resolve("dashboard.png"));

            d.get(root + "?view=timeline&interval=day");
            wait.until(x -> !x.findElements(By.cssSelector("#chart svg rect")).isEmpty());
            copy(b.screenshot("readme-timeline"), out.resolve("dashboard-timeline.png"));

            d.get(root + "?view=sources");
            wait.until(x -> x.findElements(By.cssSelector("#sources-body tr.source-row")).size() == 4);
            copy(b.screenshot("readme-sources"), out.resolve("dashboard-sources.png"));
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    private static TaggedArticle article(Story s, Instant now) {
        String slug = s.title().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        String url = "https://" + s.source().toLowerCase().replaceAll("[^a-z]+", "") + ".example/news/" + slug;
        Instant published = now.minus((long) (s.hoursAgo() * 3600), ChronoUnit.SECONDS);
        String text = s.summary() + " " + s.sentence();
        int start = text.indexOf(s.sentence());
        List<TaggedArticle.Event> events = s.categories().stream().map(c -> new TaggedArticle.Event(c, s.trigger(), s.sentence(),
                start, start + s.sentence().length(), s.confidence(), s.country(), s.vendors(), List.of("police"), s.denied())).toList();
        return new TaggedArticle(TaggedArticle.SCHEMA_VERSION, ArticleIds.fromUrl(url), url, Source.idFor(feed(s.source())), s.source(),
                null, s.title(), s.summary(), text, "en", published, published.plusSeconds(240), published.plusSeconds(250), true,
                s.confidence(), false, List.of(), List.of(new TaggedArticle.CountryRef(s.country(), TaggedArticle.CountryRef.EVENT)),
                s.vendors().stream().map(v -> new TaggedArticle.Vendor(v, "CN")).toList(), events,
                new TaggedArticle.Versions("demo", "v1", "4.5.10"));
    }

    private static Alert alert(TaggedArticle a, Story s, Instant now) {
        return new Alert(Alert.SCHEMA_VERSION, a.id(), null, a.url(), a.title(), a.sourceId(), a.sourceName(), a.publishedAt(),
                a.taggedAt(), s.confidence(), List.of(s.country()), s.categories(), a.events());
    }

    private static String feed(String source) {
        return "https://" + source.toLowerCase().replaceAll("[^a-z]+", "") + ".example/feed.xml";
    }

    private static void sources(Instant now) {
        String[][] rows = {
                {"Mekong Herald", "KH", "OK", null},
                {"East Africa Wire", "TZ", "OK", null},
                {"Nairobi Observer", "KE", "NOT_MODIFIED", null},
                {"Kampala Times", "UG", "ERROR", "HTTP 503 Service Unavailable (3rd failure in a row; next try with backoff)"},
        };
        for (String[] r : rows) {
            String url = feed(r[0]);
            String id = Source.idFor(url);
            Fixtures.send(Topics.SOURCES, id, new Source(Source.SCHEMA_VERSION, id, url, r[0], r[1], "en", 15, now.minus(9, ChronoUnit.DAYS)));
            boolean error = "ERROR".equals(r[2]);
            Fixtures.send(Topics.SOURCES_STATUS, id, new SourceStatus(SourceStatus.SCHEMA_VERSION, id, url, SourceStatus.State.valueOf(r[2]),
                    now.minusSeconds(140), error ? now.minus(2, ChronoUnit.HOURS) : now.minusSeconds(140), error ? 503 : 200, r[3],
                    error ? 0 : 25, error ? 0 : 2, 180 + r[0].length() * 7L, error ? 3 : 0, now.plusSeconds(error ? 1800 : 760), null, null));
        }
    }
}
