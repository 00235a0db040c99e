package org.countersight.ingest.parse;

import com.rometools.rome.feed.synd.SyndEntry;
import org.countersight.events.Source;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Items per document are capped before the document becomes a tree, keeping the newest. */
class ItemCapTest {

    private static final URI FEED = URI.create("https://cap.example.org/feed");
    private static final Source SOURCE = new Source(Source.SCHEMA_VERSION, "cap", FEED.toString(), "Cap", null, "en",
            null, Instant.now());

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFloodOfBareItemsIsCutToTheCapAndTheStatusSaysSo() throws Exception {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>"
                + "<link>https://cap.example.org/</link><description>d</description>");
        for (int i = 0; i < 5000; i++) {
            sb.append("<item><guid>").append(i).append("</guid></item>");
        }
        sb.append("</channel></rss>");
        ParsedFeed feed = new FeedParser(100).parse(utf8(sb.toString()), "application/rss+xml", FEED);
        assertEquals(100, feed.entries().size());
        assertEquals(5000, feed.itemsInDocument());
        assertTrue(feed.capped());
        // undated: document order, the first ones (feeds list their newest first)
        assertEquals("0", feed.entries().get(0).getUri());
        assertEquals("99", feed.entries().get(99).getUri());
        assertEquals(100, new ArticleMapper().map(feed, SOURCE, Instant.now()).size());
        String note = ArticleMapper.statusNote(feed, SOURCE);
        assertTrue(note.startsWith("item cap: the feed has 5000 items, only the newest 100 were read"), note);
    }

    @Test
    void theNewestItemsByDateAreKeptWhateverTheirPlaceInTheDocument() throws Exception {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><rss version=\"2.0\" "
                + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>F</title>"
                + "<link>https://cap.example.org/</link><description>d</description>");
        int[] days = {3, 17, 9, 25, 1, 28, 12, 20, 5, 14};
        for (int d : days) {
            sb.append("<item><title>day ").append(d).append("</title><link>https://cap.example.org/").append(d)
                    .append("</link><dc:date>2026-02-").append(String.format("%02d", d)).append("T10:00:00Z</dc:date></item>");
        }
        sb.append("<item><title>undated</title><link>https://cap.example.org/u</link></item>");
        // markup that only looks like items is not counted
        sb.append("<!-- <item><title>comment</title></item> --><![CDATA[<item>]]>");
        sb.append("</channel></rss>");
        ParsedFeed feed = new FeedParser(4).parse(utf8(sb.toString()), "application/rss+xml", FEED);
        List<String> titles = feed.entries().stream().map(SyndEntry::getTitle).toList();
        // the four newest, in document order
        assertEquals(List.of("day 25", "day 28", "day 20", "day 17").stream().sorted().toList(),
                titles.stream().sorted().toList());
        assertEquals(List.of("day 17", "day 25", "day 28", "day 20"), titles);
        assertEquals(11, feed.itemsInDocument());
    }

    @Test
    void atomEntriesAndJsonFeedItemsAreCappedToo() throws Exception {
        StringBuilder atom = new StringBuilder("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title>"
                + "<id>urn:a</id><updated>2026-03-01T00:00:00Z</updated>");
        for (int i = 1; i <= 30; i++) {
            atom.append("<entry><id>urn:e").append(i).append("</id><title>e").append(i)
                    .append("</title><updated>2026-01-").append(String.format("%02d", i)).append("T00:00:00Z</updated></entry>");
        }
        atom.append("</feed>");
        ParsedFeed a = new FeedParser(3).parse(utf8(atom.toString()), "application/atom+xml", FEED);
        assertEquals(List.of("e28", "e29", "e30"), a.entries().stream().map(SyndEntry::getTitle).toList());
        assertEquals(30, a.itemsInDocument());

        StringBuilder json = new StringBuilder("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":\"J\",\"items\":[");
        for (int i = 1; i <= 30; i++) {
            json.append(i > 1 ? "," : "").append("{\"id\":\"").append(i).append("\",\"title\":\"j").append(i)
                    .append("\",\"date_published\":\"2026-01-").append(String.format("%02d", 31 - i)).append("T00:00:00Z\"}");
        }
        json.append("]}");
        ParsedFeed j = new FeedParser(3).parse(utf8(json.toString()), "application/feed+json", FEED);
        assertEquals(List.of("j1", "j2", "j3"), j.entries().stream().map(SyndEntry::getTitle).toList());
        assertEquals(30, j.itemsInDocument());
        assertEquals("J", j.title());
    }

    @Test
    void aFeedWithinTheCapIsReadAsItIsWithNoNote() throws Exception {
        String rss = "<rss version=\"2.0\"><channel><title>F</title><link>https://cap.example.org/</link>"
                + "<description>d</description><item><title>one</title><link>https://cap.example.org/1</link>"
                + "<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item></channel></rss>";
        ParsedFeed feed = new FeedParser(1).parse(utf8(rss), "application/rss+xml", FEED);
        assertEquals(1, feed.entries().size());
        assertFalse(feed.capped());
        assertNull(ArticleMapper.statusNote(feed, SOURCE));
    }
}
