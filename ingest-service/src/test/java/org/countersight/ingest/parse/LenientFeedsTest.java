package org.countersight.ingest.parse;

import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds other readers keep and a strict parser refuses: broken XML repaired and flagged ("parsed leniently"),
 * JSON Feed version strings, Atom without its namespace, RSS version variants, impossible and odd dates. All feeds
 * here are written for this test. The hostile cases (DTDs, entities) must stay refused on the lenient path too.
 */
class LenientFeedsTest {

    private static final Instant FETCHED = Instant.parse("2026-03-05T12:00:00Z");
    private static final String URL = "https://local.example.org/feed.xml";
    private final FeedParser parser = new FeedParser();
    private final ArticleMapper mapper = new ArticleMapper();

    private static Source source() {
        return new Source(1, Source.idFor(URL), URL, "Local Desk", null, null, null, FETCHED);
    }

    private ParsedFeed parse(String body) throws FeedRefusedException {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8), "application/xml", URI.create(URL));
    }

    private List<RawArticle> map(ParsedFeed feed) {
        return mapper.map(feed, source(), FETCHED);
    }

    private static String rss(String items) {
        return "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>Local Desk</title>"
                + "<link>https://local.example.org/</link><description>town news</description>\n" + items;
    }

    private static String item(int n) {
        return "<item><title>Council item " + n + "</title><link>https://local.example.org/n/" + n + "</link>"
                + "<pubDate>Wed, 04 Mar 2026 08:15:00 GMT</pubDate></item>\n";
    }

    // ---- the lenient path ----

    @Test
    void aStrictFeedIsNotFlagged() throws Exception {
        ParsedFeed feed = parse(rss(item(1) + item(2)) + "</channel></rss>");
        assertNull(feed.leniency());
        assertNull(ArticleMapper.statusNote(feed, source()));
    }

    @Test
    void anIllegalCharacterReferenceIsDroppedAndTheItemsKept() throws Exception {
        String body = rss(item(1) + "<item><title>Cameras&#1; at the market</title><link>https://local.example.org/n/2</link></item>\n"
                + "<item><title>Bad\u0001 byte</title><link>https://local.example.org/n/3</link></item>\n") + "</channel></rss>";
        ParsedFeed feed = parse(body);
        List<RawArticle> a = map(feed);
        assertEquals(3, a.size());
        assertEquals("Cameras at the market", a.get(1).title());
        assertEquals("Bad byte", a.get(2).title());
        assertNotNull(feed.leniency());
        assertTrue(ArticleMapper.statusNote(feed, source()).startsWith("parsed leniently: "),
                ArticleMapper.statusNote(feed, source()));
    }

    @Test
    void anUnclosedCdataAndAMissingTailKeepTheItemsBefore() throws Exception {
        String body = rss(item(1) + item(2) + "<item><title><![CDATA[Drone flights over the square");
        ParsedFeed feed = parse(body);
        List<RawArticle> a = map(feed);
        assertTrue(a.size() >= 2, "items before the break are kept: " + a.size());
        assertEquals("Council item 1", a.get(0).title());
        assertEquals("Council item 2", a.get(1).title());
        assertTrue(ArticleMapper.statusNote(feed, source()).startsWith("parsed leniently: "));
    }

    @Test
    void unclosedElementsMismatchedTagsAndBareAmpersandsAreRepaired() throws Exception {
        String body = rss("<item><title>Police & cameras</title><link>https://local.example.org/n/1?a=1&b=2</link>"
                + "<description><p>First <b>bold</description></item>\n" + item(2)) + "</channel";
        ParsedFeed feed = parse(body);
        List<RawArticle> a = map(feed);
        assertEquals(2, a.size());
        assertEquals("Police & cameras", a.get(0).title());
        assertEquals("https://local.example.org/n/1?a=1&b=2", a.get(0).url());
        assertNotNull(feed.leniency());
    }

    @Test
    void anUndeclaredNamespacePrefixIsRepaired() throws Exception {
        String body = rss("<itunes:subtitle>Town</itunes:subtitle>" + item(1)) + "</channel></rss>";
        ParsedFeed feed = parse(body);
        assertEquals(1, map(feed).size());
        assertNotNull(feed.leniency());
    }

    @Test
    void theLenientPathNeverAcceptsADtdOrEntities() {
        String broken = "<item><title>x&#1;</title></item><item><title><![CDATA[open";
        String[] hostile = {
                "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>\n"
                        + "<rss version=\"2.0\"><channel><title>&b;</title>" + broken,
                "<?xml version=\"1.0\"?>\n<!DOCTYPE rss SYSTEM \"http://127.0.0.1:9/x.dtd\">\n<rss version=\"2.0\"><channel>" + broken,
                // a DOCTYPE after the root start is not a place the prolog check looks at: the repaired document must still be refused
                "<rss version=\"2.0\"><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><channel><title>&x;</title>" + broken,
        };
        for (String h : hostile) {
            FeedRefusedException e = assertThrows(FeedRefusedException.class, () -> parse(h), h);
            assertFalse(e.getMessage().contains("passwd") || e.getMessage().contains("root:"), e.getMessage());
        }
    }

    @Test
    void anHtmlPageIsStillNotAFeed() {
        FeedRefusedException e = assertThrows(FeedRefusedException.class,
                () -> parse("<html><head><title>x</title></head><body><p>hello<p>world</body></html>"));
        assertEquals(FeedRefusedException.HTML, e.getMessage());
    }

    @Test
    void brokenXmlThatIsNoFeedIsStillRefused() {
        assertThrows(FeedRefusedException.class, () -> parse("<?xml version=\"1.0\"?><config><a>1</b>&#1;"));
    }

    // ---- formats ----

    @Test
    void jsonFeedVersionStringsRealFeedsUseAreAccepted() throws Exception {
        for (String version : List.of("1", "1.0", "1.1", "https://jsonfeed.org/version/1.1", "http://jsonfeed.org/version/1")) {
            String json = "{\"version\": \"" + version + "\", \"title\": \"Desk\", \"items\": [{\"id\": \"1\", "
                    + "\"url\": \"https://local.example.org/j/1\", \"title\": \"Item\"}]}";
            ParsedFeed feed = parser.parse(json.getBytes(StandardCharsets.UTF_8), "application/json", URI.create(URL));
            assertEquals(1, map(feed).size(), version);
            assertEquals(version.endsWith("1.1") ? "json_1.1" : "json_1.0", feed.feedType(), version);
        }
        FeedRefusedException e = assertThrows(FeedRefusedException.class, () -> parser.parse(
                "{\"version\": \"2.0\", \"items\": []}".getBytes(StandardCharsets.UTF_8), "application/json", URI.create(URL)));
        assertTrue(e.getMessage().contains("not a JSON Feed"), e.getMessage());
    }

    @Test
    void atomWithoutItsNamespaceIsRead() throws Exception {
        String atom = """
                <?xml version="1.0" encoding="utf-8"?>
                <feed>
                  <title>Valley Desk</title><id>urn:valley</id><updated>2026-03-05T10:00:00Z</updated>
                  <entry><title>Checkpoint cameras</title><id>urn:v:1</id>
                    <link rel="alternate" href="https://valley.example.org/1"/><updated>2026-03-05T09:00:00Z</updated>
                    <summary>Twelve cameras.</summary></entry>
                  <entry><title>Second</title><id>urn:v:2</id><link href="https://valley.example.org/2"/>
                    <published>2026-03-04T09:00:00+02:00</published></entry>
                </feed>
                """;
        ParsedFeed feed = parse(atom);
        assertEquals("atom_1.0", feed.feedType());
        List<RawArticle> a = map(feed);
        assertEquals(2, a.size());
        assertEquals("Checkpoint cameras", a.get(0).title());
        assertEquals("https://valley.example.org/1", a.get(0).url());
        assertEquals(Instant.parse("2026-03-04T07:00:00Z"), a.get(1).publishedAt());
    }

    @Test
    void rssVersionVariantsAreRead() throws Exception {
        String channel = "<channel><title>T</title><link>https://local.example.org/</link><description>d</description>"
                + item(1) + item(2) + "</channel>";
        for (String root : List.of("<rss version=\"2.0\">", "<rss version=\"0.91\">", "<rss version=\"0.92\">",
                "<rss version=\"0.93\">", "<rss version=\"0.94\">", "<rss>", "<rss version=\"2.01\">", "<rss version=\" 2.0 \">",
                "<rss version=\"2.0\" xmlns=\"http://backend.userland.com/rss2\">",
                "<rss version=\"2.0\" xmlns=\"http://blogs.law.harvard.edu/tech/rss\">")) {
            ParsedFeed feed = parse(root + channel + "</rss>");
            assertEquals(2, map(feed).size(), root);
        }
        String rdf = """
                <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="%s">
                  <channel rdf:about="https://local.example.org/"><title>T</title><link>https://local.example.org/</link>
                    <description>d</description></channel>
                  <item rdf:about="https://local.example.org/r/1"><title>R1</title><link>https://local.example.org/r/1</link></item>
                  <item rdf:about="https://local.example.org/r/2"><title>R2</title><link>https://local.example.org/r/2</link></item>
                </rdf:RDF>
                """;
        for (String ns : List.of("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")) {
            ParsedFeed feed = parse(rdf.formatted(ns));
            assertEquals(List.of("R1", "R2"), map(feed).stream().map(RawArticle::title).toList(), ns);
        }
        ParsedFeed bare = parse(rdf.replace(" xmlns=\"%s\"", ""));
        assertEquals(2, map(bare).size(), "RDF whose items carry no namespace");
        ParsedFeed noChannel = parse("<rss version=\"0.92\">" + item(1) + item(2) + "</rss>");
        assertEquals(2, map(noChannel).size(), "items straight under <rss>, no <channel>");
    }

    @Test
    void anItemTitledOnlyByDublinCoreKeepsThatTitle() throws Exception {
        ParsedFeed feed = parse("<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>T</title>"
                + "<item><dc:title>Checkpoint cameras &amp; drones</dc:title><link>https://local.example.org/dc/1</link></item>"
                + "</channel></rss>");
        assertEquals("Checkpoint cameras & drones", map(feed).get(0).title());
    }

    @Test
    void base64TextInAtomIsDecoded() throws Exception {
        String encoded = java.util.Base64.getEncoder().encodeToString("Cameras at the <b>port</b>".getBytes(StandardCharsets.UTF_8));
        ParsedFeed atom03 = parse("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\"><title>T</title>"
                + "<entry><title mode=\"base64\" type=\"text/html\">\n  " + encoded + "\n</title>"
                + "<link rel=\"alternate\" href=\"https://local.example.org/b/1\"/><id>urn:b:1</id></entry></feed>");
        assertEquals("Cameras at the port", map(atom03).get(0).title());
        ParsedFeed atom10 = parse("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title>"
                + "<entry><title type=\"application/octet-stream\">" + encoded + "</title>"
                + "<link href=\"https://local.example.org/b/2\"/><id>urn:b:2</id></entry></feed>");
        assertEquals("Cameras at the port", map(atom10).get(0).title());
    }

    @Test
    void anEmptyRdfDocumentIsAnEmptyFeed() throws Exception {
        for (String ns : List.of("http://purl.org/rss/1.0/", "http://my.netscape.com/rdf/simple/0.9/")) {
            ParsedFeed feed = parse("<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"" + ns + "\">\n</rdf:RDF>");
            assertEquals(0, feed.entries().size(), ns);
        }
    }

    // ---- dates ----

    @Test
    void anImpossibleDateIsNoDateNotAShiftedOne() throws Exception {
        assertNull(LenientDates.parse("Sat, 31 Jun 2006 10:00:00 GMT"));
        assertNull(LenientDates.parse("2006-02-30T10:00:00Z"));
        ParsedFeed feed = parse(rss("<item><title>A</title><link>https://local.example.org/a</link>"
                + "<pubDate>Sat, 31 Jun 2006 10:00:00 GMT</pubDate></item>"
                + "<item><title>B</title><link>https://local.example.org/b</link>"
                + "<dc:date xmlns:dc=\"http://purl.org/dc/elements/1.1/\">2006-02-30T10:00:00Z</dc:date></item>") + "</channel></rss>");
        List<RawArticle> a = map(feed);
        for (RawArticle r : a) {
            assertTrue(r.publishedAtEstimated(), r.title() + ": " + r.publishedAt());
            assertEquals(FETCHED, r.publishedAt());
        }
    }

    @Test
    void rfc822CommentsAndStraySpacesAreRead() {
        Instant expected = Instant.parse("2006-02-09T12:00:00Z");
        assertEquals(expected, LenientDates.parse("Thu(Thursday), 9(th) Feb(ruary) 2006 12:00:00 GMT"));
        assertEquals(expected, LenientDates.parse("Thu , 09 Feb 2006 12:00:00 GMT"));
        assertEquals(expected, LenientDates.parse("Thu, 09 Feb 2006 12:00:00 GMT (Greenwich (Mean) Time)"));
        assertEquals(expected, LenientDates.parse("Thu ,09 Feb 2006 12:00:00 +0000"));
    }

    @Test
    void aDateWithoutAZoneTakesTheConfiguredZoneElseIsMarkedZoneless() {
        LenientDates.Reading utc = LenientDates.read("Sat, Dec 16 2023 02:02:33 PM", null, null);
        assertEquals(Instant.parse("2023-12-16T14:02:33Z"), utc.instant());
        assertFalse(utc.zoned());
        LenientDates.Reading local = LenientDates.read("Sat, Dec 16 2023 02:02:33 PM", null, ZoneId.of("Asia/Kolkata"));
        assertEquals(Instant.parse("2023-12-16T08:32:33Z"), local.instant());
        assertFalse(local.zoned());
        LenientDates.Reading zoned = LenientDates.read("Sat, 16 Dec 2023 14:02:33 +0100", null, ZoneId.of("Asia/Kolkata"));
        assertEquals(Instant.parse("2023-12-16T13:02:33Z"), zoned.instant());
        assertTrue(zoned.zoned());
        assertTrue(LenientDates.read("2023-12-16", null, null).zoned() == false);
    }

    @Test
    void zonelessDatesAreNamedInTheSourcesStatus() throws Exception {
        ParsedFeed feed = parse(rss(item(1)
                + "<item><title>B</title><link>https://local.example.org/b</link><pubDate>Sat, Dec 16 2023 02:02:33 PM</pubDate></item>"
                + "<item><title>C</title><link>https://local.example.org/c</link><pubDate>2023-12-16 14:02</pubDate></item>")
                + "</channel></rss>");
        List<RawArticle> a = map(feed);
        assertEquals(Instant.parse("2023-12-16T14:02:33Z"), a.get(1).publishedAt());
        assertEquals("2 of 3 dates have no time zone and were read as UTC", ArticleMapper.statusNote(feed, source()));
    }
}
