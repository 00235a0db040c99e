package org.countersight.ingest.kafka;

import org.countersight.events.ArticleIds;
import org.countersight.events.RawArticle;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two ingest instances (each with its own reader and writer of {@code stories}) over a real broker, and a third
 * started afterwards (a restart): copies of one story get one storyId whichever instance polled them, also after
 * the restart; different stories keep their own.
 */
class SharedStoriesTest {

    static EmbeddedKafka kafka;
    static KafkaSettings settings;

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.start();
        settings = new KafkaSettings(kafka.bootstrapServers(), Map.of(), 2, (short) 1, "ingest");
        TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 2, (short) 1);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    static SharedStories instance(String name) throws InterruptedException {
        SharedStories s = new SharedStories(settings, name, 10_000, 200).start();
        assertTrue(s.awaitRestored(Duration.ofSeconds(60)));
        return s;
    }

    /** 400 made-up words per story, the story number as seed: texts of different stories share nothing. */
    static String text(int story) {
        Random r = new Random(story);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            for (int k = 0, n = 3 + r.nextInt(7); k < n; k++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
            sb.append(i % 15 == 14 ? ". " : " ");
        }
        return sb.toString().strip();
    }

    static RawArticle article(String url, String text) {
        return new RawArticle(RawArticle.SCHEMA_VERSION, ArticleIds.fromUrl(url), url, "src", "Src", null, null, "t",
                null, text, "en", Instant.now(), false, Instant.now());
    }

    @Test
    void copiesGetOneStoryAcrossInstancesAndRestarts() throws Exception {
        int stories = 15;
        List<RawArticle> originals = new ArrayList<>();
        List<RawArticle> copies = new ArrayList<>();
        for (int s = 0; s < stories; s++) {
            originals.add(article("https://one.example.org/story/" + s, text(s)));
            // a syndicated copy: another site, a credit added
            copies.add(article("https://two.example.org/wire/" + s, "(Wire) " + text(s)));
        }
        List<String> storyIds = new ArrayList<>();
        try (SharedStories a = instance("a"); SharedStories b = instance("b")) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                // both instances poll at the same moment, one source each
                Future<List<RawArticle>> fromA = pool.submit(() -> a.assign(originals));
                Future<List<RawArticle>> fromB = pool.submit(() -> b.assign(copies));
                List<RawArticle> ra = fromA.get();
                List<RawArticle> rb = fromB.get();
                for (int s = 0; s < stories; s++) {
                    assertEquals(ra.get(s).storyId(), rb.get(s).storyId(), "story " + s + " has one id on both instances");
                    String id = ra.get(s).storyId();
                    assertTrue(id.equals(originals.get(s).id()) || id.equals(copies.get(s).id()), "the id of one of its articles");
                    storyIds.add(id);
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertEquals(stories, storyIds.stream().distinct().count(), "different stories keep their own ids");

        try (SharedStories restarted = instance("c")) {
            List<RawArticle> later = new ArrayList<>();
            for (int s = 0; s < stories; s++) {
                later.add(article("https://three.example.org/" + s, text(s)));
            }
            List<RawArticle> rc = restarted.assign(later);
            for (int s = 0; s < stories; s++) {
                assertEquals(storyIds.get(s), rc.get(s).storyId(), "the same text under another URL after the restart joins story " + s);
            }
            RawArticle fresh = restarted.assign(List.of(article("https://three.example.org/new", text(1000)))).get(0);
            assertEquals(fresh.id(), fresh.storyId(), "a new story is its own");
            assertNotEquals(storyIds.get(0), fresh.storyId());
        }
    }
}
