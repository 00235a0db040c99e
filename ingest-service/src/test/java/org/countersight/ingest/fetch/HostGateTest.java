package org.countersight.ingest.fetch;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostGateTest {

    @Test
    void requestsOfOneHostAreSpacedAndOtherHostsAreNotHeldBack() {
        HostGate gate = new HostGate(Duration.ofHours(1));
        assertEquals(Duration.ZERO, gate.reserve("a.example"));
        Duration second = gate.reserve("a.example");
        assertTrue(second.compareTo(Duration.ofMinutes(59)) > 0, second.toString());
        assertEquals(Duration.ZERO, gate.reserve("b.example"));
    }

    @Test
    void anOperatorsPollNowGoesAtOnceAndLaterRequestsQueueBehindIt() {
        HostGate gate = new HostGate(Duration.ofHours(1));
        assertEquals(Duration.ZERO, gate.reserve("a.example"));
        gate.takeNow("a.example"); // does not wait for the booked slot ...
        Duration next = gate.reserve("a.example");
        // ... but takes one: the next scheduled request waits for two spacings, not one
        assertTrue(next.compareTo(Duration.ofMinutes(119)) > 0, next.toString());
    }
}
