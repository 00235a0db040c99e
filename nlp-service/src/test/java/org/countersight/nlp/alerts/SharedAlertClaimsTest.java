package org.countersight.nlp.alerts;

import org.countersight.events.TaggedArticle;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nlp instances (two deciders, each with its own alerts.claims reader and writer) over a real broker, and a
 * third started after them (a restart): a story alerts once whichever instance sees which copy, and a restarted
 * instance does not alert a story, nor an article, that alerted before it started.
 */
class SharedAlertClaimsTest {

    static final Instant NOW = Instant.now();
    static EmbeddedKafka kafka;

    @BeforeAll
    static void broker() {
        kafka = EmbeddedKafka.start();
        TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 2, (short) 1);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    static AlertClaims claims() throws InterruptedException {
        AlertClaims c = new AlertClaims(kafka.bootstrapServers(), Map.of(), "test", 1000, Duration.ofHours(72)).start();
        assertTrue(c.awaitRestored(Duration.ofSeconds(60)));
        return c;
    }

    /** A text of its own per story: 40 made-up words drawn with the story number as seed. */
    static String text(int story) {
        java.util.Random r = new java.util.Random(story);
        StringBuilder sb = new StringBuilder("Cameras with facial recognition were installed, officials said:");
        for (int i = 0; i < 40; i++) {
            sb.append(' ');
            for (int k = 0, n = 3 + r.nextInt(6); k < n; k++) {
                sb.append((char) ('a' + r.nextInt(26)));
            }
        }
        return sb.append('.').toString();
    }

    static TaggedArticle article(String id, String storyId, String text) {
        return AlertDeciderTest.article(id, storyId, "Headline " + id, text, NOW);
    }

    @Test
    void twoInstancesAndARestartAlertEachStoryOnce() throws Exception {
        int stories = 20;
        List<String> alerted = new ArrayList<>();
        try (AlertClaims a = claims(); AlertClaims b = claims()) {
            AlertDecider one = new AlertDecider(Duration.ofHours(72), 0.5, a);
            AlertDecider two = new AlertDecider(Duration.ofHours(72), 0.5, b);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<String>> results = new ArrayList<>();
                for (int s = 0; s < stories; s++) {
                    // each story arrives three times at once: the same storyId on both instances, and a syndicated
                    // copy under another URL without a storyId (only the text tells it is the same story)
                    TaggedArticle first = article("s" + s + "-a", "story-" + s, text(s));
                    TaggedArticle sameStory = article("s" + s + "-b", "story-" + s, text(s) + " More to follow.");
                    TaggedArticle copy = article("s" + s + "-c", null, text(s).replace("Monday", "Monday,") + " (Wire)");
                    results.add(pool.submit(decide(one, first)));
                    results.add(pool.submit(decide(two, sameStory)));
                    results.add(pool.submit(decide(two, copy)));
                }
                for (Future<String> f : results) {
                    String id = f.get();
                    if (id != null) {
                        alerted.add(id);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            // the alerts were acknowledged: each instance marks the ones it sent
            for (String id : alerted) {
                one.sent(article(id, null, ""));
            }
        }
        assertEquals(stories, alerted.size(), "one alert per story across both instances: " + alerted);
        assertEquals(stories, alerted.stream().map(id -> id.substring(0, id.indexOf('-'))).distinct().count());

        // a restart: a fresh instance restores the claims from Kafka and alerts none of the stories again
        try (AlertClaims restarted = claims()) {
            AlertDecider three = new AlertDecider(Duration.ofHours(72), 0.5, restarted);
            for (int s = 0; s < stories; s++) {
                assertTrue(three.decide(article("s" + s + "-d", "story-" + s, text(s)), NOW).isEmpty(), "story " + s + " again");
                assertTrue(three.decide(article("s" + s + "-e", null, text(s) + " Updated."), NOW).isEmpty(), "copy of story " + s);
            }
            for (String id : alerted) { // redelivery of an article whose alert was sent
                int s = Integer.parseInt(id.substring(1, id.indexOf('-')));
                assertTrue(three.decide(article(id, "story-" + s, text(s)), NOW).isEmpty(), id + " redelivered");
            }
            assertTrue(three.decide(article("new-1", "story-new", text(999)), NOW).isPresent(), "a new story still alerts");
        }
    }

    @Test
    void aClaimWhoseAlertWasNotWrittenAlertsOnRedelivery() throws Exception {
        TaggedArticle a = article("lost-1", "story-lost", text(5000));
        try (AlertClaims c = claims()) {
            assertTrue(new AlertDecider(Duration.ofHours(72), 0.5, c).decide(a, NOW).isPresent());
            // the instance dies before its alert is acknowledged: no "alerted" marker
        }
        try (AlertClaims c = claims()) {
            AlertDecider after = new AlertDecider(Duration.ofHours(72), 0.5, c);
            assertTrue(after.decide(a, NOW).isPresent(), "the redelivered article alerts: its alert was never written");
            after.sent(a);
            assertFalse(after.decide(article("lost-2", "story-lost", text(5000)), NOW).isPresent());
        }
    }

    static Callable<String> decide(AlertDecider d, TaggedArticle a) {
        return () -> d.decide(a, NOW).map(x -> a.id()).orElse(null);
    }
}
