package org.countersight.ingest.poll;

import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.ingest.config.Settings.PollSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceHealthTest {

    /** 10 min .. 24 h, back-off 5 min doubling up to 6 h, paused after 3 failures in a row. */
    private static final PollSettings POLL = new PollSettings(Duration.ofMinutes(15), Duration.ofMinutes(10),
            Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofHours(6), 3);
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final Instant DONE = AT.plusSeconds(2);
    private final SourceHealth health = new SourceHealth(POLL);

    private static PollOutcome ok(int itemsNew) {
        return PollOutcome.success(PollOutcome.Kind.OK, 200, 10, itemsNew, "\"v2\"", "Sun, 01 Mar 2026 09:00:00 GMT", Duration.ofSeconds(2));
    }

    private static PollOutcome failed(PollOutcome.Kind kind) {
        return PollOutcome.failure(kind, 404, "HTTP 404 Not Found", 0, 0, Duration.ofSeconds(2));
    }

    private static SourceHealth.State state(int failures) {
        return new SourceHealth.State(failures, AT.minusSeconds(3600), "\"v1\"", null, 40, Duration.ofMinutes(30), false, null);
    }

    @Test
    void aSuccessResetsFailuresTakesTheNewValidatorsAndKeepsTheCadenceFromThePollsStart() {
        SourceHealth.Decision d = health.decide(state(2), ok(3), AT, DONE, 0);
        assertEquals(SourceStatus.State.OK, d.status());
        assertNull(d.error());
        assertEquals(0, d.state().consecutiveFailures());
        assertEquals(AT, d.state().lastSuccessAt());
        assertEquals("\"v2\"", d.state().etag());
        assertEquals(43, d.state().itemsTotal());
        assertEquals(Duration.ofMinutes(20), d.state().interval(), "new articles shorten the interval to 2/3");
        assertEquals(Duration.ofMinutes(20).minusSeconds(2), d.delay(), "the 2 s the poll took are not added");
        assertEquals(AT.plus(Duration.ofMinutes(20)), d.nextPollAt());
    }

    @Test
    void aSuccessCarriesTheParsersNoteIntoTheStatus() {
        PollOutcome lenient = new PollOutcome(PollOutcome.Kind.OK, 200, "parsed leniently: repaired broken XML", 10, 3,
                null, null, Duration.ofSeconds(1));
        SourceHealth.Decision d = health.decide(state(0), lenient, AT, DONE, 0);
        assertEquals(SourceStatus.State.OK, d.status());
        assertEquals("parsed leniently: repaired broken XML", d.error());
    }

    @Test
    void notModifiedIsASuccessWithoutNewArticles() {
        PollOutcome nm = PollOutcome.success(PollOutcome.Kind.NOT_MODIFIED, 304, 0, 0, "\"v1\"", null, Duration.ZERO);
        SourceHealth.Decision d = health.decide(state(1), nm, AT, AT, 0);
        assertEquals(SourceStatus.State.NOT_MODIFIED, d.status());
        assertEquals(Duration.ofMinutes(45), d.state().interval(), "nothing new lengthens it by half");
        assertEquals(0, d.state().consecutiveFailures());
    }

    @Test
    void failuresBackOffExponentiallyWithJitterAndKeepWhatTheSourceHad() {
        SourceHealth.Decision first = health.decide(state(0), failed(PollOutcome.Kind.FETCH_ERROR), AT, DONE, 0);
        assertEquals(SourceStatus.State.ERROR, first.status());
        assertEquals("HTTP 404 Not Found", first.error());
        assertEquals(1, first.state().consecutiveFailures());
        assertEquals(Duration.ofMinutes(5), first.delay());
        assertEquals(DONE.plus(Duration.ofMinutes(5)), first.nextPollAt());
        assertEquals("\"v1\"", first.state().etag(), "validators stay until a success");
        assertEquals(Duration.ofMinutes(30), first.state().interval(), "errors leave the interval alone");
        assertEquals(Duration.ofMinutes(10), health.decide(state(1), failed(PollOutcome.Kind.PARSE_ERROR), AT, DONE, 0).delay());
        assertEquals(Duration.ofMinutes(12), health.decide(state(1), failed(PollOutcome.Kind.PARSE_ERROR), AT, DONE, 1).delay(), "+20 %");
        assertEquals(Duration.ofMinutes(8), health.decide(state(1), failed(PollOutcome.Kind.PARSE_ERROR), AT, DONE, -1).delay(), "-20 %");
        assertEquals(Duration.ofHours(6), health.backoff(40, 0), "capped");
    }

    @Test
    void theThirdFailureInARowPausesWithTheReason() {
        SourceHealth.Decision d = health.decide(state(2), failed(PollOutcome.Kind.FETCH_ERROR), AT, DONE, 0);
        assertEquals(SourceStatus.State.PAUSED, d.status());
        assertTrue(d.state().paused());
        assertEquals(AT, d.state().pausedAt());
        assertEquals("HTTP 404 Not Found (paused after 3 consecutive failures)", d.error());
        assertNull(d.nextPollAt(), "a paused source announces no next poll");
        SourceHealth.State resumed = d.state().resumed();
        assertFalse(resumed.paused());
        assertEquals(0, resumed.consecutiveFailures());
    }

    @Test
    void kafkaWriteFailuresBackOffButNeverPause() {
        SourceHealth.Decision d = health.decide(state(2), failed(PollOutcome.Kind.PUBLISH_ERROR), AT, DONE, 0);
        assertEquals(SourceStatus.State.ERROR, d.status());
        assertFalse(d.state().paused());
        assertEquals(2, d.state().consecutiveFailures());
        assertEquals(Duration.ofMinutes(10), d.delay());
    }

    @Test
    void theLastStatusRestoresStateAndScheduleButNotForAnotherUrl() {
        Source source = new Source(Source.SCHEMA_VERSION, "s1", "https://feeds.example.org/a.xml", "A", null, null, null, AT);
        SourceStatus status = new SourceStatus(SourceStatus.SCHEMA_VERSION, "s1", source.url(), SourceStatus.State.OK, AT,
                AT, 200, null, 10, 1, 40, 0, AT.plus(Duration.ofMinutes(20)), "\"v1\"", null);
        SourceHealth.State restored = health.restored(status, source);
        assertEquals("\"v1\"", restored.etag());
        assertEquals(40, restored.itemsTotal());
        assertEquals(Duration.ofMinutes(5), SourceHealth.firstDelay(status, source, restored, AT.plus(Duration.ofMinutes(15))));
        assertEquals(Duration.ZERO, SourceHealth.firstDelay(status, source, restored, AT.plus(Duration.ofHours(1))), "overdue");

        Source moved = new Source(Source.SCHEMA_VERSION, "s1", "https://feeds.example.org/b.xml", "A", null, null, null, AT);
        SourceHealth.State fresh = health.restored(status, moved);
        assertNull(fresh.etag());
        assertEquals(Duration.ofMinutes(15), fresh.interval());
        assertEquals(Duration.ZERO, SourceHealth.firstDelay(status, moved, fresh, AT));

        SourceStatus paused = new SourceStatus(SourceStatus.SCHEMA_VERSION, "s1", source.url(), SourceStatus.State.PAUSED, AT,
                null, 404, "HTTP 404 Not Found (paused after 3 consecutive failures)", 0, 0, 0, 3, null, null, null);
        SourceHealth.State p = health.restored(paused, source);
        assertTrue(p.paused());
        assertEquals(AT, p.pausedAt());
        assertEquals(3, p.consecutiveFailures());
    }
}
