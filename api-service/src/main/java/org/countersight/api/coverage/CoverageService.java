package org.countersight.api.coverage;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.index.IndexService;
import org.countersight.api.sources.SourceRegistry;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Each source's coverage state (health, article volumes against its baseline, silence) from the source registry
 * ({@code sources}, {@code sources.status}) and the index. Volumes are re-read from the index every
 * {@code countersight.coverage.refresh}; everything else is current at every call.
 */
@ApplicationScoped
public class CoverageService {

    private static final Logger LOG = Logger.getLogger(CoverageService.class);

    private final SourceRegistry registry;
    private final IndexService index;
    private final CoverageConfig config;
    private volatile SourceVolumes volumes = SourceVolumes.empty();
    /** Host keys by feed URL: parsing 5,000 URLs on every request would dominate its cost. */
    private final java.util.Map<String, String> hostKeys = new java.util.concurrent.ConcurrentHashMap<>();

    public CoverageService(SourceRegistry registry, IndexService index, CoverageConfig config) {
        this.registry = registry;
        this.index = index;
        this.config = config;
    }

    public CoverageConfig config() {
        return config;
    }

    int quietWindowHours() {
        return (int) Math.max(1, Math.min(24, ceilHours(config.signal().quietWindow())));
    }

    private static long ceilHours(Duration d) {
        return (d.toMinutes() + 59) / 60;
    }

    int horizonHours() {
        return config.baselineWeeks() * Baselines.WEEK_HOURS + Math.max(24, quietWindowHours());
    }

    /** Re-reads the volumes when they are older than the refresh interval (or {@code force}). */
    public void refreshVolumes(Instant now, boolean force) {
        SourceVolumes current = volumes;
        if (!force && Duration.between(current.at(), now).compareTo(config.refresh()) < 0) {
            return;
        }
        if (!index.isOpen()) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (SourceRegistry.View v : registry.views()) {
            ids.add(v.source().id());
        }
        try {
            long t0 = System.nanoTime();
            volumes = SourceVolumes.read(index.index(), ids, now, horizonHours());
            LOG.debugf("coverage volumes of %d sources read in %d ms", ids.size(), (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            LOG.warnf("coverage: cannot read article volumes from the index (keeping the previous ones): %s", e.getMessage());
        }
    }

    public SourceVolumes volumes() {
        return volumes;
    }

    /** A computed list of every source's state, reused for {@link #REUSE_NANOS}: the answer is at most that old. */
    private record Computed(long atNanos, List<SourceState> states) {
    }

    private static final long REUSE_NANOS = Duration.ofSeconds(1).toNanos();
    private volatile Computed computed;

    /** Every registered source's state now (computed at most once a second; concurrent callers share it). */
    public List<SourceState> states(Instant now) {
        Computed c = computed;
        if (c != null && System.nanoTime() - c.atNanos() < REUSE_NANOS) {
            return c.states();
        }
        synchronized (this) {
            c = computed;
            if (c != null && System.nanoTime() - c.atNanos() < REUSE_NANOS) {
                return c.states();
            }
            long at = System.nanoTime();
            List<SourceState> states = List.copyOf(states(now, null));
            computed = new Computed(at, states);
            return states;
        }
    }

    /** The state now of the sources of one country (upper-case code), or of all when {@code country} is null. */
    public List<SourceState> states(Instant now, String country) {
        SourceVolumes v = volumes;
        // volumes were read at v.at(); their hour buckets are relative to that instant, close enough to now
        int weeks = config.baselineWeeks();
        int fresh = (int) Math.max(1, ceilHours(config.newSourceHistory()));
        int window = quietWindowHours();
        CoverageConfig.Signal s = config.signal();
        List<SourceRegistry.View> views = registry.views();
        List<SourceState> out = new ArrayList<>(views.size());
        for (SourceRegistry.View view : views) {
            Source source = view.source();
            String cc = source.country() == null ? "" : source.country().strip().toUpperCase(Locale.ROOT);
            if (country != null && !country.equals(cc)) {
                continue;
            }
            SourceStatus status = view.status();
            SourceVolumes.Volume volume = v.of(source.id());
            int lastHour = volume == null ? 0 : volume.count(0, 1);
            int last24 = volume == null ? 0 : volume.count(0, 24);
            int inWindow = volume == null ? 0 : volume.count(0, window);
            Double expectedHour = Baselines.expected(volume, 1, weeks, fresh);
            Double expected24 = Baselines.expected(volume, 24, weeks, fresh);
            Double expectedWindow = window == 1 ? expectedHour : window == 24 ? expected24
                    : Baselines.expected(volume, window, weeks, fresh);
            SourceState.Silence silence = silence(status, inWindow, expectedWindow, now, s);
            out.add(new SourceState(source, status, cc, hostKeys.computeIfAbsent(source.url(), Hosts::key), silence, lastHour, last24,
                    expectedHour, expected24, inWindow, expectedWindow,
                    volume == null ? null : Instant.ofEpochMilli(volume.lastArticleMillis())));
        }
        return out;
    }

    static SourceState.Silence silence(SourceStatus status, int inWindow, Double expected, Instant now, CoverageConfig.Signal s) {
        if (status == null || status.state() == null) {
            return SourceState.Silence.UNKNOWN;
        }
        // a paused source is no longer polled: its last failure stands until an operator resumes it
        boolean stale = status.state() != SourceStatus.State.PAUSED && (status.lastAttemptAt() == null
                || status.lastAttemptAt().isBefore(now.minus(s.statusMaxAge())));
        if (stale) {
            return SourceState.Silence.UNKNOWN;
        }
        if (status.failing()) {
            return status.failureClass().network() ? SourceState.Silence.NETWORK : SourceState.Silence.FAILING;
        }
        if (expected != null && expected >= s.minExpectedArticles() && inWindow <= s.quietRatio() * expected) {
            return SourceState.Silence.QUIET;
        }
        return SourceState.Silence.HEALTHY;
    }
}
