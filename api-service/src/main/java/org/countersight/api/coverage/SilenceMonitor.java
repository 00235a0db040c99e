package org.countersight.api.coverage;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.countersight.api.app.Lifecycle;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.api.sources.SourceRegistry;
import org.countersight.events.Alert;
import org.countersight.events.Headers;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.countersight.events.kafka.TopicReader;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Evaluates every country's sources every {@code countersight.coverage.signal.evaluate-every} and announces silence
 * episodes on {@code alerts} (so they reach SSE, Atom and webhooks like any alert): a signal when a country has met the
 * silence condition for {@code hold}, a recovery note when it has been below the recovery threshold for {@code hold}.
 * With several api instances each evaluates, and {@link SignalClaims} decides which one announces.
 */
@ApplicationScoped
public class SilenceMonitor {

    private static final Logger LOG = Logger.getLogger(SilenceMonitor.class);

    private final CoverageService coverage;
    private final CoverageConfig.Signal config;
    private final SilenceDetector detector;
    private final KafkaClients clients;
    private final Lifecycle lifecycle;
    private final SourceRegistry registry;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, Instant> candidateSince = new ConcurrentHashMap<>();
    private final Map<String, Instant> recoveringSince = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;
    private volatile SignalClaims claims;
    private volatile SilenceDetector.Assessment last;
    private volatile boolean monitorOffline;
    private KafkaProducer<String, byte[]> producer;

    public SilenceMonitor(CoverageService coverage, KafkaClients clients, Lifecycle lifecycle, SourceRegistry registry) {
        this.coverage = coverage;
        this.config = coverage.config().signal();
        this.detector = new SilenceDetector(config);
        this.clients = clients;
        this.lifecycle = lifecycle;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "silence-monitor");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, config.evaluateEvery().toMillis());
        executor.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
        if (claims != null) {
            claims.close();
        }
        synchronized (this) {
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    /** The latest evaluation; null before the first. */
    public SilenceDetector.Assessment assessment() {
        return last;
    }

    public boolean monitorOffline() {
        return monitorOffline;
    }

    /** The open or last episode of each country, as all instances agree on it (empty before the claims are read). */
    public Map<String, SignalClaims.Episode> episodes() {
        SignalClaims c = claims;
        return c == null ? Map.of() : c.episodes();
    }

    private void tick() {
        try {
            evaluate(Instant.now());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warnf(e, "silence monitor: evaluation failed, trying again in %s", config.evaluateEvery());
        }
    }

    private void evaluate(Instant now) throws Exception {
        TopicReader sources = registry.topic().reader();
        if (lifecycle.startupProblem() != null || sources == null || !sources.isCaughtUp()) {
            return; // until the topics exist and the registry is complete, silence would only be ignorance
        }
        if (claims == null) {
            claims = new SignalClaims(clients.connection(), instance).start();
        }
        coverage.refreshVolumes(now, false);
        SilenceDetector.Assessment a = detector.assess(coverage.states(now));
        last = a;
        if (a.monitorOffline() != monitorOffline) {
            monitorOffline = a.monitorOffline();
            if (monitorOffline) {
                LOG.warnf("monitor connectivity: %s", a.monitorReason());
            } else {
                LOG.infof("monitor connectivity: sources answer again (%d of %d hosts failing at network level)",
                        a.networkHosts(), a.knownHosts());
            }
        }
        if (!config.enabled() || !claims.isReady()) {
            return;
        }
        for (SilenceDetector.Verdict v : a.countries().values()) {
            String cc = v.group().country();
            Optional<SignalClaims.Episode> episode = claims.episode(cc);
            if (episode.isEmpty() || !episode.get().open()) {
                recoveringSince.remove(cc);
                if (!v.candidate()) {
                    candidateSince.remove(cc);
                    continue;
                }
                Instant since = candidateSince.computeIfAbsent(cc, k -> now);
                if (Duration.between(since, now).compareTo(config.hold()) >= 0) {
                    Optional<SignalClaims.Episode> won = claims.claimRaise(cc, silentSince(v, since), now, v.confidence());
                    candidateSince.remove(cc);
                    if (won.isPresent()) {
                        publish(raised(won.get(), v, now));
                    }
                }
            } else {
                candidateSince.remove(cc);
                if (!v.recovered() || a.monitorOffline()) {
                    recoveringSince.remove(cc);
                    continue;
                }
                Instant since = recoveringSince.computeIfAbsent(cc, k -> now);
                if (Duration.between(since, now).compareTo(config.hold()) >= 0) {
                    Optional<SignalClaims.Episode> won = claims.claimRecovery(cc, now);
                    recoveringSince.remove(cc);
                    if (won.isPresent()) {
                        publish(recovered(won.get(), v, now));
                    }
                }
            }
        }
    }

    /** The latest moment any of the silent sources was still fine: when the country went quiet, at the earliest. */
    private static Instant silentSince(SilenceDetector.Verdict v, Instant fallback) {
        Instant since = null;
        for (SourceState s : v.group().silentSources()) {
            Instant t = s.silence() == SourceState.Silence.NETWORK
                    ? (s.status().lastSuccessAt() != null ? s.status().lastSuccessAt() : s.status().lastAttemptAt())
                    : s.lastArticleAt();
            if (t != null && (since == null || t.isAfter(since))) {
                since = t;
            }
        }
        return since == null ? fallback : since;
    }

    private Alert raised(SignalClaims.Episode e, SilenceDetector.Verdict v, Instant now) {
        SilenceDetector.Group g = v.group();
        String title = String.format(Locale.ROOT, "Possible internet shutdown in %s: %d of %d news hosts silent (inferred)",
                countryName(e.country()), g.silentHosts(), g.knownHosts());
        List<Alert.Evidence> evidence = new ArrayList<>();
        for (SourceState s : g.silentSources()) {
            evidence.add(evidence(s));
        }
        Alert.Signal signal = new Alert.Signal(e.episodeId(), Alert.Signal.RAISED, e.country(), e.since(), g.knownSources(),
                g.silentSources().size(), g.knownHosts(), g.silentHosts(), v.healthyElsewhere(), v.reason(), evidence);
        return new Alert(Alert.SCHEMA_VERSION, "signal-" + e.episodeId(), null, null, title, null, "Countersight silence signal",
                e.since(), now, e.confidence(), List.of(e.country()), List.of(Alert.CATEGORY_INTERNET_SHUTDOWN), List.of(),
                Alert.KIND_SIGNAL, true, signal);
    }

    private Alert recovered(SignalClaims.Episode e, SilenceDetector.Verdict v, Instant now) {
        SilenceDetector.Group g = v.group();
        String title = String.format(Locale.ROOT, "Sources in %s answer again: %d of %d news hosts back (end of the inferred silence)",
                countryName(e.country()), g.knownHosts() - g.silentHosts(), g.knownHosts());
        List<Alert.Evidence> evidence = new ArrayList<>();
        for (SourceState s : coverage.states(now)) {
            if (s.country().equals(e.country()) && s.silence() == SourceState.Silence.HEALTHY) {
                evidence.add(evidence(s));
            }
        }
        Alert.Signal signal = new Alert.Signal(e.episodeId(), Alert.Signal.RECOVERED, e.country(), e.since(), g.knownSources(),
                g.silentSources().size(), g.knownHosts(), g.silentHosts(), v.healthyElsewhere(), v.reason(), evidence);
        return new Alert(Alert.SCHEMA_VERSION, "signal-" + e.episodeId() + "-recovered", null, null, title, null,
                "Countersight silence signal", e.since(), now, e.confidence(), List.of(e.country()),
                List.of(Alert.CATEGORY_INTERNET_SHUTDOWN), List.of(), Alert.KIND_SIGNAL, true, signal);
    }

    private static Alert.Evidence evidence(SourceState s) {
        var st = s.status();
        return new Alert.Evidence(s.source().id(), s.source().name(), s.host(), st == null ? null : st.state().name(),
                st == null || st.failureClass() == null ? null : st.failureClass().name(), st == null ? null : st.error(),
                st == null ? null : st.lastAttemptAt(), st == null ? null : st.lastSuccessAt(),
                s.silence() == SourceState.Silence.NETWORK ? "network" : s.silence() == SourceState.Silence.QUIET ? "quiet" : null,
                s.windowArticles(), s.windowExpected());
    }

    private static final Map<String, String> COUNTRY_NAMES = new ConcurrentHashMap<>();

    static String countryName(String cc) {
        return COUNTRY_NAMES.computeIfAbsent(cc, c -> {
            String name = new Locale("", c).getDisplayCountry(Locale.ENGLISH);
            return name == null || name.isBlank() || name.equals(c) ? c : name + " (" + c + ")";
        });
    }

    private void publish(Alert alert) throws Exception {
        KafkaProducer<String, byte[]> p;
        synchronized (this) {
            if (producer == null) {
                producer = clients.producer("api-signals");
            }
            p = producer;
        }
        p.send(new ProducerRecord<>(Topics.ALERTS, null, alert.articleId(), Json.write(alert),
                Headers.create("Alert", Alert.SCHEMA_VERSION))).get(30, TimeUnit.SECONDS);
        LOG.warnf("silence signal %s: %s (confidence %.2f; %s)", alert.signal().phase(), alert.title(), alert.confidence(),
                alert.signal().reason());
    }
}
