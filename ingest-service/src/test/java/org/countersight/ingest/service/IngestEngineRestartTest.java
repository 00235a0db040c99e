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
        return engine(name, Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    private static IngestEngine engine(String name, Duration minInterval, Duration maxInterval) {
        KafkaSettings k = new KafkaSettings(kafka.bootstrapServers(), Map.of(), 4, (short) 1, "ingest");
        FetchSettings f = new FetchSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4),
                1024 * 1024, 5, FetchSettings.userAgentFor("http://" + name + ".test/"), Duration.ZERO, 4);
        PollSettings p = new PollSettings(minInterval, minInterval, maxInterval,
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

    /**
     * A poll that takes longer than the source's interval (here a slow feed; in the cluster fault test, a broker
     * fail-over holding the acknowledgements) schedules the next one with no delay while it is still finishing; that
     * next poll used to be dropped as "already running", leaving the source never polled again.
     */
    @Test
    void aPollSlowerThanTheIntervalIsFollowedByMorePolls() throws Exception {
        feeds.setItems("/slow-ok.xml", List.of(new TestFeeds.Item("Slow story", "https://slow.example.org/1", "slow")));
        feeds.setDelay("/slow-ok.xml", 1500);
        Source source = KafkaTestClients.source(feeds.url("/slow-ok.xml"), "Slow but fine");
        try (KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers());
             IngestEngine slow = engine("slowpoll", Duration.ofSeconds(1), Duration.ofSeconds(1))) {
            await().atMost(Duration.ofSeconds(60)).until(slow::isReady);
            clients.publish(source);
            await().atMost(Duration.ofSeconds(30)).until(() -> feeds.requestsTo("/slow-ok.xml", "slowpoll.test") >= 4);
        }
    }

    /**
     * Two instances share 200 local sources. In a steady window every source is fetched by exactly one
     * instance; across two hand-overs (alpha leaves, gamma joins, beta leaves) no source is ever fetched by two
     * instances at overlapping times, the instance left takes over every source, and each article is sent once.
     */
    @Test
    void twoInstancesShare200SourcesAndTakeOverEachOthers() throws Exception {
        int n = 200;
        List<Source> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String path = "/shard-" + i + ".xml";
            feeds.setItems(path, List.of(new TestFeeds.Item("Shard story " + i, "https://s.example.org/" + i, "s" + i)));
            sources.add(KafkaTestClients.source(feeds.url(path), "Shard " + i));
        }
        Set<String> shard = new HashSet<>();
        sources.forEach(s -> shard.add(s.id()));
        Duration interval = Duration.ofSeconds(1);
        long t0 = System.nanoTime();
        try (KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers());
             IngestEngine a = engine("alpha", interval, interval);
             IngestEngine b = engine("beta", interval, interval)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> a.isReady() && b.isReady());
            for (Source s : sources) {
                clients.publish(s);
            }
            // both instances own some sources, and together all of them, each exactly once
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Set<String> ownedA = owned(a);
                Set<String> ownedB = owned(b);
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
            // every shard article is on articles.raw before the steady window starts
            await().atMost(Duration.ofSeconds(60)).until(() -> shardArticles(clients) >= n);

            // a steady window of three intervals: every source polled, each by one instance only
            Map<String, Set<String>> steady = fetchersDuring(Duration.ofSeconds(3));
            assertEquals(n, steady.size(), "every source polled in the window");
            steady.forEach((path, agents) -> assertEquals(1, agents.size(), path + " fetched by " + agents));
            long byAlpha = steady.values().stream().filter(x -> x.iterator().next().contains("alpha.test")).count();
            assertTrue(byAlpha > 0 && byAlpha < n, "both fetch: alpha " + byAlpha + " of " + n);

            // alpha stops: beta takes over all of them
            a.close();
            awaitAllPolledBy("beta.test", n);

            // gamma joins and beta stops: gamma takes over all of them (beta's, and the ones beta took from alpha)
            try (IngestEngine c = engine("gamma", interval, interval)) {
                await().atMost(Duration.ofSeconds(60)).until(c::isReady);
                await().atMost(Duration.ofSeconds(60)).until(() -> !owned(c).isEmpty());
                b.close();
                awaitAllPolledBy("gamma.test", n);
            }
            assertEquals(n, shardArticles(clients), "each shard article sent once, also across the hand-overs");
        }
        // never two instances fetching one source at the same time, over the whole run
        Map<String, List<TestFeeds.Request>> byPath = new HashMap<>();
        for (TestFeeds.Request r : feeds.requests) {
            if (r.path().startsWith("/shard-") && r.startNanos() >= t0) {
                byPath.computeIfAbsent(r.path(), x -> new ArrayList<>()).add(r);
            }
        }
        assertEquals(n, byPath.size());
        int handOvers = 0;
        for (List<TestFeeds.Request> rs : byPath.values()) {
            rs.sort(java.util.Comparator.comparingLong(TestFeeds.Request::startNanos));
            for (int i = 1; i < rs.size(); i++) {
                TestFeeds.Request prev = rs.get(i - 1);
                TestFeeds.Request next = rs.get(i);
                if (!prev.userAgent().equals(next.userAgent())) {
                    handOvers++;
                    assertTrue(next.startNanos() >= prev.endNanos(), next.path() + ": " + next.userAgent()
                            + " started while " + prev.userAgent() + " was still fetching");
                }
            }
        }
        assertTrue(handOvers >= n, "every source changed hands at least once: " + handOvers);
    }

    /** Which instances (User-Agents) fetched each shard path during the next {@code window}. */
    private static Map<String, Set<String>> fetchersDuring(Duration window) throws InterruptedException {
        long from = System.nanoTime();
        Thread.sleep(window.toMillis());
        long to = System.nanoTime();
        Map<String, Set<String>> fetchers = new HashMap<>();
        for (TestFeeds.Request r : feeds.requests) {
            if (r.path().startsWith("/shard-") && r.startNanos() >= from && r.startNanos() < to) {
                fetchers.computeIfAbsent(r.path(), x -> new HashSet<>()).add(r.userAgent());
            }
        }
        return fetchers;
    }

    private static void awaitAllPolledBy(String agentPart, int n) {
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Set<String> polled = new HashSet<>();
            for (TestFeeds.Request r : feeds.requests) {
                if (r.startNanos() >= from && r.path().startsWith("/shard-") && r.userAgent().contains(agentPart)) {
                    polled.add(r.path());
                }
            }
            assertEquals(n, polled.size(), "sources polled by " + agentPart);
        });
    }

    private static long shardArticles(KafkaTestClients clients) {
        return clients.readAll(Topics.ARTICLES_RAW).stream()
                .filter(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains("s.example.org")).count();
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
