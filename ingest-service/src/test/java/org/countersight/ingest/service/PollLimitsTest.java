package org.countersight.ingest.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.Topics;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.countersight.ingest.config.Settings.Limits;
import org.countersight.ingest.config.Settings.PollSettings;
import org.countersight.ingest.poll.SourcePoller;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** New articles per poll and per day are capped, the newest first, and the source's status says so. */
class PollLimitsTest {

    @Test
    void newItemsBeyondThePollCapWaitForTheNextPollAndTheDailyQuotaStopsTheRest() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); TestFeeds feeds = new TestFeeds();
             KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers())) {
            KafkaSettings k = new KafkaSettings(kafka.bootstrapServers(), Map.of(), 2, (short) 1, "ingest");
            Duration hour = Duration.ofHours(1);
            FetchSettings f = new FetchSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4),
                    1024 * 1024, 5, FetchSettings.userAgentFor("http://limits.test/"), Duration.ZERO, 2);
            // polls only when asked: 3 new items per poll, 5 per day
            PollSettings p = new PollSettings(hour, hour, Duration.ofHours(2), hour, Duration.ofHours(2), 3,
                    new Limits(1000, 3, 5, Duration.ofMinutes(2)));
            List<TestFeeds.Item> items = new ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                items.add(new TestFeeds.Item("Story " + i, "https://limits.example.org/" + i, "text " + i));
            }
            feeds.setItems("/limits.xml", items);
            Source source = KafkaTestClients.source(feeds.url("/limits.xml"), "Limits");
            try (IngestEngine engine = new IngestEngine(k, f, p, new SimpleMeterRegistry(), "limits").start()) {
                await().atMost(Duration.ofSeconds(60)).until(engine::isReady);
                clients.publish(source);
                await().atMost(Duration.ofSeconds(60)).until(() -> sent(clients) == 3);
                SourceStatus first = nextStatus(engine, source, null);
                assertEquals(3, first.itemsNew());
                assertTrue(first.error().contains("item cap: 8 new items, the newest 3 sent this poll"), first.error());
                assertEquals(SourceStatus.State.OK, first.state());

                assertTrue(engine.poller().pollNow(source.id()));
                await().atMost(Duration.ofSeconds(30)).until(() -> sent(clients) == 5);
                SourceStatus second = nextStatus(engine, source, first);
                assertEquals(2, second.itemsNew());
                assertTrue(second.error().contains("daily quota reached"), second.error());

                assertTrue(engine.poller().pollNow(source.id()));
                await().atMost(Duration.ofSeconds(30)).until(() -> feeds.requestsTo("/limits.xml") == 3);
                SourceStatus third = nextStatus(engine, source, second);
                assertEquals(0, third.itemsNew());
                assertTrue(third.error().contains("daily quota reached"), third.error());
                assertEquals(5, sent(clients), "nothing past the quota");
                // held-back items keep the validators from moving on: every poll got the whole feed, no 304
                assertTrue(feeds.requests.stream().noneMatch(r -> r.status() == 304));
            }
        }
    }

    @Test
    void onceThePollsTimeBudgetIsSpentNoArticlePageIsFetchedAndTheStatusSaysSo() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); TestFeeds feeds = new TestFeeds();
             KafkaTestClients clients = new KafkaTestClients(kafka.bootstrapServers())) {
            KafkaSettings k = new KafkaSettings(kafka.bootstrapServers(), Map.of(), 2, (short) 1, "ingest");
            Duration hour = Duration.ofHours(1);
            FetchSettings f = new FetchSettings(true, Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(4),
                    1024 * 1024, 5, FetchSettings.userAgentFor("http://budget.test/"), Duration.ZERO, 2);
            // a budget spent before the feed is even parsed: the short items would each cost a page fetch
            PollSettings p = new PollSettings(hour, hour, Duration.ofHours(2), hour, Duration.ofHours(2), 3,
                    new Limits(1000, 200, 2000, Duration.ofNanos(1)));
            feeds.setItems("/budget.xml", List.of(
                    new TestFeeds.Item("Short one", feeds.url("/pages/1"), "short"),
                    new TestFeeds.Item("Short two", feeds.url("/pages/2"), "short")));
            Source source = KafkaTestClients.source(feeds.url("/budget.xml"), "Budget");
            var enrich = new org.countersight.ingest.config.Settings.EnrichSettings(true, 400, 20, 500, 100_000);
            try (IngestEngine engine = new IngestEngine(k, f, p, enrich, new SimpleMeterRegistry(), "budget").start()) {
                await().atMost(Duration.ofSeconds(60)).until(engine::isReady);
                clients.publish(source);
                await().atMost(Duration.ofSeconds(60)).until(() -> sent(clients) == 2);
                SourceStatus status = nextStatus(engine, source, null);
                assertTrue(status.error().contains("time budget: 2 article pages not fetched"), status.error());
                assertEquals(2, status.itemsNew(), "the articles are still sent, with the feed's text");
                assertEquals(0, feeds.requestsTo("/pages/1") + feeds.requestsTo("/pages/2") + feeds.requestsTo("/robots.txt"));
            }
        }
    }

    private static long sent(KafkaTestClients clients) {
        return clients.readAll(Topics.ARTICLES_RAW).stream().filter(r -> r.value() != null).count();
    }

    /** The source's status once a poll after {@code after} (an attempt time; null for the first) has ended. */
    private static SourceStatus nextStatus(IngestEngine engine, Source source, SourceStatus after) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            SourceStatus s = current(engine, source);
            return s != null && (after == null || s.lastAttemptAt().isAfter(after.lastAttemptAt()));
        });
        return current(engine, source);
    }

    private static SourceStatus current(IngestEngine engine, Source source) {
        return engine.poller().view().stream().filter(v -> v.id().equals(source.id())).findFirst()
                .map(SourcePoller.SourceView::status).orElse(null);
    }
}
