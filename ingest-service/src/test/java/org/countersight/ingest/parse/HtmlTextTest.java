package org.countersight.ingest.parse;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class HtmlTextTest {

    @Test
    void keepsParagraphsAndLineBreaksDropsScripts() {
        assertEquals("Title\n\nFirst line\nsecond line\n\nA list item\n\nAnother",
                HtmlText.toText("<h2>Title</h2><p>First line<br>second   line</p><style>p{}</style>"
                        + "<ul><li>A list item</li><li>Another</li></ul><script>evil()</script>"));
    }

    @Test
    void decodesEntitiesAndLeavesPlainTextAlone() {
        assertEquals("Fish & chips \u2014 \"good\"", HtmlText.toText("Fish &amp; chips &mdash; &quot;good&quot;"));
        assertEquals("a < b and c > d", HtmlText.plain("a < b   and c > d"));
        assertNull(HtmlText.toText("  "));
        assertNull(HtmlText.toText("<p> </p>"));
    }

    @Test
    void dropsCharactersXmlCannotCarry() {
        assertEquals("Cameras in Phnom Penh", HtmlText.toText("<p>Cameras&#1; in Phnom\u0000 Penh</p>"));
        assertEquals("ab \uD83D\uDE00 c", HtmlText.plain("a\uD800b \uD83D\uDE00 \uDC00c\uFFFE\u0008"));
    }

    @Test
    void aFeedItemWithAControlCharacterReferenceBecomesCleanArticleText() throws Exception {
        String rss = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>T</title>"
                + "<item><title>Drones&amp;#1; over the border</title><link>https://wire.example.org/a/1</link>"
                + "<description>&lt;p&gt;Border&amp;#1; drones &amp;#x1F; seen&lt;/p&gt;</description></item></channel></rss>";
        java.net.URI feedUrl = java.net.URI.create("https://wire.example.org/feed");
        ParsedFeed feed = new FeedParser().parse(rss.getBytes(java.nio.charset.StandardCharsets.UTF_8), "application/rss+xml", feedUrl);
        var article = new ArticleMapper().map(feed, new org.countersight.events.Source(1, org.countersight.events.Source.idFor(feedUrl.toString()),
                feedUrl.toString(), "Wire", null, "en", null, java.time.Instant.EPOCH), java.time.Instant.EPOCH).get(0);
        assertEquals("Drones over the border", article.title());
        assertEquals("Border drones seen", article.text());
    }
}
