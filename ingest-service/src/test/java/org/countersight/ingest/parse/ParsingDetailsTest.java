package org.countersight.ingest.parse;

import org.countersight.events.ArticleIds;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON Feed, xml:base, lenient dates and charset precedence. */
class ParsingDetailsTest {

    private static final Instant FETCHED = Instant.parse("2026-03-05T12:00:00Z");
    private static final String FEED_URL = "https://news.example.org/feeds/main.json";
    private final FeedParser parser = new FeedParser();
    private final ArticleMapper mapper = new ArticleMapper();

    private static Source source(String url) {
        return new Source(1, Source.idFor(url), url, "Example", null, null, null, FETCHED);
    }

    private List<RawArticle> map(String body, String contentType, String feedUrl) throws Exception {
        ParsedFeed feed = parser.parse(body.getBytes(StandardCharsets.UTF_8), contentType, URI.create(feedUrl));
        return mapper.map(feed, source(feedUrl), FETCHED);
    }

    // ---- JSON Feed ----

    @Test
    void jsonFeedItemsMapLikeXmlItems() throws Exception {
        String json = """
                {"version": "https://jsonfeed.org/version/1.1", "title": "Harbour Desk", "language": "pt-BR",
                 "items": [
                   {"id": "a-1", "url": "/2026/03/cameras-at-the-port", "title": "Cameras go up at the port",
                    "content_html": "<p>The harbour authority <b>installed</b> forty cameras.</p><script>x()</script>",
                    "summary": "Forty cameras at the port.", "date_published": "2026-03-04T09:30:00+01:00"},
                   {"id": "a-2", "external_url": "https://elsewhere.example.net/story?utm_source=feed",
                    "content_text": "A plain text item.", "date_modified": "2026-03-03 18:00"},
                   {"id": "a-3", "content_text": "No link and no date."},
                   "not an object"
                 ]}
                """;
        ParsedFeed feed = parser.parse(json.getBytes(StandardCharsets.UTF_8), "application/feed+json", URI.create(FEED_URL));
        assertEquals("json_1.1", feed.feedType());
        assertEquals("Harbour Desk", feed.title());
        List<RawArticle> articles = mapper.map(feed, source(FEED_URL), FETCHED);
        assertEquals(3, articles.size());
        RawArticle first = articles.get(0);
        assertEquals("https://news.example.org/2026/03/cameras-at-the-port", first.url());
        assertEquals(ArticleIds.fromUrl(first.url()), first.id());
        assertEquals("Cameras go up at the port", first.title());
        assertEquals("The harbour authority installed forty cameras.", first.text());
        assertEquals("Forty cameras at the port.", first.summary());
        assertEquals(Instant.parse("2026-03-04T08:30:00Z"), first.publishedAt());
        assertFalse(first.publishedAtEstimated());
        assertEquals("en", first.language(), "the feed says pt-BR, the item is plainly English");
        RawArticle second = articles.get(1);
        assertEquals("https://elsewhere.example.net/story", second.url());
        assertEquals(Instant.parse("2026-03-03T18:00:00Z"), second.publishedAt(), "date without a zone is read as UTC");
        RawArticle third = articles.get(2);
        assertNull(third.url());
        assertEquals(ArticleIds.fromGuid(Source.idFor(FEED_URL), "a-3"), third.id());
        assertTrue(third.publishedAtEstimated());
        assertEquals(FETCHED, third.publishedAt());
    }

    @Test
    void jsonThatIsNotAJsonFeedIsRefusedWithAReason() {
        FeedRefusedException broken = assertThrows(FeedRefusedException.class,
                () -> map("{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [", "application/json", FEED_URL));
        assertTrue(broken.getMessage().startsWith("JSON Feed is not well-formed JSON"), broken.getMessage());
        FeedRefusedException other = assertThrows(FeedRefusedException.class,
                () -> map("{\"hello\": \"world\"}", "application/json", FEED_URL));
        assertEquals("response is JSON but not a JSON Feed (version is missing)", other.getMessage());
        FeedRefusedException array = assertThrows(FeedRefusedException.class,
                () -> map("[1, 2, 3]", "application/json", FEED_URL));
        assertEquals("response is JSON but not a JSON Feed", array.getMessage());
        FeedRefusedException deep = assertThrows(FeedRefusedException.class,
                () -> map("{\"version\": \"https://jsonfeed.org/version/1\", \"x\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
                        "application/json", FEED_URL));
        assertTrue(deep.getMessage().startsWith("JSON Feed is not well-formed JSON"), "nesting is bounded: " + deep.getMessage());
    }

    // ---- xml:base and relative links ----

    @Test
    void atomLinksResolveAgainstNestedXmlBase() throws Exception {
        String atom = """
                <feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://wire.example.com/world/">
                  <title>Wire</title><id>urn:x</id><updated>2026-03-05T10:00:00Z</updated>
                  <entry xml:base="africa/">
                    <title>One</title><id>urn:1</id><updated>2026-03-05T10:00:00Z</updated>
                    <link rel="alternate" href="story-1.html"/>
                  </entry>
                  <entry>
                    <title>Two</title><id>urn:2</id><updated>2026-03-05T10:00:00Z</updated>
                    <link rel="enclosure" href="/audio/2.mp3"/>
                    <link href="../asia/story-2.html"/>
                  </entry>
                  <entry xml:base="javascript:alert(1)//">
                    <title>Three</title><id>urn:3</id><updated>2026-03-05T10:00:00Z</updated>
                    <link href="story-3.html"/>
                  </entry>
                </feed>
                """;
        List<RawArticle> a = map(atom, "application/atom+xml", "https://feeds.example.com/atom.xml");
        assertEquals("https://wire.example.com/world/africa/story-1.html", a.get(0).url());
        assertEquals("https://wire.example.com/asia/story-2.html", a.get(1).url());
        assertEquals("https://wire.example.com/world/story-3.html", a.get(2).url(), "a non-http xml:base is ignored");
    }

    @Test
    void rssLinksResolveAgainstChannelXmlBaseElseTheFeedUrl() throws Exception {
        String rss = """
                <rss version="2.0"><channel xml:base="https://paper.example.org/local/">
                  <title>Paper</title><link>https://paper.example.org/</link><description>d</description>
                  <item><title>A</title><link>news/a.html</link></item>
                </channel></rss>
                """;
        assertEquals("https://paper.example.org/local/news/a.html",
                map(rss, "application/rss+xml", "https://paper.example.org/rss").get(0).url());
        String plain = """
                <rss version="2.0"><channel><title>Paper</title><link>/</link><description>d</description>
                  <item><title>B</title><link>/news/b.html?utm_medium=rss</link></item>
                </channel></rss>
                """;
        assertEquals("https://paper.example.org/news/b.html",
                map(plain, "application/rss+xml", "https://paper.example.org/feeds/rss.xml").get(0).url());
    }

    // ---- dates ----

    @Test
    void lenientDatesReadWhatFeedsReallyCarry() {
        String[][] cases = {
                {"Thu, 05 Mar 2026 14:30:00 GMT", "2026-03-05T14:30:00Z"},
                {"Thu, 5 Mar 2026 14:30:00 +0100", "2026-03-05T13:30:00Z"},
                {"5 Mar 2026 14:30 EST", "2026-03-05T19:30:00Z"},
                {"Monday, 05 March 2026 14:30:00 CEST", "2026-03-05T12:30:00Z"},
                {"Thu, 05 Mar 26 14:30:00 Z", "2026-03-05T14:30:00Z"},
                {"Thu, 05 Mar 2026 14:30:00", "2026-03-05T14:30:00Z"},
                {"Thu, 05 Mar 2026", "2026-03-05T00:00:00Z"},
                {"05-Mar-2026 14:30:00 +05:30", "2026-03-05T09:00:00Z"},
                {"2026-03-05T14:30:00Z", "2026-03-05T14:30:00Z"},
                {"2026-03-05T14:30:00.123+02:00", "2026-03-05T12:30:00.123Z"},
                {"2026-03-05 14:30:00", "2026-03-05T14:30:00Z"},
                {"2026-03-05T14:30", "2026-03-05T14:30:00Z"},
                {"2026-03-05T14:30:00-0500", "2026-03-05T19:30:00Z"},
                {"2026-03-05", "2026-03-05T00:00:00Z"},
                {"20260305T143000Z", "2026-03-05T14:30:00Z"},
                {"Thu Mar  5 14:30:00 2026", "2026-03-05T14:30:00Z"},
                {"Thu Mar 05 2026 14:30:00 GMT+0100 (Central European Standard Time)", "2026-03-05T13:30:00Z"},
                {"March 5, 2026 2:30 PM", "2026-03-05T14:30:00Z"},
        };
        for (String[] c : cases) {
            assertEquals(Instant.parse(c[1]), LenientDates.parse(c[0]), c[0]);
        }
        for (String junk : new String[]{"", "yesterday", "32 Mar 2026 10:00:00 GMT", "2026-13-01", "Thu, 05 Foo 2026",
                "12345", "x".repeat(200), null}) {
            assertNull(LenientDates.parse(junk), String.valueOf(junk));
        }
    }

    @Test
    void aDateRomeCannotReadIsReadLenientlyElseEstimated() throws Exception {
        String rss = """
                <rss version="2.0"><channel><title>T</title><link>https://t.example.org/</link><description>d</description>
                  <item><title>A</title><link>https://t.example.org/a</link><pubDate>2026-03-04 08:15</pubDate></item>
                  <item><title>B</title><link>https://t.example.org/b</link><pubDate>Wednesday 4th March 2026, morning</pubDate></item>
                  <item><title>C</title><link>https://t.example.org/c</link><pubDate>Wed, 04 Mar 2026 08:15:00 PST</pubDate></item>
                </channel></rss>
                """;
        List<RawArticle> a = map(rss, "application/rss+xml", "https://t.example.org/rss");
        assertEquals(Instant.parse("2026-03-04T08:15:00Z"), a.get(0).publishedAt());
        assertFalse(a.get(0).publishedAtEstimated());
        assertEquals(FETCHED, a.get(1).publishedAt());
        assertTrue(a.get(1).publishedAtEstimated());
        assertEquals(Instant.parse("2026-03-04T16:15:00Z"), a.get(2).publishedAt());
    }

    private RawArticle firstOf(String date, String language, Source source) throws Exception {
        String rss = "<rss version=\"2.0\"><channel><title>T</title><link>https://t.example.org/</link><description>d</description>"
                + (language == null ? "" : "<language>" + language + "</language>")
                + "<item><title>A</title><link>https://t.example.org/a</link><pubDate>" + date + "</pubDate></item></channel></rss>";
        ParsedFeed feed = parser.parse(rss.getBytes(StandardCharsets.UTF_8), "application/rss+xml", URI.create(source.url()));
        return mapper.map(feed, source, FETCHED).get(0);
    }

    private static Source source(String url, String country) {
        return new Source(1, Source.idFor(url), url, "Example", country, null, null, FETCHED);
    }

    /** CST, IST and AST name different zones in Asian, Gulf and American news: the feed's region decides. */
    @Test
    void ambiguousZoneNamesAreReadByTheFeedsRegion() throws Exception {
        String cst = "Wed, 04 Mar 2026 20:15:00 CST";
        // China Standard Time (+8): by the host's country-code domain, the declared language, or the source's country
        assertEquals(Instant.parse("2026-03-04T12:15:00Z"), firstOf(cst, null, source("https://news.example.cn/rss", null)).publishedAt());
        assertEquals(Instant.parse("2026-03-04T12:15:00Z"), firstOf(cst, "zh-TW", source("https://t.example.org/rss", null)).publishedAt());
        assertEquals(Instant.parse("2026-03-04T12:15:00Z"), firstOf(cst, "en-us", source("https://t.example.com/rss", "CN")).publishedAt());
        // ... also in a date only the lenient reader understands
        assertEquals(Instant.parse("2026-03-04T12:15:00Z"), firstOf("2026-03-04 20:15 CST", "zh", source("https://t.example.org/rss", null)).publishedAt());
        // nothing says where the feed is: RFC 822's US Central (-6)
        assertEquals(Instant.parse("2026-03-05T02:15:00Z"), firstOf(cst, null, source("https://t.example.org/rss", null)).publishedAt());

        String ist = "Wed, 04 Mar 2026 13:45:00 IST";
        assertEquals(Instant.parse("2026-03-04T08:15:00Z"), firstOf(ist, null, source("https://t.example.org/rss", null)).publishedAt());
        assertEquals(Instant.parse("2026-03-04T08:15:00Z"), firstOf(ist, "en-IN", source("https://t.example.org/rss", null)).publishedAt());
        assertEquals(Instant.parse("2026-03-04T12:45:00Z"), firstOf(ist, null, source("https://news.example.ie/rss", null)).publishedAt());

        String ast = "Wed, 04 Mar 2026 11:15:00 AST";
        // Arabia Standard Time (+3) for a Saudi or Arabic feed, Atlantic (-4) otherwise
        assertEquals(Instant.parse("2026-03-04T08:15:00Z"), firstOf(ast, "ar", source("https://t.example.org/rss", null)).publishedAt());
        assertEquals(Instant.parse("2026-03-04T08:15:00Z"), firstOf(ast, null, source("https://news.example.sa/rss", null)).publishedAt());
        assertEquals(Instant.parse("2026-03-04T15:15:00Z"), firstOf(ast, null, source("https://t.example.org/rss", null)).publishedAt());

        // unambiguous names are unaffected by the region
        assertEquals(Instant.parse("2026-03-04T16:15:00Z"),
                firstOf("Wed, 04 Mar 2026 11:15:00 EST", null, source("https://news.example.cn/rss", null)).publishedAt());
        assertEquals(Instant.parse("2026-03-04T12:15:00Z"), LenientDates.parse("04 Mar 2026 20:15 CST", "HK"));
        assertEquals(Instant.parse("2026-03-05T02:15:00Z"), LenientDates.parse("04 Mar 2026 20:15 CST"));
    }

    // ---- charset precedence ----

    private static final String TITLE = "Caf\u00e9 \u20ac";

    private static byte[] rssDeclaring(String declared, Charset writtenIn) {
        String decl = declared == null ? "<?xml version=\"1.0\"?>" : "<?xml version=\"1.0\" encoding=\"" + declared + "\"?>";
        return (decl + "<rss version=\"2.0\"><channel><title>" + TITLE + "</title><link>https://c.example.org/</link>"
                + "<description>d</description></channel></rss>").getBytes(writtenIn);
    }

    private ParsedFeed parse(byte[] body, String contentType) throws Exception {
        return parser.parse(body, contentType, URI.create("https://c.example.org/rss"));
    }

    @Test
    void charsetPrecedenceBomThenHeaderThenDeclarationThenUtf8ElseWindows1252() throws Exception {
        Charset cp1252 = Charset.forName("windows-1252");
        // the HTTP charset beats the XML declaration
        ParsedFeed header = parse(rssDeclaring("utf-8", cp1252), "text/xml; charset=windows-1252");
        assertEquals(TITLE, header.title());
        assertEquals("windows-1252 (HTTP header)", header.charset());
        // quoted, spaced parameter
        assertEquals(TITLE, parse(rssDeclaring("iso-8859-5", cp1252), "application/rss+xml;charset = \"cp1252\"").title());
        // a BOM beats the HTTP charset (RFC 7303)
        byte[] body = rssDeclaring("utf-8", StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        ParsedFeed bom = parse(withBom, "text/xml; charset=iso-8859-1");
        assertEquals(TITLE, bom.title());
        assertEquals("UTF-8 (BOM)", bom.charset());
        // UTF-16LE with a BOM, declared as utf-16
        byte[] u16 = rssDeclaring("utf-16", StandardCharsets.UTF_16LE);
        byte[] u16bom = new byte[u16.length + 2];
        u16bom[0] = (byte) 0xFF;
        u16bom[1] = (byte) 0xFE;
        System.arraycopy(u16, 0, u16bom, 2, u16.length);
        assertEquals(TITLE, parse(u16bom, "application/xml").title());
        // UTF-16BE without a BOM: told by the byte pattern
        ParsedFeed be = parse(rssDeclaring("utf-16", StandardCharsets.UTF_16BE), null);
        assertEquals(TITLE, be.title());
        assertEquals("UTF-16BE (XML declaration)", be.charset());
        // UTF-16LE with neither BOM nor declaration: the byte pattern
        byte[] bare = ("<rss version=\"2.0\"><channel><title>" + TITLE + "</title><link>https://c.example.org/</link>"
                + "<description>d</description></channel></rss>").getBytes(StandardCharsets.UTF_16LE);
        ParsedFeed le = parse(bare, "application/xml");
        assertEquals(TITLE, le.title());
        assertEquals("UTF-16LE (byte pattern)", le.charset());
        // text/xml without charset: the declaration decides (not RFC 3023's us-ascii)
        ParsedFeed decl = parse(rssDeclaring("windows-1252", cp1252), "text/xml");
        assertEquals(TITLE, decl.title());
        assertEquals("windows-1252 (XML declaration)", decl.charset());
        // a bogus HTTP charset is ignored
        assertEquals(TITLE, parse(rssDeclaring("windows-1252", cp1252), "text/xml; charset=no-such-charset").title());
        // nothing declared: UTF-8 when valid ...
        ParsedFeed utf8 = parse(rssDeclaring(null, StandardCharsets.UTF_8), null);
        assertEquals(TITLE, utf8.title());
        assertEquals("UTF-8 (default (UTF-8))", utf8.charset());
        // ... else windows-1252
        ParsedFeed legacy = parse(rssDeclaring(null, cp1252), "application/xml");
        assertEquals(TITLE, legacy.title());
        assertEquals("windows-1252 (fallback (not valid UTF-8))", legacy.charset());
        // a Python/IANA alias Java does not know by that name
        assertEquals("Caf\u00e9", parser.parse(("<?xml version=\"1.0\" encoding=\"ms-ansi\"?><rss version=\"2.0\"><channel>"
                + "<title>Caf\u00e9</title><link>https://c.example.org/</link><description>d</description></channel></rss>")
                .getBytes(cp1252), null, URI.create("https://c.example.org/rss")).title());
    }
}
