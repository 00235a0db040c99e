package org.countersight.api.coverage;

import org.countersight.events.SourceStatus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Builds a country's row of {@code GET /api/v1/coverage} from its sources' states and the signal state. */
public final class CoverageReport {

    private CoverageReport() {
    }

    public static CountryCoverage row(String cc, List<SourceState> sources, SilenceDetector.Assessment assessment,
                                      SignalClaims.Episode episode, boolean withSources) {
        int active = 0;
        int failing = 0;
        int paused = 0;
        int pending = 0;
        int network = 0;
        int http = 0;
        int parse = 0;
        int other = 0;
        int lastHour = 0;
        int last24 = 0;
        double baseHour = 0;
        double base24 = 0;
        boolean anyBaseline = false;
        int learning = 0;
        Instant lastArticle = null;
        List<CountryCoverage.SourceCoverage> list = withSources ? new ArrayList<>() : null;
        for (SourceState s : sources) {
            SourceStatus st = s.status();
            if (st == null) {
                pending++;
            } else if (st.state() == SourceStatus.State.PAUSED) {
                paused++;
            } else if (st.state() == SourceStatus.State.ERROR) {
                failing++;
            } else {
                active++;
            }
            SourceStatus.Failure f = st == null ? null : st.failureClass();
            if (f != null) {
                switch (f.kind()) {
                    case NETWORK -> network++;
                    case HTTP -> http++;
                    case PARSE -> parse++;
                    default -> other++;
                }
            }
            lastHour += s.lastHour();
            last24 += s.last24Hours();
            if (s.expected24Hours() != null) {
                anyBaseline = true;
                base24 += s.expected24Hours();
                baseHour += s.expectedHour() == null ? 0 : s.expectedHour();
            } else {
                learning++;
            }
            if (s.lastArticleAt() != null && (lastArticle == null || s.lastArticleAt().isAfter(lastArticle))) {
                lastArticle = s.lastArticleAt();
            }
            if (list != null) {
                list.add(new CountryCoverage.SourceCoverage(s.source().id(), s.source().name(), s.host(),
                        st == null ? "PENDING" : st.state().name(), f == null ? null : f.name(), f == null ? null : f.kind().id(),
                        st == null ? null : st.error(), st == null ? null : st.lastAttemptAt(),
                        st == null ? null : st.lastSuccessAt(), s.lastHour(), s.last24Hours(), round(s.expectedHour()),
                        round(s.expected24Hours()), s.lastArticleAt(), s.silence().name().toLowerCase(Locale.ROOT)));
            }
        }
        if (list != null) {
            list.sort(Comparator.comparing((CountryCoverage.SourceCoverage c) -> c.name() == null ? "" : c.name().toLowerCase(Locale.ROOT))
                    .thenComparing(CountryCoverage.SourceCoverage::id));
        }
        SilenceDetector.Verdict verdict = assessment == null ? null : assessment.countries().get(cc);
        return new CountryCoverage(cc, SilenceMonitor.countryName(cc).replace(" (" + cc + ")", ""),
                new CountryCoverage.Counts(sources.size(), active, failing, paused, pending),
                new CountryCoverage.Reasons(network, http, parse, other),
                new CountryCoverage.Articles(lastHour, last24, anyBaseline ? round(baseHour) : null, anyBaseline ? round(base24) : null, learning),
                lastArticle, verdict == null ? 0 : verdict.group().knownHosts(), verdict == null ? 0 : verdict.group().silentHosts(),
                signal(verdict, episode), list);
    }

    private static CountryCoverage.SignalState signal(SilenceDetector.Verdict v, SignalClaims.Episode e) {
        String reason = v == null ? null : v.reason();
        if (e != null && e.open()) {
            return new CountryCoverage.SignalState("raised", e.episodeId(), e.since(), e.raisedAt(), null, e.confidence(), reason);
        }
        if (v != null && v.candidate()) {
            return new CountryCoverage.SignalState("watching", null, null, null, null, v.confidence(), reason);
        }
        if (e != null) {
            return new CountryCoverage.SignalState("recovered", e.episodeId(), e.since(), e.raisedAt(), e.recoveredAt(), e.confidence(), reason);
        }
        return new CountryCoverage.SignalState("none", null, null, null, null, null, reason);
    }

    private static Double round(Double d) {
        return d == null ? null : Math.round(d * 10) / 10.0;
    }
}
