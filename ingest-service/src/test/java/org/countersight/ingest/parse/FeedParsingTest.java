package org.countersight.ingest.parse;

import org.countersight.ingest.corpus.SharedCorpus;

import org.countersight.events.ArticleIds;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class FeedParsingTest {

    private static final Instant FETCHED = Instant.parse("2026-03-05T12:00:00Z");
    private final FeedParser parser = new FeedParser();
    private final ArticleMapper mapper = new ArticleMapper();

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = FeedParsingTest.class.getResourceAsStream("/feeds/" + name)) {
            assertNotNull(in, name);
            return in.readAllBytes();
        }
    }

    private static Source source(String url, String language) {
        return new Source(1, Source.idFor(url), url, "Test source", "GB", language, null, FETCHED);
    }

    private List<RawArticle> parse(String name, String feedUrl, String language) throws Exception {
        ParsedFeed feed = parser.parse(resource(name), "application/xml", URI.create(feedUrl));
        return mapper.map(feed, source(feedUrl, language), FETCHED);
    }

    @Test
    void rss2ItemsBecomeArticles() throws Exception {
        String feedUrl = "https://gazette.example.org/feed.xml";
        List<RawArticle> articles = parse("rss2.xml", feedUrl, null);
        assertEquals(3, articles.size());

        RawArticle cameras = articles.get(0);
        assertEquals("https://gazette.example.org/news/cameras?id=7", cameras.url(), "canonical: no utm_*, no fragment");
        assertEquals(ArticleIds.fromUrl("https://gazette.example.org/news/cameras?id=7"), cameras.id());
        assertEquals(cameras.id(), cameras.storyId());
        assertEquals("Council approves 400 new street cameras", cameras.title());
        assertEquals("The council voted 7 to 2 for the cameras.", cameras.summary(), "HTML stripped, script dropped");
        assertEquals("The council voted seven to two on Monday evening.\n\n"
                + "Opponents said the cameras would watch the market square around the clock.", cameras.text());
        assertEquals(Instant.parse("2026-03-03T08:15:00Z"), cameras.publishedAt());
        assertFalse(cameras.publishedAtEstimated());
        assertEquals(FETCHED, cameras.fetchedAt());
        assertEquals("gazette-7", cameras.guid());
        assertEquals("en", cameras.language(), "from the feed's en-GB when the source gives no hint");
        assertEquals(Source.idFor(feedUrl), cameras.sourceId());
        assertEquals("Test source", cameras.sourceName());

        RawArticle ferry = articles.get(1);
        assertEquals("https://gazette.example.org/news/ferry", ferry.url(), "relative link resolved against the feed URL");
        assertEquals("New departures from the north pier.", ferry.text(), "no content: text falls back to the summary");
        assertTrue(ferry.publishedAtEstimated(), "no date: estimated");
        assertEquals(FETCHED, ferry.publishedAt());

        RawArticle noLink = articles.get(2);
        assertNull(noLink.url());
        assertEquals(ArticleIds.fromGuid(Source.idFor(feedUrl), "gazette-no-link-1"), noLink.id());
        assertEquals(Instant.parse("2026-03-04T09:00:00Z"), noLink.publishedAt(), "zone offset honoured");
    }

    @Test
    void atomEntriesBecomeArticles() throws Exception {
        List<RawArticle> articles = parse("atom.xml", "https://watch.example.net/atom", "de");
        assertEquals(2, articles.size());
        RawArticle shutdown = articles.get(0);
        assertEquals("https://watch.example.net/2026/02/shutdown", shutdown.url());
        assertEquals("Mobile data cut in two provinces", shutdown.title());
        assertEquals("Operators were told to suspend mobile data & SMS.", shutdown.summary(), "type=text kept as text");
        assertEquals("Operators received the order late on Thursday.\n\nFixed lines kept working.", shutdown.text());
        assertEquals(Instant.parse("2026-02-19T20:30:00Z"), shutdown.publishedAt(), "published, not updated");
        assertEquals("en", shutdown.language(), "the source's hint (de) is overruled by plainly English text");

        RawArticle idOnly = articles.get(1);
        assertEquals(Instant.parse("2026-02-18T08:00:00Z"), idOnly.publishedAt(), "updated when there is no published");
        assertFalse(idOnly.publishedAtEstimated());
    }

    @Test
    void rdfItemsBecomeArticlesWithDateFallback() throws Exception {
        ParsedFeed feed = parser.parse(resource("rdf.xml"), "application/rdf+xml", URI.create("https://bulletin.example.com/rss"));
        assertEquals("rss_1.0", feed.feedType());
        List<RawArticle> articles = mapper.map(feed, source("https://bulletin.example.com/rss", null), FETCHED);
        assertEquals(2, articles.size());
        assertEquals(Instant.parse("2026-01-15T07:00:00Z"), articles.get(0).publishedAt(), "dc:date");
        assertEquals("en", articles.get(0).language(), "the feed says fr, the item is plainly English");
        assertTrue(articles.get(1).publishedAtEstimated());
        assertEquals(FETCHED, articles.get(1).publishedAt());
    }

    @Test
    void aDateFarInTheFutureIsNotTrusted() throws Exception {
        String xml = "<rss version=\"2.0\"><channel><title>t</title><link>https://f.example.org/</link><description>d</description>"
                + "<item><title>from the future</title><link>https://f.example.org/a</link><pubDate>Fri, 01 Jan 2100 00:00:00 GMT</pubDate></item>"
                + "</channel></rss>";
        ParsedFeed feed = parser.parse(xml.getBytes(StandardCharsets.UTF_8), "text/xml", URI.create("https://f.example.org/rss"));
        RawArticle a = mapper.map(feed, source("https://f.example.org/rss", null), FETCHED).get(0);
        assertTrue(a.publishedAtEstimated());
        assertEquals(FETCHED, a.publishedAt());
    }

    @Test
    void sameLinkTwiceInOneFeedIsOneArticle() throws Exception {
        String xml = "<rss version=\"2.0\"><channel><title>t</title><link>https://f.example.org/</link><description>d</description>"
                + "<item><title>a</title><link>https://f.example.org/a?utm_medium=x</link></item>"
                + "<item><title>a again</title><link>https://F.example.org/a</link></item>"
                + "</channel></rss>";
        ParsedFeed feed = parser.parse(xml.getBytes(StandardCharsets.UTF_8), "text/xml", URI.create("https://f.example.org/rss"));
        List<RawArticle> articles = mapper.map(feed, source("https://f.example.org/rss", null), FETCHED);
        assertEquals(1, articles.size());
        assertEquals("a", articles.get(0).title());
    }

    @Test
    void charsetFromTheXmlDeclarationIsHonoured() throws Exception {
        String xml = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss version=\"2.0\"><channel><title>t</title>"
                + "<link>https://f.example.org/</link><description>d</description>"
                + "<item><title>Caf\u00e9 cameras in S\u00e3o Paulo</title><link>https://f.example.org/c</link></item></channel></rss>";
        ParsedFeed feed = parser.parse(xml.getBytes(StandardCharsets.ISO_8859_1), null, URI.create("https://f.example.org/rss"));
        assertEquals("Caf\u00e9 cameras in S\u00e3o Paulo", mapper.map(feed, source("https://f.example.org/rss", null), FETCHED).get(0).title());
    }

    @Test
    void aDtdIsRefused() {
        FeedRefusedException e = assertThrows(FeedRefusedException.class,
                () -> parser.parse(resource("dtd-entity.xml"), "application/rss+xml", URI.create("https://x.example.org/rss")));
        assertEquals(FeedRefusedException.DTD_REFUSED, e.getMessage());
    }

    @Test
    void anExternalEntityIsRefusedEvenBehindAComment() {
        FeedRefusedException e = assertThrows(FeedRefusedException.class,
                () -> parser.parse(resource("xxe.xml"), "application/rss+xml", URI.create("https://x.example.org/rss")));
        assertEquals(FeedRefusedException.DTD_REFUSED, e.getMessage());
    }

    @Test
    void romeItselfRefusesDoctypesAsTheSecondLine() throws Exception {
        // the prolog check is bypassed here on purpose: Rome (allowDoctypes=false) must still refuse
        com.rometools.rome.io.SyndFeedInput input = new com.rometools.rome.io.SyndFeedInput();
        input.setAllowDoctypes(false);
        String xml = new String(resource("xxe.xml"), StandardCharsets.UTF_8);
        assertThrows(com.rometools.rome.io.FeedException.class, () -> input.build(new java.io.StringReader(xml)));
    }

    @Test
    void htmlIsNamedAsHtml() {
        FeedRefusedException e = assertThrows(FeedRefusedException.class,
                () -> parser.parse(resource("page.html"), "text/html; charset=utf-8", URI.create("https://x.example.org/")));
        assertEquals(FeedRefusedException.HTML, e.getMessage());
        FeedRefusedException noDoctype = assertThrows(FeedRefusedException.class,
                () -> parser.parse("<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), "application/xml", URI.create("https://x.example.org/")));
        assertEquals(FeedRefusedException.HTML, noDoctype.getMessage());
    }

    @Test
    void otherXmlAndJunkAreRefusedWithAReason() {
        FeedRefusedException notFeed = assertThrows(FeedRefusedException.class,
                () -> parser.parse("<catalog><book/></catalog>".getBytes(StandardCharsets.UTF_8), "text/xml", URI.create("https://x.example.org/")));
        assertTrue(notFeed.getMessage().startsWith("XML is not an RSS, RDF or Atom feed"), notFeed.getMessage());
        FeedRefusedException broken = assertThrows(FeedRefusedException.class,
                () -> parser.parse("<catalog><book>x</catalog".getBytes(StandardCharsets.UTF_8), "text/xml", URI.create("https://x.example.org/")));
        assertTrue(broken.getMessage().startsWith("feed is not well-formed XML"), "broken XML that is no feed even when "
                + "repaired gives the strict parser's reason: " + broken.getMessage());
        FeedRefusedException json = assertThrows(FeedRefusedException.class,
                () -> parser.parse("{\"version\":\"https://jsonfeed.org/version/1.1\"}".getBytes(StandardCharsets.UTF_8), "application/json", URI.create("https://x.example.org/")));
        assertTrue(json.getMessage().contains("JSON"), json.getMessage());
        FeedRefusedException empty = assertThrows(FeedRefusedException.class,
                () -> parser.parse(new byte[0], "text/xml", URI.create("https://x.example.org/")));
        assertEquals("response is empty, not a feed", empty.getMessage());
    }

    // ---- third-party hostile documents, read from the shared corpus when it is there (never copied) ----

    private static Path corpus() {
        return SharedCorpus.feeds();
    }

    @Test
    void billionLaughsFromTheCorpusIsRefusedQuickly() throws Exception {
        Path corpus = corpus();
        Path bomb = corpus == null ? null : corpus.resolve("rome/extracted/TestXmlBomb-billion-laughs.xml");
        Assumptions.assumeTrue(bomb != null && Files.exists(bomb),
                "SKIPPED: " + SharedCorpus.NOT_FOUND + "; billion-laughs check not run");
        // refused before any entity is expanded: the DTD itself is the reason
        FeedRefusedException e = assertThrows(FeedRefusedException.class,
                () -> parser.parse(Files.readAllBytes(bomb), "application/xml", URI.create("https://x.example.org/")));
        assertEquals(FeedRefusedException.DTD_REFUSED, e.getMessage());
    }

    @Test
    void defusedxmlDocumentsAreRefusedOrParsedWithoutEntities() throws Exception {
        Path corpus = corpus();
        Path dir = corpus == null ? null : corpus.resolve("defusedxml/xmltestdata");
        Assumptions.assumeTrue(dir != null && Files.isDirectory(dir),
                "SKIPPED: " + SharedCorpus.NOT_FOUND + "; defusedxml checks not run");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        int refusedForDtd = 0;
        for (Path file : files) {
            byte[] body = Files.readAllBytes(file);
            String text = new String(body, StandardCharsets.UTF_8);
            long start = System.nanoTime();
            try {
                parser.parse(body, "application/xml", URI.create("https://x.example.org/"));
                if (text.contains("<!DOCTYPE") || text.contains("<!ENTITY")) {
                    fail(file.getFileName() + " declares a DTD but was not refused");
                }
            } catch (FeedRefusedException e) {
                if (text.contains("<!DOCTYPE html")) {
                    assertEquals(FeedRefusedException.HTML, e.getMessage(), file.getFileName().toString()); // an XHTML page
                } else if (text.contains("<!DOCTYPE")) {
                    assertEquals(FeedRefusedException.DTD_REFUSED, e.getMessage(), file.getFileName().toString());
                    refusedForDtd++;
                }
                // simple.xml and friends are not feeds: refused as "not an RSS, RDF or Atom feed", fine
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000, file + " took too long");
        }
        assertTrue(refusedForDtd >= 7, "the bombs, quadratic, cyclic and external-entity files are all refused: " + refusedForDtd);
    }
}
