package org.countersight.ingest.poll;

import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.SourceStatus.State;
import org.countersight.ingest.config.Settings.PollSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdaptiveIntervalTest {

    /** The production bounds: 10 min .. 24 h, default 15 min. */
    private static final PollSettings PROD = new PollSettings(Duration.ofMinutes(15), Duration.ofMinutes(10),
            Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofHours(6), 10);

    private static Source source(Integer minutes) {
        return new Source(Source.SCHEMA_VERSION, "s1", "https://feeds.example.org/a.xml", "A", null, null, minutes,
                Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void startsAtTheSourcesOwnIntervalWithinTheBounds() {
        assertEquals(Duration.ofMinutes(15), AdaptiveInterval.initial(source(null), PROD), "default");
        assertEquals(Duration.ofMinutes(60), AdaptiveInterval.initial(source(60), PROD), "its own wish");
        assertEquals(Duration.ofMinutes(10), AdaptiveInterval.initial(source(1), PROD), "not below the minimum");
        assertEquals(Duration.ofHours(24), AdaptiveInterval.initial(source(5000), PROD), "not above the maximum");
        assertEquals(Duration.ofMinutes(15), AdaptiveInterval.initial(source(0), PROD), "0 means no wish");
    }

    @Test
    void shorterWhenNewArticlesLongerByHalfWhenNone() {
        Duration i = Duration.ofMinutes(60);
        assertEquals(Duration.ofMinutes(40), AdaptiveInterval.next(i, 3, PROD));
        assertEquals(Duration.ofMinutes(90), AdaptiveInterval.next(i, 0, PROD));
        assertEquals(Duration.ofMinutes(10), AdaptiveInterval.next(Duration.ofMinutes(14), 1, PROD), "floor");
        assertEquals(Duration.ofHours(24), AdaptiveInterval.next(Duration.ofHours(20), 0, PROD), "ceiling");
    }

    @Test
    void aQuietSourceReachesTheCeilingAndABusyOneTheFloor() {
        Duration quiet = AdaptiveInterval.initial(source(null), PROD);
        int polls = 0;
        while (quiet.compareTo(Duration.ofHours(24)) < 0) {
            quiet = AdaptiveInterval.next(quiet, 0, PROD);
            polls++;
        }
        assertEquals(12, polls, "15 min x 1.5^12 > 24 h");
        Duration busy = Duration.ofHours(24);
        for (int k = 0; k < 20; k++) {
            busy = AdaptiveInterval.next(busy, 5, PROD);
        }
        assertEquals(Duration.ofMinutes(10), busy);
    }

    @Test
    void followsTheSourcesPublishingRate() {
        // a source that publishes once an hour, polled from 10 minutes: the interval settles near half its gap
        Duration interval = Duration.ofMinutes(10);
        long now = 0; // minutes
        long lastPoll = 0;
        long sum = 0;
        int n = 0;
        for (int k = 0; k < 200; k++) {
            now += interval.toMinutes();
            int fresh = now / 60 > lastPoll / 60 ? 1 : 0; // an item at every full hour since the last poll
            lastPoll = now;
            interval = AdaptiveInterval.next(interval, fresh, PROD);
            if (k >= 50) {
                sum += interval.toMinutes();
                n++;
            }
        }
        long mean = sum / n;
        assertTrue(mean >= 20 && mean <= 45, "settles near half the hourly rate: " + mean + " min");
    }

    @Test
    void restoredFromTheLastStatus() {
        Instant at = Instant.parse("2026-03-01T10:00:00Z");
        SourceStatus ok = status(State.OK, at, at.plus(Duration.ofMinutes(135)));
        assertEquals(Duration.ofMinutes(135), AdaptiveInterval.restored(ok, source(null), PROD));
        SourceStatus notModified = status(State.NOT_MODIFIED, at, at.plus(Duration.ofHours(30)));
        assertEquals(Duration.ofHours(24), AdaptiveInterval.restored(notModified, source(null), PROD), "bounded");
        // an error's nextPollAt is a back-off, not the interval
        SourceStatus error = status(State.ERROR, at, at.plus(Duration.ofMinutes(5)));
        assertEquals(Duration.ofMinutes(60), AdaptiveInterval.restored(error, source(60), PROD));
        assertEquals(Duration.ofMinutes(60), AdaptiveInterval.restored(null, source(60), PROD));
    }

    private static SourceStatus status(State state, Instant attempt, Instant next) {
        return new SourceStatus(SourceStatus.SCHEMA_VERSION, "s1", "https://feeds.example.org/a.xml", state, attempt,
                attempt, 200, null, 1, 0, 1, 0, next, null, null);
    }
}
