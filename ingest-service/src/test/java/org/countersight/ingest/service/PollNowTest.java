package org.countersight.ingest.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.countersight.events.Source;
import org.countersight.events.Topics;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.countersight.ingest.config.Settings.PollSettings;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An operator's poll-now fetches at once even when the host's politeness slot is booked for an hour (it used to
 * wait for the slot: with the default one-second spacing, that put a one-second floor under fetch to alert).
 */
class PollNowTest {

    @Test
    void pollNowFetchesAtOnceWhateverTheHostsNextSlotAndSendsTheNewItem() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); TestFeeds feeds = new TestFeeds();
             KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers())) {
            KafkaSettings k = new KafkaSettings(kafka.bootstrapServers(), Map.of(), 2, (short) 1, "ingest");
            Duration hour = Duration.ofHours(1);
            FetchSettings f = new FetchSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4),
                    1024 * 1024, 5, FetchSettings.userAgentFor("http://poll-now.test/"), hour, 2);
            // scheduled polls an hour apart, and never more than one request per host per hour
            PollSettings p = new PollSettings(hour, hour, Duration.ofHours(2), hour, Duration.ofHours(2), 3);
            feeds.setItems("/now.xml", List.of(new TestFeeds.Item("First", "https://n.example.org/1", "one")));
            Source source = KafkaTestClients.source(feeds.url("/now.xml"), "Poll now");
            try (IngestEngine engine = new IngestEngine(k, f, p, new SimpleMeterRegistry(), "poll-now").start()) {
                await().atMost(Duration.ofSeconds(60)).until(engine::isReady);
                clients.publish(source);
                await().atMost(Duration.ofSeconds(60)).until(() -> feeds.requestsTo("/now.xml") == 1);
                await().atMost(Duration.ofSeconds(30)).until(() -> clients.readAll(Topics.ARTICLES_RAW).size() == 1);

                feeds.setItems("/now.xml", List.of(new TestFeeds.Item("Second", "https://n.example.org/2", "two"),
                        new TestFeeds.Item("First", "https://n.example.org/1", "one")));
                assertTrue(engine.poller().pollNow(source.id()));
                await().atMost(Duration.ofSeconds(30)).until(() -> feeds.requestsTo("/now.xml") == 2);
                await().atMost(Duration.ofSeconds(30)).until(() -> clients.readAll(Topics.ARTICLES_RAW).size() == 2);

                assertTrue(engine.poller().pollNow(source.id()));
                await().atMost(Duration.ofSeconds(30)).until(() -> feeds.requestsTo("/now.xml") == 3);
            }
        }
    }
}
