package org.countersight.ingest.identity;

import org.countersight.events.ArticleIds;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.ingest.parse.ArticleMapper;
import org.countersight.ingest.parse.FeedParser;
import org.countersight.ingest.parse.ParsedFeed;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** A feed cannot take the id of another site's article: links off the feed's registrable domain are per source. */
class ArticleIdentityTest {

    private static final String ARTICLE = "https://www.harbourwire.co.uk/2026/03/port-cameras";

    private static List<RawArticle> read(String feedUrl, String link) throws Exception {
        Source source = new Source(Source.SCHEMA_VERSION, Source.idFor(feedUrl), feedUrl, "S", null, "en", null, Instant.now());
        String rss = "<rss version=\"2.0\"><channel><title>S</title><link>" + feedUrl + "</link><description>d</description>"
                + "<item><title>Cameras at the port</title><link>" + link + "</link>"
                + "<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item></channel></rss>";
        ParsedFeed feed = new FeedParser().parse(rss.getBytes(StandardCharsets.UTF_8), "application/rss+xml", URI.create(feedUrl));
        return new ArticleMapper().map(feed, source, Instant.now());
    }

    @Test
    void aHostileFeedPublishingAnOutletsUrlFirstDoesNotTakeTheOutletsArticleId() throws Exception {
        RawArticle squatted = read("https://hostile.example.net/feed.xml", ARTICLE).get(0);
        RawArticle own = read("https://feeds.harbourwire.co.uk/world.rss", ARTICLE).get(0);
        // the outlet's own feed (another host of the same registrable domain) gets the URL's global id
        assertEquals(ArticleIds.fromUrl(ARTICLE), own.id());
        // the hostile copy is its own article: the outlet's is not dropped as already seen
        assertNotEquals(own.id(), squatted.id());
        assertEquals(ArticleIds.fromSourceAndUrl(Source.idFor("https://hostile.example.net/feed.xml"), ARTICLE), squatted.id());
        assertEquals(ARTICLE, squatted.url(), "the link itself is kept");
    }

    @Test
    void registrableDomainsFollowThePublicSuffixList() {
        assertEquals("harbourwire.co.uk", ArticleIdentity.registrableDomain("feeds.harbourwire.co.uk"));
        assertEquals("harbourwire.co.uk", ArticleIdentity.registrableDomain("WWW.Harbourwire.co.uk."));
        assertEquals("example.org", ArticleIdentity.registrableDomain("news.example.org"));
        // a private suffix: two users' sites are two sites
        assertNotEquals(ArticleIdentity.registrableDomain("alice.github.io"), ArticleIdentity.registrableDomain("bob.github.io"));
        assertEquals("127.0.0.1", ArticleIdentity.registrableDomain("127.0.0.1"));
    }
}
