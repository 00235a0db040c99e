package org.countersight.ingest.fulltext;

import com.sun.net.httpserver.HttpServer;
import org.countersight.events.ArticleIds;
import org.countersight.events.RawArticle;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.fetch.FeedFetcher;
import org.countersight.ingest.fetch.HostGate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Article pages from a real local HTTP server: extraction, page dates, robots.txt, SSRF check, politeness. */
class FullTextFetcherTest {

    private static final Instant FETCHED = Instant.parse("2026-03-05T12:00:00Z");
    private static final String PARAGRAPHS = """
            <p>The city council of Northbridge approved on Tuesday the purchase of two hundred cameras with face matching software, to be installed around the central station and the old market by the end of the year.</p>
            <p>Council members who voted against the plan said the contract, worth four million, was signed without a public consultation, and that nobody had explained how long the images would be kept.</p>
            <p>A spokesperson for the mayor said the system would only be used to look for people on a police watch list, and that an independent board would review its use every six months.</p>
            """;
    private static final String PAGE = """
            <!DOCTYPE html><html><head><title>Cameras</title>
            <meta property="article:published_time" content="2026-03-03T07:45:00+01:00">
            </head><body>
            <header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport and many other sections of this site</a></nav></header>
            <div class="layout"><aside class="sidebar"><p>Most read: a long list of other stories that have nothing to do with this one at all.</p></aside>
            <div class="story-body"><h1>Cameras</h1>%s</div>
            <div class="related-links"><p>Related: another story about something else entirely, with a long title here.</p></div>
            </div><footer><p>Copyright notice and a long footer text that should never be part of the article text.</p></footer>
            <script>var tracking = "this is not text";</script></body></html>
            """.formatted(PARAGRAPHS);
    private static final String JSON_LD_PAGE = """
            <html><head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage"},
            {"@type":"NewsArticle","headline":"x","datePublished":"2026-03-02T10:00:00Z"}]}</script></head>
            <body><article>%s</article></body></html>
            """.formatted(PARAGRAPHS);

    private HttpServer server;
    private String base;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Long> requestTimes = new ConcurrentHashMap<>();
    private volatile int robotsStatus = 200;
    private volatile String robots = "User-agent: *\nDisallow: /private/\n\nUser-agent: countersight\nDisallow: /members/\n";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            requests.add(path);
            requestTimes.put(path, System.nanoTime());
            byte[] body;
            int status = 200;
            String type = "text/html; charset=utf-8";
            if (path.equals("/robots.txt")) {
                body = robots.getBytes(StandardCharsets.UTF_8);
                status = robotsStatus;
                type = "text/plain";
            } else if (path.endsWith(".pdf")) {
                body = "%PDF-1.4".getBytes(StandardCharsets.UTF_8);
                type = "application/pdf";
            } else if (path.startsWith("/jsonld")) {
                body = JSON_LD_PAGE.getBytes(StandardCharsets.UTF_8);
            } else {
                body = PAGE.getBytes(StandardCharsets.UTF_8);
            }
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static FetchSettings settings(boolean allowPrivate) {
        return new FetchSettings(allowPrivate, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(3),
                1024 * 1024, 5, FetchSettings.userAgentFor("https://contact.example.org/bot"), Duration.ZERO, 2);
    }

    private FullTextFetcher fullText(boolean allowPrivate, Duration perHost) {
        return new FullTextFetcher(new FeedFetcher(settings(allowPrivate)), new HostGate(perHost),
                new FullTextFetcher.Settings(true, 400, 20));
    }

    private static RawArticle shortItem(String url, boolean dated) {
        return new RawArticle(1, ArticleIds.fromUrl(url), url, "src", "Source", ArticleIds.fromUrl(url), null, "Cameras",
                "Council buys cameras.", "Council buys cameras.", "en", dated ? Instant.parse("2026-03-04T00:00:00Z") : FETCHED,
                !dated, FETCHED);
    }

    @Test
    void aShortItemGetsTheMainTextAndDateOfItsPage() {
        RawArticle a = fullText(true, Duration.ZERO).enrich(List.of(shortItem(base + "/news/cameras", false))).get(0);
        assertTrue(a.text().startsWith("The city council of Northbridge approved"), a.text());
        assertTrue(a.text().contains("an independent board would review its use"), a.text());
        assertEquals(3, a.text().split("\n\n").length, "three paragraphs, nothing else: " + a.text());
        assertFalse(a.text().contains("Most read") || a.text().contains("Copyright") || a.text().contains("Related")
                || a.text().contains("tracking") || a.text().contains("Sport"), a.text());
        assertEquals("Council buys cameras.", a.summary(), "the summary stays the feed's");
        assertEquals(Instant.parse("2026-03-03T06:45:00Z"), a.publishedAt(), "article:published_time");
        assertFalse(a.publishedAtEstimated());
        assertEquals(List.of("/robots.txt", "/news/cameras"), requests);
    }

    @Test
    void jsonLdDatePublishedIsUsedAndAFeedDateIsKept() {
        FullTextFetcher ft = fullText(true, Duration.ZERO);
        RawArticle undated = ft.enrich(List.of(shortItem(base + "/jsonld/1", false))).get(0);
        assertEquals(Instant.parse("2026-03-02T10:00:00Z"), undated.publishedAt());
        RawArticle dated = ft.enrich(List.of(shortItem(base + "/jsonld/2", true))).get(0);
        assertEquals(Instant.parse("2026-03-04T00:00:00Z"), dated.publishedAt(), "the feed's own date wins");
        assertEquals(1, requests.stream().filter(p -> p.equals("/robots.txt")).count(), "robots.txt cached per host");
    }

    @Test
    void robotsTxtThatForbidsThePageIsObeyed() {
        robots = "User-agent: *\nDisallow: /private/\n";
        RawArticle forAll = fullText(true, Duration.ZERO).enrich(List.of(shortItem(base + "/private/cameras", false))).get(0);
        assertEquals("Council buys cameras.", forAll.text());
        assertTrue(forAll.publishedAtEstimated());
        assertEquals(List.of("/robots.txt"), requests, "the forbidden page was never requested");
        // a group naming our agent is the one that applies to us (RFC 9309): /members/ forbidden, /private/ not
        robots = "User-agent: *\nDisallow: /private/\n\nUser-agent: Countersight\nDisallow: /members/\n";
        requests.clear();
        FullTextFetcher ft = fullText(true, Duration.ZERO);
        RawArticle forUs = ft.enrich(List.of(shortItem(base + "/members/cameras", false))).get(0);
        assertEquals("Council buys cameras.", forUs.text());
        RawArticle notForUs = ft.enrich(List.of(shortItem(base + "/private/cameras", false))).get(0);
        assertTrue(notForUs.text().startsWith("The city council"), notForUs.text());
        assertEquals(List.of("/robots.txt", "/private/cameras"), requests);
    }

    @Test
    void robotsTxtMissingAllowsAndRobotsTxtFailingForbids() {
        robotsStatus = 404;
        RawArticle allowed = fullText(true, Duration.ZERO).enrich(List.of(shortItem(base + "/private/a", false))).get(0);
        assertNotEquals("Council buys cameras.", allowed.text(), "no robots.txt: allowed");
        requests.clear();
        robotsStatus = 503;
        RawArticle forbidden = fullText(true, Duration.ZERO).enrich(List.of(shortItem(base + "/news/b", false))).get(0);
        assertEquals("Council buys cameras.", forbidden.text(), "robots.txt unavailable: not fetched (RFC 9309)");
        assertEquals(List.of("/robots.txt"), requests);
    }

    @Test
    void longItemsNonHtmlAndPrivateAddressesAreLeftAlone() {
        String longText = "x ".repeat(300);
        RawArticle longItem = new RawArticle(1, ArticleIds.fromUrl(base + "/long"), base + "/long", "s", "S", "id", null, "t",
                "s", longText, "en", FETCHED, false, FETCHED);
        assertEquals(longText, fullText(true, Duration.ZERO).enrich(List.of(longItem)).get(0).text());
        assertTrue(requests.isEmpty(), "no page fetched for an item with enough text");
        assertEquals("Council buys cameras.", fullText(true, Duration.ZERO).enrich(List.of(shortItem(base + "/doc.pdf", false))).get(0).text());
        requests.clear();
        RawArticle ssrf = fullText(false, Duration.ZERO).enrich(List.of(shortItem(base + "/news/c", false))).get(0);
        assertEquals("Council buys cameras.", ssrf.text());
        assertTrue(requests.isEmpty(), "loopback refused by the same URL check as feeds: " + requests);
    }

    @Test
    void robotsTxtAndPagesOfARebindingHostNeverReachTheInternalAddress() {
        // "localhost" answers a public address to the first DNS question and this (loopback) server to later ones:
        // robots.txt and the page must be fetched from the checked public address or not at all, never from here
        java.util.concurrent.atomic.AtomicInteger questions = new java.util.concurrent.atomic.AtomicInteger();
        FeedFetcher guarded = new FeedFetcher(settings(false), host -> List.of(InetAddress.getByName(
                host.equals("localhost") && questions.getAndIncrement() == 0 ? "93.184.216.34" : "127.0.0.1")));
        FullTextFetcher ft = new FullTextFetcher(guarded, new HostGate(Duration.ZERO), new FullTextFetcher.Settings(true, 400, 20));
        String url = "http://localhost:" + server.getAddress().getPort() + "/news/rebinding";
        RawArticle a = ft.enrich(List.of(shortItem(url, false))).get(0);
        assertEquals("Council buys cameras.", a.text(), "the feed's text is kept");
        assertEquals(List.of(), requests, "nothing was fetched from the internal server");
        assertTrue(ft.withPage(shortItem(url + "2", false)).text().equals("Council buys cameras."));
        assertEquals(List.of(), requests);
    }

    @Test
    void pagesOfOneHostAreSpacedByThePolitenessInterval() {
        fullText(true, Duration.ofMillis(400)).enrich(List.of(shortItem(base + "/news/p1", false), shortItem(base + "/news/p2", false)));
        assertEquals(List.of("/robots.txt", "/news/p1", "/news/p2"), requests);
        long gap1 = requestTimes.get("/news/p1") - requestTimes.get("/robots.txt");
        long gap2 = requestTimes.get("/news/p2") - requestTimes.get("/news/p1");
        assertTrue(gap1 >= Duration.ofMillis(300).toNanos() && gap2 >= Duration.ofMillis(300).toNanos(),
                "gaps " + gap1 / 1_000_000 + " ms, " + gap2 / 1_000_000 + " ms");
    }

    @Test
    void noPageFetchStartsOnceThePollsTimeBudgetIsSpentAndTheItemsKeepTheFeedsText() {
        FullTextFetcher ft = fullText(true, Duration.ZERO);
        List<RawArticle> items = List.of(shortItem(base + "/news/cameras", false), shortItem(base + "/jsonld/1", false));
        FullTextFetcher.Enriched spent = ft.enrich(items, System.nanoTime() - 1);
        assertEquals(2, spent.skippedForTime());
        assertEquals(items, spent.articles(), "unchanged: the feed's text");
        assertEquals(List.of(), requests, "no request at all, not even robots.txt");

        FullTextFetcher.Enriched inTime = ft.enrich(items, System.nanoTime() + Duration.ofMinutes(10).toNanos());
        assertEquals(0, inTime.skippedForTime());
        assertTrue(inTime.articles().get(0).text().startsWith("The city council of Northbridge approved"));
    }
}
