package org.countersight.ingest.poll;

import io.micrometer.core.instrument.Tag;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.ingest.config.Settings;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.config.Settings.PollSettings;
import org.countersight.ingest.fetch.FeedFetcher;
import org.countersight.ingest.fetch.HostGate;
import org.countersight.ingest.fulltext.FullTextFetcher;
import org.countersight.ingest.identity.SeenArticleIds;
import org.countersight.ingest.identity.StoryIndex;
import org.countersight.ingest.kafka.Publisher;
import org.countersight.ingest.kafka.SourcesConsumer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Polls the sources this instance owns (the partitions of {@code sources} assigned to it), each on its own
 * schedule: one poll ({@link FeedPoll}) gives an outcome, the health policy ({@link SourceHealth}) turns it into
 * the source's status, pause and next delay, the status goes to {@code sources.status} and the
 * {@link PollScheduler} plans the next poll. Errors of one source are logged with its id and URL and touch no other.
 */
public final class SourcePoller implements SourcesConsumer.Listener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SourcePoller.class);

    private final FeedPoll feedPoll;
    private final SourceHealth health;
    private final PollScheduler scheduler;

    /** Gives new articles their storyId (in the service: {@link org.countersight.ingest.kafka.SharedStories}). */
    @FunctionalInterface
    public interface Stories {
        List<RawArticle> assign(List<RawArticle> articles) throws Publisher.PublishException;
    }

    private final Publisher publisher;
    private final Function<String, SourceStatus> lastStatus;
    private final PollSettings poll;
    private final FetchSettings fetch;
    private final Map<String, OwnedSource> sources = new ConcurrentHashMap<>();

    public SourcePoller(FetchSettings fetch, PollSettings poll, Publisher publisher, SeenArticleIds seen,
                        Function<String, SourceStatus> lastStatus, IngestMetrics metrics) {
        this(fetch, poll, Settings.EnrichSettings.DEFAULTS_NO_FULL_TEXT, publisher, seen, lastStatus, metrics);
    }

    /** Story identity in this process only (tests of polling). */
    public SourcePoller(FetchSettings fetch, PollSettings poll, Settings.EnrichSettings enrich, Publisher publisher,
                        SeenArticleIds seen, Function<String, SourceStatus> lastStatus, IngestMetrics metrics) {
        this(fetch, poll, enrich, publisher, seen, lastStatus, metrics,
                new StoryIndex(enrich.storyIndexSize(), enrich.storyMinChars(), 3)::assign);
    }

    public SourcePoller(FetchSettings fetch, PollSettings poll, Settings.EnrichSettings enrich, Publisher publisher,
                        SeenArticleIds seen, Function<String, SourceStatus> lastStatus, IngestMetrics metrics,
                        Stories stories) {
        FeedFetcher fetcher = new FeedFetcher(fetch);
        HostGate hosts = new HostGate(fetch.perHostInterval());
        FullTextFetcher fullText = new FullTextFetcher(fetcher, hosts, new FullTextFetcher.Settings(enrich.fullText(),
                enrich.fullTextMinChars(), enrich.fullTextMaxPages()));
        this.feedPoll = new FeedPoll(new FeedPipeline(fetcher, poll.limits().maxItemsPerDocument()), fullText, stories,
                publisher, seen, metrics, poll.limits());
        this.health = new SourceHealth(poll);
        this.scheduler = new PollScheduler(hosts, fetch.concurrency(), this::pollOnce);
        this.fetch = fetch;
        this.poll = poll;
        this.publisher = publisher;
        this.lastStatus = lastStatus;
        metrics.registry().gauge("countersight.ingest.sources", List.of(Tag.of("state", "active")),
                sources, s -> s.values().stream().filter(t -> !t.paused()).count());
        metrics.registry().gauge("countersight.ingest.sources", List.of(Tag.of("state", "paused")),
                sources, s -> s.values().stream().filter(OwnedSource::paused).count());
    }

    // ---- what the sources consumer tells us (on its thread) ----

    @Override
    public void sourceUpdated(int partition, Source source) {
        OwnedSource old = sources.get(source.id());
        if (old != null && old.source.url().equals(source.url())) {
            boolean reRegistered;
            synchronized (old) {
                if (!Objects.equals(old.source.pollIntervalMinutes(), source.pollIntervalMinutes())) {
                    // a new wish restarts the adaptation
                    old.health = old.health.withInterval(AdaptiveInterval.initial(source, poll));
                }
                SourceHealth.State h = old.health;
                reRegistered = h.paused() && source.createdAt() != null && h.pausedAt() != null
                        && source.createdAt().isAfter(h.pausedAt());
            }
            old.source = source;
            old.partition = partition;
            if (reRegistered) {
                LOG.infof("source %s (%s) re-registered: resuming it", source.id(), source.url());
                resume(source.id());
            }
            return;
        }
        if (old != null) {
            LOG.infof("source %s changed its URL to %s", source.id(), source.url());
            scheduler.cancel(old);
        }
        SourceStatus status = lastStatus.apply(source.id());
        SourceHealth.State restored = health.restored(status, source);
        OwnedSource t = new OwnedSource(source, partition, restored);
        if (status != null && Objects.equals(status.url(), source.url())) {
            t.lastStatus = status;
        }
        sources.put(source.id(), t);
        if (t.paused()) {
            LOG.infof("source %s (%s) stays paused: %s", source.id(), source.url(),
                    t.lastStatus == null ? "" : t.lastStatus.error());
        } else {
            scheduler.schedule(t, SourceHealth.firstDelay(status, source, restored, Instant.now()));
        }
    }

    @Override
    public void sourceRemoved(String sourceId) {
        OwnedSource t = sources.remove(sourceId);
        if (t != null) {
            LOG.infof("source %s (%s) deleted: polling stops", sourceId, t.source.url());
            scheduler.cancel(t);
        }
        publisher.sendStatus(null, sourceId);
    }

    @Override
    public void partitionsAssigned(Set<Integer> partitions) {
        // the consumer reads them from the beginning; sourceUpdated follows for every source in them
    }

    @Override
    public void partitionsRevoked(Set<Integer> partitions) {
        List<OwnedSource> revoked = new ArrayList<>();
        for (OwnedSource t : sources.values()) {
            if (partitions.contains(t.partition)) {
                revoked.add(t);
            }
        }
        for (OwnedSource t : revoked) {
            sources.remove(t.source.id(), t);
            scheduler.cancel(t);
        }
        // Wait for fetches in flight, so the instance that gets these sources never polls one at the same time.
        scheduler.awaitIdle(revoked, fetch.deadline().plusSeconds(10));
        if (!revoked.isEmpty()) {
            LOG.infof("stopped polling %d sources of revoked partitions %s", revoked.size(), partitions);
        }
    }

    // ---- operator actions and diagnostics ----

    /** @return false when this instance does not own the source */
    public boolean resume(String sourceId) {
        OwnedSource t = sources.get(sourceId);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            t.health = t.health.resumed();
        }
        scheduler.schedule(t, Duration.ZERO);
        return true;
    }

    /**
     * An operator's explicit request: polls at once, without waiting for the host's politeness slot (the poll still
     * takes that slot, so scheduled polls and page fetches of the host keep their spacing after it, and a source
     * never has two polls in flight). Waiting for the slot put a one-second floor under every on-demand poll.
     *
     * @return false when this instance does not own the source
     */
    public boolean pollNow(String sourceId) {
        OwnedSource t = sources.get(sourceId);
        return t != null && scheduler.pollNow(t);
    }

    /** What this instance polls and how each source is doing (the latest status it wrote, if any). */
    public List<SourceView> view() {
        List<SourceView> out = new ArrayList<>();
        for (OwnedSource t : sources.values()) {
            SourceHealth.State h = t.health;
            out.add(new SourceView(t.source.id(), t.source.url(), t.source.name(), t.partition, h.paused(), t.nextPollAt,
                    h.interval(), t.lastStatus));
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    public record SourceView(String id, String url, String name, int partition, boolean paused, Instant nextPollAt,
                             Duration interval, SourceStatus status) {
    }

    public int sourceCount() {
        return sources.size();
    }

    // ---- one poll: outcome -> health decision -> status and next poll ----

    private void pollOnce(OwnedSource t) {
        Source source = t.source;
        Instant attemptAt = Instant.now();
        SourceHealth.State before = t.health;
        LocalDate today = attemptAt.atOffset(ZoneOffset.UTC).toLocalDate();
        if (!today.equals(t.quotaDay)) {
            t.quotaDay = today;
            t.sentOnQuotaDay = 0;
        }
        PollOutcome outcome = feedPoll.run(source, before.etag(), before.lastModified(), attemptAt,
                poll.limits().dailyNewItemsQuota() - t.sentOnQuotaDay);
        t.sentOnQuotaDay += outcome.itemsNew();
        SourceStatus status;
        SourceHealth.Decision decision;
        synchronized (t) {
            decision = health.decide(t.health, outcome, attemptAt, Instant.now(),
                    ThreadLocalRandom.current().nextDouble() * 2 - 1);
            SourceHealth.State h = decision.state();
            t.health = h;
            status = new SourceStatus(SourceStatus.SCHEMA_VERSION, source.id(), source.url(), decision.status(), attemptAt,
                    h.lastSuccessAt(), outcome.httpStatus(), decision.error(), outcome.itemsSeen(), outcome.itemsNew(),
                    h.itemsTotal(), h.consecutiveFailures(), decision.nextPollAt(), h.etag(), h.lastModified(),
                    outcome.kind().failure() ? outcome.failure() : null);
            t.lastStatus = status;
        }
        if (outcome.kind().failure()) {
            LOG.warnf("source %s (%s): %s", source.id(), source.url(), decision.error());
        } else {
            LOG.debugf("source %s (%s): %s, %d items, %d new, %d ms", source.id(), source.url(), outcome.kind().metric(),
                    outcome.itemsSeen(), outcome.itemsNew(), outcome.took().toMillis());
        }
        if (outcome.itemsNew() > 0) {
            LOG.infof("source %s (%s): %d new articles sent", source.id(), source.url(), outcome.itemsNew());
        }
        if (!t.cancelled) {
            publisher.sendStatus(status, source.id());
            scheduler.schedule(t, decision.delay());
        }
    }

    @Override
    public void close() {
        for (OwnedSource t : sources.values()) {
            scheduler.cancel(t);
        }
        scheduler.close();
    }
}
