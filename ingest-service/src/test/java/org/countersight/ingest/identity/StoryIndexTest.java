package org.countersight.ingest.identity;

import com.sun.net.httpserver.HttpServer;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.fetch.FeedFetcher;
import org.countersight.ingest.poll.FeedPipeline;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Two feeds from a real local server carry one wire story under different URLs, lightly edited. */
class StoryIndexTest {

    private static final String WIRE = "Authorities in the coastal province switched off mobile internet for a third day on "
            + "Thursday as protests over fuel prices spread to four more towns, according to residents and a local "
            + "monitoring group. The regional governor said the measure was temporary and needed to stop the spread of "
            + "false rumours, but rights groups said it left families unable to reach relatives and shops unable to take "
            + "payments. Police used drones to film crowds gathered outside the provincial assembly, witnesses said, "
            + "and at least forty people were detained overnight. The telecoms regulator did not respond to questions. "
            + "The shutdown is the longest in the province since the disputed election two years ago, when access to "
            + "messaging applications was blocked for more than a week and several journalists were questioned about "
            + "their sources. Business owners in the provincial capital said they had lost most of their weekly income, "
            + "because customers could no longer pay with their phones and delivery drivers could not receive orders. "
            + "A hospital administrator said doctors were using landlines and runners to pass messages between clinics. "
            + "Opposition lawmakers called for an emergency session of parliament and asked the interior ministry to "
            + "publish the written order behind the cut, which they said had never been shown to the public. The ministry "
            + "said in a short statement that the order followed the law on public emergencies and would be reviewed "
            + "daily. Diplomats from several countries said they were following the situation closely and urged the "
            + "authorities to restore access, while a group of lawyers filed a petition asking a court to declare the "
            + "shutdown unlawful. The petition argues that the order is too broad because it covers the whole province "
            + "rather than the towns where protests took place, and that it was issued without the review by a judge that "
            + "the constitution requires. A hearing is expected next week. Protest organisers said they would continue "
            + "to gather every evening until fuel prices are lowered and those detained are released.";

    private static String rss(String title, String link, String description) {
        return "<rss version=\"2.0\"><channel><title>" + title + "</title><link>https://x.example.org/</link>"
                + "<description>d</description><item><title>Mobile internet cut</title><link>" + link + "</link>"
                + "<description>" + description + "</description></item></channel></rss>";
    }

    @Test
    void syndicatedCopiesShareTheFirstArticlesStoryId() throws Exception {
        String edited = ("PORT CITY (Wire) - " + WIRE).replace("at least forty", "at least 40")
                .replace("did not respond to questions.", "did not respond to requests for comment.")
                + " (Reporting by the wire desk; editing by the night desk.)";
        String other = "The national football federation named a new coach on Monday after a long search that included "
                + "interviews with six candidates from three continents. The new coach, who led a club side to two league "
                + "titles, signed a contract until the end of the next world cup and will name his first squad next month "
                + "for a pair of friendly matches. Supporters gathered outside the federation offices to welcome him, and "
                + "the sports minister said the government would support the team with a new training centre in the capital.";
        Map<String, String> feeds = Map.of(
                "/a.xml", rss("Paper A", "https://paper-a.example.org/world/2026/03/05/internet-cut", WIRE),
                "/b.xml", rss("Paper B", "https://www.paper-b.example.net/news/12345-mobile-internet-cut?ref=wire", edited),
                "/c.xml", rss("Paper C", "https://paper-c.example.com/sport/new-coach", other),
                "/d.xml", rss("Paper D", "https://paper-d.example.com/brief", "Mobile internet cut for a third day."),
                "/e.xml", rss("Paper E", "https://paper-e.example.com/brief2", "Mobile internet cut for a third day."));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            byte[] body = feeds.get(ex.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/rss+xml");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            FeedPipeline pipeline = new FeedPipeline(new FeedFetcher(new FetchSettings(true, Duration.ofSeconds(2),
                    Duration.ofSeconds(2), Duration.ofSeconds(3), 1 << 20, 5, "test", Duration.ZERO, 1)));
            StoryIndex index = new StoryIndex(1000, 500, 3);
            List<RawArticle> sent = new ArrayList<>();
            for (String path : List.of("/a.xml", "/b.xml", "/c.xml", "/d.xml", "/e.xml")) {
                Source s = new Source(1, Source.idFor(base + path), base + path, path, null, null, null, Instant.now());
                FeedPipeline.Parsed parsed = (FeedPipeline.Parsed) pipeline.run(s, null, null, Instant.now());
                sent.addAll(index.assign(parsed.articles()));
            }
            RawArticle a = sent.get(0);
            RawArticle b = sent.get(1);
            assertNotEquals(a.id(), b.id(), "different URLs, different articles");
            assertEquals(a.id(), a.storyId(), "the first copy starts the story");
            assertEquals(a.id(), b.storyId(), "the edited copy joins it; distance "
                    + Long.bitCount(StoryIndex.simhash(StoryIndex.normalise(a.text())) ^ StoryIndex.simhash(StoryIndex.normalise(b.text()))));
            assertEquals(sent.get(2).id(), sent.get(2).storyId(), "an unrelated story is its own");
            assertEquals(sent.get(3).id(), sent.get(3).storyId(), "short briefs get no fingerprint");
            assertEquals(sent.get(4).id(), sent.get(4).storyId(), "short briefs get no fingerprint");
            assertEquals(3, index.size());
            long distance = Long.bitCount(StoryIndex.simhash(StoryIndex.normalise(WIRE)) ^ StoryIndex.simhash(StoryIndex.normalise(edited)));
            long unrelated = Long.bitCount(StoryIndex.simhash(StoryIndex.normalise(WIRE)) ^ StoryIndex.simhash(StoryIndex.normalise(other)));
            System.out.println("SimHash distances: edited copy " + distance + ", unrelated story " + unrelated);
            assertTrue(distance <= 3 && unrelated > 10, "distances: copy " + distance + ", unrelated " + unrelated);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theIndexIsARingOfBoundedSize() {
        StoryIndex index = new StoryIndex(10, 20, 3);
        for (int i = 0; i < 50; i++) {
            String id = String.format("%032x", i);
            assertEquals(id, index.storyOf(id, "completely different text number " + i + " " + "word".repeat(i % 7) + " " + Integer.toBinaryString(i * 7919)));
        }
        assertEquals(10, index.size());
    }
}
