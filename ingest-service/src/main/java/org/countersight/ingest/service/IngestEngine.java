package org.countersight.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Json;
import org.countersight.events.SourceStatus;
import org.countersight.events.Topics;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.events.kafka.TopicReader;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.countersight.ingest.config.Settings.PollSettings;
import org.countersight.ingest.identity.SeenArticleIds;
import org.countersight.ingest.kafka.Publisher;
import org.countersight.ingest.kafka.SharedStories;
import org.countersight.ingest.kafka.SourcesConsumer;
import org.countersight.ingest.poll.IngestMetrics;
import org.countersight.ingest.poll.SourcePoller;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The whole ingest pipeline of one instance, without CDI (so tests can run two and restart one).
 * Start-up, on its own thread so a slow or absent broker never blocks the HTTP server: ensure the topics,
 * rebuild the seen article ids from the keys of {@code articles.raw} and the last status of every source from
 * {@code sources.status} and the shared story identity from {@code stories}, each read to its end; only then join the {@code ingest} group on {@code sources} and
 * start polling. Both tails keep following their topics afterwards (ids sent by other instances are seen too).
 */
public final class IngestEngine implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(IngestEngine.class);

    private final KafkaSettings kafka;
    private final FetchSettings fetch;
    private final PollSettings poll;
    private final org.countersight.ingest.config.Settings.EnrichSettings enrich;
    private final IngestMetrics metrics;
    private final String instance;
    private final SeenArticleIds seen = new SeenArticleIds();
    private final Map<String, SourceStatus> statuses = new ConcurrentHashMap<>();
    private final Thread bootstrap;
    private volatile boolean closing;
    private volatile String startupProblem = "starting";
    private volatile Publisher publisher;
    private volatile TopicReader seenTail;
    private volatile TopicReader statusTail;
    private volatile SharedStories stories;
    private volatile SourcePoller poller;
    private volatile SourcesConsumer sourcesConsumer;

    public IngestEngine(KafkaSettings kafka, FetchSettings fetch, PollSettings poll, MeterRegistry registry, String instance) {
        this(kafka, fetch, poll, org.countersight.ingest.config.Settings.EnrichSettings.DEFAULTS_NO_FULL_TEXT, registry, instance);
    }

    public IngestEngine(KafkaSettings kafka, FetchSettings fetch, PollSettings poll,
                        org.countersight.ingest.config.Settings.EnrichSettings enrich, MeterRegistry registry, String instance) {
        this.enrich = enrich;
        this.kafka = kafka;
        this.fetch = fetch;
        this.poll = poll;
        this.metrics = new IngestMetrics(registry);
        this.instance = instance;
        registry.gauge("countersight.ingest.seen.ids", seen, SeenArticleIds::size);
        this.bootstrap = new Thread(this::startUp, "ingest-startup");
        this.bootstrap.setDaemon(true);
    }

    public IngestEngine start() {
        bootstrap.start();
        return this;
    }

    private void startUp() {
        long t0 = System.nanoTime();
        while (!closing) {
            try {
                startupProblem = "creating topics on Kafka at " + kafka.bootstrapServers();
                var created = TopicProvisioner.ensureTopics(kafka.bootstrapServers(), kafka.partitions(), kafka.replicationFactor(),
                        kafka.minInsyncReplicas());
                if (!created.isEmpty()) {
                    LOG.infof("created topics %s", created);
                }
                break;
            } catch (RuntimeException e) {
                startupProblem = e.getMessage();
                LOG.warnf("cannot create topics yet (retrying in 5 s): %s", e.getMessage());
                sleep(5000);
            }
        }
        try {
            publisher = new Publisher(kafka, "ingest-" + instance);
            startupProblem = "reading sources.status, articles.raw and stories to their end";
            stories = new SharedStories(kafka, "ingest-" + instance + "-stories", enrich.storyIndexSize(),
                    enrich.storyMinChars()).start();
            statusTail = tail(Topics.SOURCES_STATUS, "ingest-" + instance + "-status", r -> {
                if (r.key() == null) {
                    return;
                }
                if (r.value() == null) {
                    statuses.remove(r.key());
                } else {
                    statuses.put(r.key(), Json.read(r.value(), SourceStatus.class));
                }
            }).start();
            seenTail = tail(Topics.ARTICLES_RAW, "ingest-" + instance + "-seen", r -> {
                if (r.key() != null) {
                    seen.add(r.key()); // a tombstone keeps its id seen: a deleted article is not re-sent
                }
            }).start();
            while (!closing && !(statusTail.awaitCaughtUp(Duration.ofSeconds(1)) && seenTail.awaitCaughtUp(Duration.ofSeconds(1))
                    && stories.awaitRestored(Duration.ofSeconds(1)))) {
                if (!statusTail.isRunning() || !seenTail.isRunning() || !stories.isAlive()) {
                    throw new IllegalStateException("a topic reader stopped during start-up (see the log)");
                }
            }
            if (closing) {
                return;
            }
            LOG.infof("rebuilt state: %d article ids seen, %d source statuses", seen.size(), statuses.size());
            poller = new SourcePoller(fetch, poll, enrich, publisher, seen, statuses::get, metrics, stories::assign);
            sourcesConsumer = new SourcesConsumer(kafka, "ingest-" + instance + "-sources", poller).start();
            startupProblem = null;
            LOG.infof("ingest started in %d ms", Duration.ofNanos(System.nanoTime() - t0).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            startupProblem = "start-up failed: " + e.getMessage();
            LOG.error(startupProblem, e);
        }
    }

    /** Ready once the state is rebuilt and the sources consumer runs. */
    public boolean isReady() {
        SourcesConsumer c = sourcesConsumer;
        return startupProblem == null && c != null && c.isAlive() && seenTail.isRunning() && statusTail.isRunning();
    }

    /** Why the engine is not ready, or null. */
    public String problem() {
        if (startupProblem != null) {
            return startupProblem;
        }
        if (!sourcesConsumer.isAlive()) {
            return "the sources consumer stopped";
        }
        if (!seenTail.isRunning() || !statusTail.isRunning()) {
            return "a topic reader stopped";
        }
        return null;
    }

    public int seenIds() {
        return seen.size();
    }

    /** The poller once started, else null. */
    public SourcePoller poller() {
        return poller;
    }

    @Override
    public void close() {
        closing = true;
        bootstrap.interrupt();
        try {
            bootstrap.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(sourcesConsumer);
        closeQuietly(poller);
        closeQuietly(seenTail);
        closeQuietly(statusTail);
        closeQuietly(stories);
        closeQuietly(publisher);
    }

    /** Reads the whole topic, then follows it; a record the callback cannot apply is logged and skipped. */
    private TopicReader tail(String topic, String clientId, Consumer<ConsumerRecord<String, byte[]>> apply) {
        return new TopicReader(topic, kafka.connection().reader(clientId), List.of(topic), TopicReader.eachRecord(topic, apply));
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warnf("closing %s: %s", c.getClass().getSimpleName(), e.getMessage());
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
