package org.countersight.api.coverage;

import io.smallrye.config.SmallRyeConfigBuilder;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The silence policy on its own, with the default configuration. */
class SilenceDetectorTest {

    static final Instant NOW = Instant.parse("2026-12-06T12:00:00Z");
    static final CoverageConfig CONFIG = new SmallRyeConfigBuilder().withMapping(CoverageConfig.class)
            // the "10m"-style durations of the defaults, as Quarkus reads them
            .withConverter(java.time.Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter()).build()
            .getConfigMapping(CoverageConfig.class);
    final SilenceDetector detector = new SilenceDetector(CONFIG.signal());

    static SourceState state(String cc, String host, SourceState.Silence silence, Instant lastSuccess) {
        String url = "https://" + host + "/feed.xml";
        Source source = new Source(1, Source.idFor(url), url, host, cc, "en", 15, NOW.minusSeconds(86400 * 30));
        SourceStatus status = silence == SourceState.Silence.NETWORK
                ? new SourceStatus(1, source.id(), url, SourceStatus.State.ERROR, NOW, lastSuccess, null, "connection refused by " + host,
                0, 0, 10, 2, NOW.plusSeconds(300), null, null, SourceStatus.Failure.CONNECTION_REFUSED)
                : new SourceStatus(1, source.id(), url, SourceStatus.State.OK, lastSuccess, lastSuccess, 200, null, 5, 0, 10, 0,
                NOW.plusSeconds(900), null, null, null);
        return new SourceState(source, status, cc, Hosts.key(url), silence, 0, 0, null, null, 0, null, null);
    }

    static List<SourceState> country(String cc, int hosts, int silent, Instant silentLastSuccess, Instant healthyLastSuccess) {
        List<SourceState> out = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            out.add(i < silent
                    ? state(cc, cc.toLowerCase() + "paper" + i + ".org", SourceState.Silence.NETWORK, silentLastSuccess)
                    : state(cc, cc.toLowerCase() + "paper" + i + ".org", SourceState.Silence.HEALTHY, healthyLastSuccess));
        }
        return out;
    }

    @Test
    void aCountryWhoseHostsFailWhileOthersAnswerAfterwardsIsACandidate() {
        List<SourceState> all = new ArrayList<>(country("KE", 4, 4, NOW.minusSeconds(1800), null));
        all.addAll(country("UG", 3, 0, null, NOW.minusSeconds(60)));
        SilenceDetector.Assessment a = detector.assess(all);
        SilenceDetector.Verdict ke = a.countries().get("KE");
        assertTrue(ke.candidate(), ke.reason());
        assertEquals(4, ke.group().silentHosts());
        assertEquals(3, ke.healthyElsewhere());
        assertTrue(ke.confidence() > 0.6 && ke.confidence() < 0.8, "confidence " + ke.confidence());
        assertFalse(a.countries().get("UG").candidate());
        assertFalse(a.monitorOffline());
    }

    @Test
    void twoHostsAreNotEnoughAndOneSiteCountsOnce() {
        List<SourceState> all = new ArrayList<>(country("KE", 2, 2, NOW.minusSeconds(1800), null));
        // three feeds of one site: one independent host
        for (String host : List.of("www.bigpaper.co.ke", "sport.bigpaper.co.ke", "bigpaper.co.ke")) {
            all.add(state("KE", host, SourceState.Silence.NETWORK, NOW.minusSeconds(1800)));
        }
        all.addAll(country("UG", 3, 0, null, NOW.minusSeconds(60)));
        SilenceDetector.Verdict ke = detector.assess(all).countries().get("KE");
        assertEquals(3, ke.group().silentHosts(), "kepaper0.org, kepaper1.org and bigpaper.co.ke");
        assertTrue(ke.candidate());
        List<SourceState> two = new ArrayList<>(country("KE", 2, 2, NOW.minusSeconds(1800), null));
        two.addAll(country("UG", 3, 0, null, NOW.minusSeconds(60)));
        assertFalse(detector.assess(two).countries().get("KE").candidate(), "fewer than min-hosts (3)");
    }

    @Test
    void othersNotPolledSinceTheSilenceBeganAreNoReference() {
        // the monitor's own network failing, one poll at a time: KE's sources failed first, UG's were last polled before
        List<SourceState> all = new ArrayList<>(country("KE", 4, 4, NOW.minusSeconds(300), null));
        all.addAll(country("UG", 3, 0, null, NOW.minusSeconds(600)));
        SilenceDetector.Verdict ke = detector.assess(all).countries().get("KE");
        assertFalse(ke.candidate(), ke.reason());
        assertEquals(0, ke.healthyElsewhere());
    }

    @Test
    void everyCountryFailingIsTheMonitorsOwnNetwork() {
        List<SourceState> all = new ArrayList<>(country("KE", 4, 4, NOW.minusSeconds(1800), null));
        all.addAll(country("UG", 3, 3, NOW.minusSeconds(1800), null));
        all.addAll(country("TZ", 3, 3, NOW.minusSeconds(1800), null));
        SilenceDetector.Assessment a = detector.assess(all);
        assertTrue(a.monitorOffline(), "monitor offline");
        assertTrue(a.monitorReason().contains("monitor's own connectivity"), a.monitorReason());
        a.countries().values().forEach(v -> assertFalse(v.candidate(), v.group().country()));
    }

    @Test
    void aMostlyRecoveredCountryIsRecovered() {
        List<SourceState> all = new ArrayList<>(country("KE", 4, 1, NOW.minusSeconds(1800), NOW.minusSeconds(30)));
        all.addAll(country("UG", 3, 0, null, NOW.minusSeconds(60)));
        SilenceDetector.Verdict ke = detector.assess(all).countries().get("KE");
        assertTrue(ke.recovered(), "1 of 4 silent is below the recovery share (0.34)");
        assertFalse(ke.candidate());
    }
}
