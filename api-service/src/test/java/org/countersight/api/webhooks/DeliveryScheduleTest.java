package org.countersight.api.webhooks;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    private static final TopicPartition P0 = new TopicPartition(WebhookTopics.DELIVERIES, 0);

    private static Delivery pending(String article, Instant next) {
        Alert alert = new Alert(Alert.SCHEMA_VERSION, article, null, "https://news.example.org/" + article, "T", "s", "S",
                NOW, NOW, 0.9, List.of("KE"), List.of("cctv"), List.of());
        return new Delivery(Delivery.SCHEMA_VERSION, "sub:" + article, "sub", article, Delivery.Status.PENDING, 0, NOW,
                next, null, null, null, alert);
    }

    private static ConsumerRecord<String, byte[]> record(long offset, Delivery d) {
        return new ConsumerRecord<>(WebhookTopics.DELIVERIES, 0, offset, d.id(), Json.write(d));
    }

    @Test
    void nothingIsDueUntilThePartitionIsReadToItsEndThenDueOnesUpToTheConcurrency() {
        DeliverySchedule s = new DeliverySchedule();
        s.assigned(Map.of(P0, 3L));
        s.read(record(0, pending("a", NOW)));
        s.read(record(1, pending("b", NOW.minusSeconds(5))));
        s.read(record(2, pending("c", NOW.plusSeconds(60))));
        s.caughtUp(tp -> 2L);
        assertTrue(s.due(NOW, 8).isEmpty(), "still loading");
        s.caughtUp(tp -> 3L);
        assertEquals(1, s.due(NOW, 1).size(), "one at a time");
        assertEquals(1, s.due(NOW, 2).size(), "the other due one; c waits for its time");
        assertTrue(s.due(NOW, 8).isEmpty(), "both in flight");
    }

    @Test
    void anAcknowledgedStateReplacesTheOldOneOnlyWhereThePartitionIsStillOwned() {
        DeliverySchedule s = new DeliverySchedule();
        s.assigned(Map.of(P0, 0L));
        s.caughtUp(tp -> 0L);
        Delivery a = pending("a", NOW);
        s.read(record(0, a));
        assertEquals(1, s.due(NOW, 8).size());
        s.settled(0, a.attempted(Delivery.Status.PENDING, NOW, NOW.plusSeconds(30), 500, "HTTP 500"), true);
        assertTrue(s.due(NOW, 8).isEmpty(), "retry not yet due");
        assertEquals(1, s.due(NOW.plusSeconds(31), 8).size());
        s.settled(0, a.attempted(Delivery.Status.DELIVERED, NOW, null, 204, null), true);
        assertTrue(s.due(NOW.plusSeconds(3600), 8).isEmpty(), "delivered: nothing left");

        Delivery b = pending("b", NOW);
        s.read(record(1, b));
        assertEquals(1, s.due(NOW, 8).size());
        s.revoked(List.of(P0));
        s.settled(0, b.attempted(Delivery.Status.PENDING, NOW, NOW, 500, "HTTP 500"), true);
        assertTrue(s.due(NOW, 8).isEmpty(), "the partition moved: its new owner decides");
    }
}
