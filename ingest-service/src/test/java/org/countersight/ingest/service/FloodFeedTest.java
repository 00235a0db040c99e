package org.countersight.ingest.service;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.Topics;
import org.countersight.ingest.config.Settings.Limits;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 10 MB RSS of bare {@code <item><guid>N</guid></item>} (some 300,000 items) used to hold ~200 MB per poll while
 * parsing, so two such polls at once under {@code -Xmx384m} killed ingest. Here the ingest engine runs in a child
 * JVM with {@code -Xmx384m -XX:+ExitOnOutOfMemoryError} ({@link FloodChild}) and polls two floods at once, again and
 * again, and a good feed next to them: it stays alive, the floods' status says "item cap", and the good feed's
 * article still arrives.
 */
class FloodFeedTest {

    static final long MAX_BYTES = 10L * 1024 * 1024;

    static byte[] flood() {
        StringBuilder sb = new StringBuilder((int) MAX_BYTES);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel><title>Flood</title>")
                .append("<link>https://flood.example.org/</link><description>many tiny items</description>");
        String end = "</channel></rss>";
        for (int n = 0; ; n++) {
            String item = "<item><guid>" + n + "</guid></item>";
            if (sb.length() + item.length() + end.length() > MAX_BYTES - 1024) {
                break;
            }
            sb.append(item);
        }
        return sb.append(end).toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aTenMegabyteFloodLeavesIngestAliveUnder384MbWithItsStatusSayingItemCapAndTheGoodFeedStillFlows() throws Exception {
        Path log = Path.of("target", "flood-child.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        Process child = null;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); TestFeeds feeds = new TestFeeds();
             KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers())) {
            byte[] flood = flood();
            assertTrue(flood.length > 10_000_000 && flood.length <= MAX_BYTES, "flood size " + flood.length);
            // two floods polled at once (fetch concurrency 2): uncapped, each held ~200 MB while parsing
            feeds.setRaw("/flood-a.xml", flood);
            feeds.setRaw("/flood-b.xml", flood);
            feeds.setItems("/good.xml", List.of(new TestFeeds.Item("A good story", "https://good.example.org/1", "one")));
            List<Source> floods = List.of(KafkaTestClients.source(feeds.url("/flood-a.xml"), "Flood A"),
                    KafkaTestClients.source(feeds.url("/flood-b.xml"), "Flood B"));
            Source good = KafkaTestClients.source(feeds.url("/good.xml"), "Good");
            org.countersight.events.kafka.TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 2, (short) 1);
            for (Source f : floods) {
                clients.publish(f);
            }

            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(java, "-Xmx384m", "-XX:+ExitOnOutOfMemoryError",
                    "-cp", System.getProperty("java.class.path"), FloodChild.class.getName(),
                    kafka.bootstrapServers(), Long.toString(MAX_BYTES),
                    // -Dflood.maxItemsPerDocument=1000000 shows the failure the cap prevents
                    Integer.toString(Integer.getInteger("flood.maxItemsPerDocument", Limits.DEFAULTS.maxItemsPerDocument())))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Process running = child;

            // two polls of each flood
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1)).until(() -> !running.isAlive()
                    || floods.stream().allMatch(f -> statuses(clients, f.id()).stream().filter(s -> s.error() != null
                    && s.error().contains("item cap")).count() >= 2));
            assertTrue(child.isAlive(), "ingest died under -Xmx384m:\n" + tail(log));
            for (Source f : floods) {
                List<SourceStatus> seen = statuses(clients, f.id());
                SourceStatus last = seen.get(seen.size() - 1);
                assertTrue(last.error().contains("item cap: the feed has") && last.itemsSeen() <= 1000,
                        "status: " + last.error() + ", items seen " + last.itemsSeen());
            }

            // the next good feed still flows
            clients.publish(good);
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(() -> !running.isAlive() || clients.readAll(Topics.ARTICLES_RAW)
                    .stream().map(KafkaTestClients::article).anyMatch(a -> a != null && good.id().equals(a.sourceId())));
            assertTrue(child.isAlive(), "ingest died under -Xmx384m:\n" + tail(log));
            for (Source f : floods) {
                long fromFlood = clients.readAll(Topics.ARTICLES_RAW).stream().map(KafkaTestClients::article)
                        .filter(a -> a != null && f.id().equals(a.sourceId())).count();
                assertTrue(fromFlood <= 2000, "at most the daily quota from a flood: " + fromFlood);
            }
        } finally {
            if (child != null) {
                child.destroy();
                if (!child.waitFor(30, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
        }
    }

    private static List<SourceStatus> statuses(KafkaTestClients clients, String sourceId) {
        return clients.readAll(Topics.SOURCES_STATUS).stream()
                .filter(r -> sourceId.equals(r.key()) && r.value() != null)
                .map(FloodFeedTest::status).toList();
    }

    private static SourceStatus status(ConsumerRecord<String, byte[]> r) {
        try {
            return Json.MAPPER.readValue(r.value(), SourceStatus.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
