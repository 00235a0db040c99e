package org.countersight.api.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.coverage.CountryCoverage;
import org.countersight.api.coverage.CoverageReport;
import org.countersight.api.coverage.CoverageService;
import org.countersight.api.coverage.SignalClaims;
import org.countersight.api.coverage.SilenceDetector;
import org.countersight.api.coverage.SilenceMonitor;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The all-country answer of {@code GET /api/v1/coverage}, built once per snapshot of the sources' states (at most
 * {@link CoverageService#REUSE} old) and kept serialized per sort order: with 5,000 sources the rows and their 77 KB
 * of JSON cost one computation a second instead of one per request. A new evaluation of the silence monitor or a
 * changed signal episode makes a new answer at once.
 */
@ApplicationScoped
class CoverageAnswers {

    /** The JSON of one sort order and its weak ETag (equal while everything but {@code generatedAt} is). */
    record Answer(byte[] json, String etag) {
    }

    /** One snapshot's rows (unsorted) and the answers made of it, by sort order. */
    private record Generation(CoverageService.Snapshot snapshot, SilenceDetector.Assessment assessment,
                              Map<String, SignalClaims.Episode> episodes, Instant volumesAt, List<CountryCoverage> rows,
                              int unassigned, Map<String, Answer> bySort) {
    }

    private final CoverageService coverage;
    private final SilenceMonitor monitor;
    private final ObjectMapper json;
    private volatile Generation current;

    CoverageAnswers(CoverageService coverage, SilenceMonitor monitor, ObjectMapper json) {
        this.coverage = coverage;
        this.monitor = monitor;
        this.json = json;
    }

    /** @param sort a valid sort key (checked by {@link CoverageResource#sort}), null or blank for the default */
    Answer list(String sort, Comparator<CountryCoverage> order) {
        Generation g = generation();
        String key = sort == null ? "" : sort.strip();
        return g.bySort().computeIfAbsent(key, k -> answer(g, order));
    }

    private Generation generation() {
        Generation g = current;
        if (g != null && isCurrent(g)) {
            return g;
        }
        synchronized (this) {
            g = current;
            if (g != null && isCurrent(g)) {
                return g;
            }
            g = build();
            current = g;
            return g;
        }
    }

    /** Cheap: the snapshot is reused for a second, the assessment replaced at each evaluation, episodes are few. */
    private boolean isCurrent(Generation g) {
        return g.snapshot() == coverage.snapshot(Instant.now()) && g.assessment() == monitor.assessment()
                && g.episodes().equals(monitor.episodes()) && g.volumesAt().equals(coverage.volumes().at());
    }

    private Generation build() {
        CoverageService.Snapshot snapshot = coverage.snapshot(Instant.now());
        SilenceDetector.Assessment assessment = monitor.assessment();
        Map<String, SignalClaims.Episode> episodes = monitor.episodes();
        Instant volumesAt = coverage.volumes().at();
        List<CountryCoverage> rows = new ArrayList<>(snapshot.byCountry().size());
        int assigned = 0;
        for (var e : snapshot.byCountry().entrySet()) {
            rows.add(CoverageReport.row(e.getKey(), e.getValue(), assessment, episodes.get(e.getKey()), false));
            assigned += e.getValue().size();
        }
        return new Generation(snapshot, assessment, episodes, volumesAt, List.copyOf(rows),
                snapshot.states().size() - assigned, new ConcurrentHashMap<>());
    }

    private Answer answer(Generation g, Comparator<CountryCoverage> order) {
        List<CountryCoverage> rows = new ArrayList<>(g.rows());
        rows.sort(order.thenComparing(CountryCoverage::country));
        Instant volumesAt = Instant.EPOCH.equals(g.volumesAt()) ? null : g.volumesAt();
        CoverageResource.Monitor m = monitorView(g.assessment());
        CoverageResource.CoverageList list = new CoverageResource.CoverageList(g.snapshot().at(), volumesAt, m,
                g.snapshot().states().size(), g.unassigned(), rows);
        try {
            byte[] body = json.writeValueAsBytes(list);
            int content = Objects.hash(volumesAt, m, list.sources(), list.unassignedSources(), rows);
            return new Answer(body, "W/\"" + Integer.toHexString(content) + "\"");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CoverageResource.Monitor monitorView(SilenceDetector.Assessment a) {
        if (a == null) {
            return new CoverageResource.Monitor("unknown", null, 0, 0);
        }
        return new CoverageResource.Monitor(a.monitorOffline() ? "suspect" : "ok", a.monitorReason(), a.knownHosts(), a.networkHosts());
    }
}
