package org.countersight.ingest.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Source;
import org.countersight.events.Topics;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.countersight.ingest.config.Settings.PollSettings;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Engines without Quarkus over one real broker: state survives a restart (seen ids from articles.raw, ETags from
 * sources.status), and two instances in the one group share the sources and take over each other's.
 */
class IngestEngineRestartTest {

    private static EmbeddedKafka kafka;
    private static TestFeeds feeds;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        feeds = new TestFeeds();
    }

    @AfterAll
    static void stop() {
        feeds.close();
        kafka.close();
    }

    private static IngestEngine engine(String name) {
        KafkaSettings k = new KafkaSettings(kafka.bootstrapServers(), Map.of(), 4, (short) 1, "ingest");
        FetchSettings f = new FetchSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4),
                1024 * 1024, 5, FetchSettings.userAgentFor("http://" + name + ".test/"), Duration.ZERO, 4);
        PollSettings p = new PollSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3);
        return new IngestEngine(k, f, p, new SimpleMeterRegistry(), name).start();
    }

    @Test
    void aRestartedInstanceResendsNothingAndKeepsItsValidators() throws Exception {
        feeds.setItems("/restart.xml", List.of(
                new TestFeeds.Item("First story", "https://r.example.org/1", "one"),
                new TestFeeds.Item("Second story", "https://r.example.org/2", "two")));
        Source source = KafkaTestClients.source(feeds.url("/restart.xml"), "Restart");
        try (KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers())) {
            try (IngestEngine first = engine("first")) {
                await().atMost(Duration.ofSeconds(60)).until(first::isReady);
                clients.publish(source);
                await().atMost(Duration.ofSeconds(30)).until(() -> keys(clients).size() == 2);
                // the 304 proves the first instance stored its ETag
                await().atMost(Duration.ofSeconds(20)).until(() -> feeds.requests.stream()
                        .anyMatch(r -> r.path().equals("/restart.xml") && r.status() == 304));
            }
            long before = feeds.requests.size();
            try (IngestEngine second = engine("second")) {
                await().atMost(Duration.ofSeconds(60)).until(second::isReady);
                assertTrue(second.seenIds() >= 2, "seen ids rebuilt from articles.raw: " + second.seenIds());
                await().atMost(Duration.ofSeconds(30)).until(() -> feeds.requestsTo("/restart.xml", "second.test") >= 2);
                TestFeeds.Request firstOfSecond = feeds.requests.subList((int) before, feeds.requests.size()).stream()
                        .filter(r -> r.path().equals("/restart.xml")).findFirst().orElseThrow();
                assertTrue(firstOfSecond.ifNoneMatch() != null, "the ETag was restored from sources.status");
                assertEquals(304, firstOfSecond.status());
                assertEquals(2, clients.readAll(Topics.ARTICLES_RAW).size(), "nothing re-sent after the restart");

                // the feed changes (new ETag): the full response repeats the old items, only the new one is sent
                feeds.setItems("/restart.xml", List.of(
                        new TestFeeds.Item("Third story", "https://r.example.org/3", "three"),
                        new TestFeeds.Item("First story", "https://r.example.org/1", "one"),
                        new TestFeeds.Item("Second story", "https://r.example.org/2", "two")));
                await().atMost(Duration.ofSeconds(30)).until(() -> clients.readAll(Topics.ARTICLES_RAW).size() == 3);
                Thread.sleep(2500);
                assertEquals(3, clients.readAll(Topics.ARTICLES_RAW).size());
            }
        }
    }

    @Test
    void twoInstancesShareTheSourcesAndTakeOverEachOthers() throws Exception {
        int n = 12;
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = "/shard-" + i + ".xml";
            feeds.setItems(path, List.of(new TestFeeds.Item("Shard story " + i, "https://s.example.org/" + i, "s" + i)));
            sources.add(KafkaTestClients.source(feeds.url(path), "Shard " + i));
        }
        try (KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers());
             IngestEngine a = engine("alpha");
             IngestEngine b = engine("beta")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.isReady() && b.isReady());
            for (Source s : sources) {
                clients.publish(s);
            }
            // both instances own some sources, and together all of them, each exactly once
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<String> ownedA = owned(a);
                Set<String> ownedB = owned(b);
                Set<String> shard = new HashSet<>();
                sources.forEach(s -> shard.add(s.id()));
                Set<String> union = new HashSet<>(ownedA);
                union.addAll(ownedB);
                assertTrue(union.containsAll(shard), "all sources owned");
                Set<String> both = new HashSet<>(ownedA);
                both.retainAll(ownedB);
                both.retainAll(shard);
                assertTrue(both.isEmpty(), "no source owned by both: " + both);
                assertFalse(ownedA.stream().noneMatch(shard::contains), "alpha owns some");
                assertFalse(ownedB.stream().noneMatch(shard::contains), "beta owns some");
            });
            // in a steady window, every source is fetched by one instance only
            int mark = feeds.requests.size();
            Thread.sleep(3000);
            Map<String, Set<String>> fetchers = new HashMap<>();
            for (TestFeeds.Request r : feeds.requests.subList(mark, feeds.requests.size())) {
                if (r.path().startsWith("/shard-")) {
                    fetchers.computeIfAbsent(r.path(), x -> new HashSet<>()).add(r.userAgent());
                }
            }
            assertEquals(n, fetchers.size(), "every source polled in the window");
            fetchers.forEach((path, agents) -> assertEquals(1, agents.size(), path + " fetched by " + agents));

            // alpha leaves: beta takes over all of them
            a.close();
            int afterLeave = feeds.requests.size();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<String> polledByBeta = new HashSet<>();
                for (TestFeeds.Request r : feeds.requests.subList(afterLeave, feeds.requests.size())) {
                    if (r.path().startsWith("/shard-") && r.userAgent().contains("beta.test")) {
                        polledByBeta.add(r.path());
                    }
                }
                assertEquals(n, polledByBeta.size());
            });
            long shardArticles = clients.readAll(Topics.ARTICLES_RAW).stream()
                    .filter(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("s.example.org")).count();
            assertEquals(n, shardArticles, "each shard article sent once, also across the hand-over");
        }
    }

    private static Set<String> owned(IngestEngine engine) {
        Set<String> ids = new HashSet<>();
        if (engine.poller() != null) {
            engine.poller().view().forEach(v -> ids.add(v.id()));
        }
        return ids;
    }

    private static List<String> keys(KafkaTestClients clients) {
        return clients.readAll(Topics.ARTICLES_RAW).stream().map(ConsumerRecord::key).toList();
    }
}
