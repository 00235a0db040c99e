package org.countersight.api.coverage;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.index.IndexService;
import org.countersight.api.sources.SourceRegistry;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

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

    /**
     * Every registered source's state as read at {@code at}, and the same grouped by country (upper-case code; sources
     * without a country are only in {@code states}). Answers built on a snapshot are at most {@link #REUSE} old.
     */
    public record Snapshot(Instant at, long atNanos, List<SourceState> states, Map<String, List<SourceState>> byCountry) {

        public List<SourceState> country(String cc) {
            return byCountry.getOrDefault(cc, List.of());
        }
    }

    /** The staleness bound of every coverage answer: no snapshot older than this is served. */
    public static final Duration REUSE = Duration.ofSeconds(1);
    private static final long REUSE_NANOS = REUSE.toNanos();
    /** After this age a snapshot is still served, while a new one is computed in the background. */
    private static final long FRESH_NANOS = REUSE_NANOS / 2;
    private volatile Snapshot snapshot;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coverage-states");
        t.setDaemon(true);
        return t;
    });

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }

    /** Every registered source's state now (at most {@link #REUSE} old; concurrent callers share it). */
    public List<SourceState> states(Instant now) {
        return snapshot(now).states();
    }

    /**
     * The current snapshot. Computing one for 5,000 sources takes milliseconds to, on a loaded machine, over 100 ms:
     * callers that all waited for it made the tail of the latency. So between half of {@link #REUSE} and {@link #REUSE}
     * the snapshot is served while one is computed in the background (requests arriving steadily never wait); only an
     * older one (after an idle spell) is recomputed on the caller's thread.
     */
    public Snapshot snapshot(Instant now) {
        Snapshot c = snapshot;
        long age = c == null ? Long.MAX_VALUE : System.nanoTime() - c.atNanos();
        if (age < FRESH_NANOS) {
            return c;
        }
        if (age < REUSE_NANOS) {
            if (refreshing.compareAndSet(false, true)) {
                try {
                    refresher.execute(() -> {
                        try {
                            recompute(Instant.now(), FRESH_NANOS);
                        } catch (RuntimeException e) {
                            LOG.warnf(e, "coverage: cannot compute the sources' states (the callers will on their own)");
                        } finally {
                            refreshing.set(false);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    refreshing.set(false);
                }
            }
            return c;
        }
        return recompute(now, REUSE_NANOS);
    }

    /** A new snapshot unless another thread made one younger than {@code maxAgeNanos} while this one waited. */
    private synchronized Snapshot recompute(Instant now, long maxAgeNanos) {
        Snapshot c = snapshot;
        if (c != null && System.nanoTime() - c.atNanos() < maxAgeNanos) {
            return c;
        }
        long at = System.nanoTime();
        List<SourceState> states = List.copyOf(compute(now));
        Map<String, List<SourceState>> byCountry = new HashMap<>();
        for (SourceState s : states) {
            if (!s.country().isEmpty()) {
                byCountry.computeIfAbsent(s.country(), k -> new ArrayList<>()).add(s);
            }
        }
        byCountry.replaceAll((k, v) -> List.copyOf(v));
        c = new Snapshot(now, at, states, Map.copyOf(byCountry));
        snapshot = c;
        return c;
    }

    /** The state now of every registered source. */
    private List<SourceState> compute(Instant now) {
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
