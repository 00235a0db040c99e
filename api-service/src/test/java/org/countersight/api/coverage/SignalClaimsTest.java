package org.countersight.api.coverage;

import org.countersight.events.Alert;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two api instances deciding the same silence at the same moment over a real broker: exactly one announces each
 * transition, both agree on the episode, and an instance started later rebuilds it from {@code signals.claims}.
 */
class SignalClaimsTest {

    static EmbeddedKafka kafka;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafka.start();
        TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 2, (short) 1);
    }

    @AfterAll
    static void stop() {
        kafka.close();
    }

    private static SignalClaims ready(String name) {
        SignalClaims c = new SignalClaims(new org.countersight.events.kafka.KafkaConnection(kafka.bootstrapServers(), java.util.Map.of()), name).start();
        await().atMost(Duration.ofSeconds(60)).until(c::isReady);
        return c;
    }

    @Test
    void twoInstancesClaimingTheSameEpisodeAnnounceItOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SignalClaims a = ready("a"); SignalClaims b = ready("b")) {
            Instant since = Instant.parse("2026-12-06T06:00:00Z");
            Instant now = Instant.parse("2026-12-06T06:12:00Z");
            List<Future<Optional<SignalClaims.Episode>>> raised = pool.invokeAll(List.<Callable<Optional<SignalClaims.Episode>>>of(
                    () -> a.claimRaise("MM", since, now, 0.8), () -> b.claimRaise("MM", since, now.plusMillis(5), 0.8)));
            int winners = 0;
            for (Future<Optional<SignalClaims.Episode>> f : raised) {
                winners += f.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, winners, "exactly one instance announces the episode");
            await().atMost(Duration.ofSeconds(30)).until(() -> b.episode("MM").isPresent() && a.episode("MM").isPresent());
            assertEquals(a.episode("MM").get(), b.episode("MM").get());
            assertTrue(a.episode("MM").get().open());
            assertFalse(a.claimRaise("MM", since, now, 0.8).isPresent(), "an open episode is not raised again");

            List<Future<Optional<SignalClaims.Episode>>> recovered = pool.invokeAll(List.<Callable<Optional<SignalClaims.Episode>>>of(
                    () -> a.claimRecovery("MM", now.plusSeconds(600)), () -> b.claimRecovery("MM", now.plusSeconds(600))));
            winners = 0;
            for (Future<Optional<SignalClaims.Episode>> f : recovered) {
                winners += f.get().isPresent() ? 1 : 0;
            }
            assertEquals(1, winners, "exactly one instance announces the recovery");

            // a third instance (a restart) rebuilds the closed episode; the next silence is a new episode
            try (SignalClaims c = ready("c")) {
                SignalClaims.Episode e = c.episode("MM").orElseThrow();
                assertEquals(Alert.Signal.RECOVERED, e.phase());
                assertEquals(1, e.seq());
                SignalClaims.Episode next = c.claimRaise("MM", now.plusSeconds(3600), now.plusSeconds(4000), 0.7).orElseThrow();
                assertEquals(2, next.seq());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
