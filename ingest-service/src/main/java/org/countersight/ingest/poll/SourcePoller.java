package org.countersight.ingest.poll;

import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.SourceStatus.State;
import org.countersight.ingest.config.Settings;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.fulltext.FullTextFetcher;
import org.countersight.ingest.identity.StoryIndex;
import org.countersight.ingest.config.Settings.PollSettings;
import org.countersight.ingest.fetch.FeedFetcher;
import org.countersight.ingest.fetch.FetchException;
import org.countersight.ingest.fetch.FetchResult;
import org.countersight.ingest.kafka.Publisher;
import org.countersight.ingest.kafka.SeenArticleIds;
import org.countersight.ingest.kafka.SourcesConsumer;
import org.countersight.ingest.parse.FeedRefusedException;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Polls the sources this instance owns (the partitions of {@code sources} assigned to it), each on its own
 * schedule: conditional GET, parse, map, send what is new to {@code articles.raw}, write {@code sources.status}.
 * Errors of one source are caught, logged with its id and URL, and back off exponentially with jitter; after
 * {@code pauseAfterFailures} consecutive failures the source is PAUSED with its reason. Fetches run on a bounded
 * worker pool, at most one request per host per {@code perHostInterval}, and never two at once for one source.
 */
public final class SourcePoller implements SourcesConsumer.Listener, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SourcePoller.class);
    private static final double JITTER = 0.2;

    private final FeedPipeline pipeline;
    private final FullTextFetcher fullText;
    private final Stories stories;

    /** Gives new articles their storyId (in the service: {@link org.countersight.ingest.kafka.SharedStories}). */
    @FunctionalInterface
    public interface Stories {
        List<RawArticle> assign(List<RawArticle> articles) throws Publisher.PublishException;
    }
    private final Publisher publisher;
    private final SeenArticleIds seen;
    private final Function<String, SourceStatus> lastStatus;
    private final PollSettings poll;
    private final FetchSettings fetch;
    private final IngestMetrics metrics;
    private final HostGate hosts;
    private final Map<String, Tracked> sources = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    /** One source this instance owns, with what it remembers between polls. Guarded by its own lock. */
    static final class Tracked {
        volatile Source source;
        volatile int partition;
        String etag;
        String lastModified;
        Instant lastSuccessAt;
        long itemsTotal;
        int consecutiveFailures;
        volatile boolean paused;
        Instant pausedAt;
        volatile boolean cancelled;
        volatile Instant nextPollAt;
        /** The adapted interval in force (see {@link AdaptiveInterval}). */
        volatile Duration interval;
        volatile SourceStatus lastStatus;
        ScheduledFuture<?> next;
        final AtomicBoolean running = new AtomicBoolean();

        Tracked(Source source, int partition) {
            this.source = source;
            this.partition = partition;
        }
    }

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
        this.pipeline = new FeedPipeline(fetcher);
        this.fetch = fetch;
        this.poll = poll;
        this.publisher = publisher;
        this.seen = seen;
        this.lastStatus = lastStatus;
        this.metrics = metrics;
        this.hosts = new HostGate(fetch.perHostInterval());
        this.fullText = new FullTextFetcher(fetcher, hosts, new FullTextFetcher.Settings(enrich.fullText(),
                enrich.fullTextMinChars(), enrich.fullTextMaxPages()));
        this.stories = stories;
        this.timer = Executors.newSingleThreadScheduledExecutor(named("poll-timer"));
        this.workers = Executors.newFixedThreadPool(Math.max(1, fetch.concurrency()), named("poll-worker"));
        metrics.registry().gauge("countersight.ingest.sources", List.of(io.micrometer.core.instrument.Tag.of("state", "active")),
                sources, s -> s.values().stream().filter(t -> !t.paused).count());
        metrics.registry().gauge("countersight.ingest.sources", List.of(io.micrometer.core.instrument.Tag.of("state", "paused")),
                sources, s -> s.values().stream().filter(t -> t.paused).count());
    }

    // ---- what the sources consumer tells us (on its thread) ----

    @Override
    public void sourceUpdated(int partition, Source source) {
        Tracked old = sources.get(source.id());
        if (old != null && old.source.url().equals(source.url())) {
            if (!java.util.Objects.equals(old.source.pollIntervalMinutes(), source.pollIntervalMinutes())) {
                old.interval = AdaptiveInterval.initial(source, poll); // a new wish restarts the adaptation
            }
            old.source = source;
            old.partition = partition;
            boolean reRegistered;
            synchronized (old) {
                reRegistered = old.paused && source.createdAt() != null && old.pausedAt != null
                        && source.createdAt().isAfter(old.pausedAt);
            }
            if (reRegistered) {
                LOG.infof("source %s (%s) re-registered: resuming it", source.id(), source.url());
                resume(source.id());
            }
            return;
        }
        if (old != null) {
            LOG.infof("source %s changed its URL to %s", source.id(), source.url());
            drop(old);
        }
        Tracked t = new Tracked(source, partition);
        t.interval = AdaptiveInterval.initial(source, poll);
        Duration firstDelay = restore(t);
        sources.put(source.id(), t);
        if (t.paused) {
            LOG.infof("source %s (%s) stays paused: %s", source.id(), source.url(),
                    t.lastStatus == null ? "" : t.lastStatus.error());
        } else {
            schedule(t, firstDelay);
        }
    }

    @Override
    public void sourceRemoved(String sourceId) {
        Tracked t = sources.remove(sourceId);
        if (t != null) {
            LOG.infof("source %s (%s) deleted: polling stops", sourceId, t.source.url());
            drop(t);
        }
        publisher.sendStatus(null, sourceId);
    }

    @Override
    public void partitionsAssigned(Set<Integer> partitions) {
        // the consumer reads them from the beginning; sourceUpdated follows for every source in them
    }

    @Override
    public void partitionsRevoked(Set<Integer> partitions) {
        List<Tracked> revoked = new ArrayList<>();
        for (Tracked t : sources.values()) {
            if (partitions.contains(t.partition)) {
                revoked.add(t);
            }
        }
        for (Tracked t : revoked) {
            sources.remove(t.source.id(), t);
            drop(t);
        }
        // Wait for fetches in flight, so the instance that gets these sources never polls one at the same time.
        long until = System.nanoTime() + fetch.deadline().plusSeconds(10).toNanos();
        for (Tracked t : revoked) {
            while (t.running.get() && System.nanoTime() < until) {
                sleep(20);
            }
        }
        if (!revoked.isEmpty()) {
            LOG.infof("stopped polling %d sources of revoked partitions %s", revoked.size(), partitions);
        }
    }

    // ---- operator actions and diagnostics ----

    /** @return false when this instance does not own the source */
    public boolean resume(String sourceId) {
        Tracked t = sources.get(sourceId);
        if (t == null) {
            return false;
        }
        synchronized (t) {
            t.paused = false;
            t.pausedAt = null;
            t.consecutiveFailures = 0;
        }
        schedule(t, Duration.ZERO);
        return true;
    }

    /** @return false when this instance does not own the source */
    public boolean pollNow(String sourceId) {
        Tracked t = sources.get(sourceId);
        if (t == null || t.paused) {
            return false;
        }
        schedule(t, Duration.ZERO);
        return true;
    }

    /** What this instance polls and how each source is doing (the latest status it wrote, if any). */
    public List<SourceView> view() {
        List<SourceView> out = new ArrayList<>();
        for (Tracked t : sources.values()) {
            out.add(new SourceView(t.source.id(), t.source.url(), t.source.name(), t.partition, t.paused, t.nextPollAt,
                    t.interval, t.lastStatus));
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

    // ---- scheduling ----

    private Duration restore(Tracked t) {
        SourceStatus s = lastStatus.apply(t.source.id());
        if (s == null || s.url() == null || !s.url().equals(t.source.url())) {
            return Duration.ZERO;
        }
        t.etag = s.etag();
        t.lastModified = s.lastModified();
        t.lastSuccessAt = s.lastSuccessAt();
        t.itemsTotal = s.itemsTotal();
        t.consecutiveFailures = s.consecutiveFailures();
        t.lastStatus = s;
        t.interval = AdaptiveInterval.restored(s, t.source, poll);
        if (s.state() == State.PAUSED) {
            t.paused = true;
            t.pausedAt = s.lastAttemptAt();
            return Duration.ZERO;
        }
        if (s.nextPollAt() == null) {
            return Duration.ZERO;
        }
        Duration untilNext = Duration.between(Instant.now(), s.nextPollAt());
        Duration interval = t.interval;
        // keep the schedule across restarts, but never wait longer than one interval from now
        return untilNext.isNegative() ? Duration.ZERO : untilNext.compareTo(interval) > 0 ? interval : untilNext;
    }

    private static final Duration STILL_RUNNING_RETRY = Duration.ofMillis(100);

    private void schedule(Tracked t, Duration delay) {
        synchronized (t) {
            if (t.cancelled || t.paused) {
                return;
            }
            if (t.next != null) {
                t.next.cancel(false);
            }
            t.nextPollAt = Instant.now().plus(delay);
            try {
                t.next = timer.schedule(() -> dispatch(t), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /** On the timer thread: claim a per-host slot, then hand the poll to a worker at that slot. */
    private void dispatch(Tracked t) {
        if (t.cancelled || t.paused) {
            return;
        }
        Duration wait = hosts.reserve(hostOf(t.source.url()));
        if (wait.isZero()) {
            submit(t);
        } else {
            synchronized (t) {
                if (!t.cancelled) {
                    t.next = timer.schedule(() -> submit(t), wait.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private void submit(Tracked t) {
        if (t.cancelled || t.paused) {
            return;
        }
        if (!t.running.compareAndSet(false, true)) {
            // The previous poll of this source is still finishing: it scheduled this one with no delay because it
            // took longer than the interval (a broker fail-over holds the acknowledgements for seconds). Dropping
            // it here would leave the source with no next poll at all; try again shortly instead.
            schedule(t, STILL_RUNNING_RETRY);
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    pollOnce(t);
                } finally {
                    t.running.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            t.running.set(false);
        }
    }

    // ---- one poll ----

    void pollOnce(Tracked t) {
        Source source = t.source;
        Instant attemptAt = Instant.now();
        long start = System.nanoTime();
        String etag;
        String lastModified;
        synchronized (t) {
            etag = t.etag;
            lastModified = t.lastModified;
        }
        String outcome;
        State state;
        Integer httpStatus = null;
        String error = null;
        int itemsSeen = 0;
        int itemsNew = 0;
        boolean failure = false;
        boolean countsTowardsPause = true;
        String newEtag = etag;
        String newLastModified = lastModified;
        try {
            FeedPipeline.Result result = pipeline.run(source, etag, lastModified, attemptAt);
            if (result instanceof FeedPipeline.NotModified notModified) {
                FetchResult.NotModified nm = notModified.response();
                outcome = "not_modified";
                state = State.NOT_MODIFIED;
                httpStatus = 304;
                newEtag = nm.etag();
                newLastModified = nm.lastModified();
            } else {
                FeedPipeline.Parsed parsed = (FeedPipeline.Parsed) result;
                FetchResult.Fetched fetched = parsed.response();
                httpStatus = fetched.status();
                metrics.bytes(fetched.body().length);
                List<RawArticle> articles = parsed.articles();
                itemsSeen = articles.size();
                List<RawArticle> fresh = new ArrayList<>();
                for (RawArticle a : articles) {
                    if (!seen.contains(a.id())) {
                        fresh.add(a);
                    }
                }
                // only new articles cost a page fetch and take a place in the story index
                fresh = stories.assign(fullText.enrich(fresh));
                List<RawArticle> sent;
                try {
                    sent = fresh.isEmpty() ? List.of() : publisher.sendArticles(fresh);
                } catch (Publisher.PublishException e) {
                    markSeen(e.sent());
                    itemsNew = e.sent().size();
                    metrics.articlesSent(itemsNew);
                    throw e;
                }
                markSeen(sent);
                itemsNew = sent.size();
                metrics.articlesSent(itemsNew);
                // validators only move on once everything of this response is safely in Kafka
                newEtag = fetched.etag();
                newLastModified = fetched.lastModified();
                outcome = "ok";
                state = State.OK;
            }
        } catch (FetchException e) {
            outcome = "fetch_error";
            state = State.ERROR;
            httpStatus = e.httpStatus();
            error = e.getMessage();
            failure = true;
        } catch (FeedRefusedException e) {
            outcome = "parse_error";
            state = State.ERROR;
            error = e.getMessage();
            failure = true;
        } catch (Publisher.PublishException e) {
            outcome = "publish_error";
            state = State.ERROR;
            error = e.getMessage();
            failure = true;
            countsTowardsPause = false; // our Kafka's trouble, not the source's
        } catch (RuntimeException e) {
            outcome = "error";
            state = State.ERROR;
            error = "unexpected error: " + e;
            failure = true;
            LOG.errorf(e, "source %s (%s): unexpected error", source.id(), source.url());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        metrics.fetched(outcome, took);

        Duration delay;
        SourceStatus status;
        synchronized (t) {
            if (failure) {
                if (countsTowardsPause) {
                    t.consecutiveFailures++;
                }
                if (countsTowardsPause && t.consecutiveFailures >= poll.pauseAfterFailures()) {
                    t.paused = true;
                    t.pausedAt = attemptAt;
                    state = State.PAUSED;
                    error = error + " (paused after " + t.consecutiveFailures + " consecutive failures)";
                }
                delay = backoff(Math.max(1, t.consecutiveFailures));
                LOG.warnf("source %s (%s): %s", source.id(), source.url(), error);
            } else {
                t.consecutiveFailures = 0;
                t.lastSuccessAt = attemptAt;
                t.etag = newEtag;
                t.lastModified = newLastModified;
                t.itemsTotal += itemsNew;
                t.interval = AdaptiveInterval.next(t.interval, itemsNew, poll);
                // keep the cadence from the start of this poll, so a slow fetch does not push the schedule back
                Duration sinceStart = Duration.between(attemptAt, Instant.now());
                delay = t.interval.minus(sinceStart).isNegative() ? Duration.ZERO : t.interval.minus(sinceStart);
                LOG.debugf("source %s (%s): %s, %d items, %d new, %d ms", source.id(), source.url(), outcome,
                        itemsSeen, itemsNew, took.toMillis());
            }
            Instant nextPollAt = t.paused ? null : failure ? Instant.now().plus(delay) : attemptAt.plus(t.interval);
            status = new SourceStatus(SourceStatus.SCHEMA_VERSION, source.id(), source.url(), state, attemptAt,
                    t.lastSuccessAt, httpStatus, error, itemsSeen, itemsNew, t.itemsTotal, t.consecutiveFailures,
                    nextPollAt, t.etag, t.lastModified);
            t.lastStatus = status;
        }
        if (itemsNew > 0) {
            LOG.infof("source %s (%s): %d new articles sent", source.id(), source.url(), itemsNew);
        }
        if (!t.cancelled) {
            publisher.sendStatus(status, source.id());
            schedule(t, delay);
        }
    }

    private void markSeen(List<RawArticle> sent) {
        for (RawArticle a : sent) {
            seen.add(a.id());
        }
    }

    /** errorBackoff * 2^(failures-1), at most maxBackoff, then +-20% jitter so failing sources spread out. */
    Duration backoff(int failures) {
        long base = poll.errorBackoff().toMillis();
        long max = poll.maxBackoff().toMillis();
        long exp = failures >= 31 ? max : Math.min(max, base * (1L << Math.min(30, failures - 1)));
        double jitter = 1 + JITTER * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Duration.ofMillis(Math.max(1, (long) (exp * jitter)));
    }

    private void drop(Tracked t) {
        synchronized (t) {
            t.cancelled = true;
            if (t.next != null) {
                t.next.cancel(false);
            }
        }
    }

    private static String hostOf(String url) {
        try {
            return URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread thread = new Thread(r, prefix + "-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        for (Tracked t : sources.values()) {
            drop(t);
        }
        timer.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
