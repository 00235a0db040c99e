package org.countersight.nlp.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.countersight.events.Alert;
import org.countersight.events.Headers;
import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.alerts.AlertDecider;
import org.countersight.nlp.service.TaggingService;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * articles.raw -> tag -> articles.tagged (+ alerts). The incoming record is acknowledged (and so its offset
 * committed, throttled strategy) only after every write it caused is acknowledged by Kafka; an article that cannot
 * be tagged is nacked, which sends it to articles.raw.dlq with the reason, and the stream goes on; writes are
 * retried, and work cut short by a shutdown is left for redelivery. Up to {@code countersight.nlp.concurrency}
 * records are tagged at once and {@code queued-articles} more are read ahead, taken round-robin by source so one
 * flooding source cannot starve the rest ({@link org.countersight.nlp.service.TaggingWorkers}).
 */
@ApplicationScoped
public class ArticleProcessor {

    private static final Logger LOG = Logger.getLogger(ArticleProcessor.class);

    private final TaggingService tagging;
    private final AlertDecider alerts;
    private final Emitter<TaggedArticle> taggedOut;
    private final Emitter<Alert> alertsOut;
    private final Timer timer;
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> sameArticleInFlight = new ConcurrentHashMap<>();

    public ArticleProcessor(TaggingService tagging, AlertDecider alerts,
            @Channel("articles-tagged") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 256) Emitter<TaggedArticle> taggedOut,
            @Channel("alerts") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 256) Emitter<Alert> alertsOut,
            MeterRegistry registry) {
        this.tagging = tagging;
        this.alerts = alerts;
        this.taggedOut = taggedOut;
        this.alertsOut = alertsOut;
        this.registry = registry;
        this.timer = Timer.builder("countersight.nlp.tagging").description("time to tag one article").register(registry);
    }

    @Incoming("articles-raw")
    public CompletionStage<Void> process(Message<RawArticle> message) {
        RawArticle raw = message.getPayload();
        if (raw == null) {
            Optional<String> failure = deserializationFailure(message);
            if (failure.isPresent()) {
                // Not a RawArticle (bad JSON, wrong shape): dead-letter it with the reason; the stream goes on.
                registry.counter("countersight.nlp.failures").increment();
                LOG.warnf("record on articles.raw is not a RawArticle, sent to the dead-letter topic: %s", failure.get());
                return message.nack(new IllegalArgumentException(failure.get()));
            }
            // A tombstone on the compacted topic: nothing to tag (api-service reads deletions from articles.raw itself).
            return message.ack();
        }
        if (raw.id() == null || raw.id().isBlank()) {
            return message.nack(new IllegalArgumentException("RawArticle without id"));
        }
        // Hand the article to the tagging workers and take the next record as soon as there is room, not once this
        // one is written: up to countersight.nlp.concurrency articles are tagged at once whatever partitions this
        // instance holds (queued-articles more wait, taken round-robin by source), and no worker waits for the
        // broker's acknowledgement. Each record is acked on its own
        // (the throttled commit strategy commits offsets in order). Two records of one article run one after the
        // other, so articles.tagged keeps the order of articles.raw per key.
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<Void> before = sameArticleInFlight.put(raw.id(), done);
        CompletionStage<Void> start = before == null ? CompletableFuture.completedFuture(null) : before;
        start.thenCompose(v -> tagAndWrite(message, raw)).whenComplete((v, e) -> {
            sameArticleInFlight.remove(raw.id(), done);
            done.complete(null);
        });
        return tagging.whenWorkerFree();
    }

    /**
     * Tags, writes articles.tagged (and an alert), then acks. A tagging failure (the article itself: timeout, error)
     * nacks it to the DLQ. A write that fails (the broker: a fail-over, a claim that timed out) is tried again with
     * back-off, since the article is fine; only after {@link #WRITE_ATTEMPTS} is it dead-lettered. Work cut short
     * by a shutdown is neither acked nor nacked: the offset stays uncommitted and the next owner reads it again.
     * Never fails itself.
     */
    private CompletionStage<Void> tagAndWrite(Message<RawArticle> message, RawArticle raw) {
        long t0 = System.nanoTime();
        return tagging.tag(raw)
                .thenCompose(tagged -> {
                    timer.record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
                    registry.counter("countersight.nlp.articles", "surveillance", Boolean.toString(tagged.surveillance())).increment();
                    return writeWithRetries(tagged, 1);
                })
                .thenCompose(v -> message.ack())
                .exceptionallyCompose(e -> {
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                    if (cutShort(cause)) {
                        LOG.infof("article %s left for redelivery: the service is stopping (%s)", raw.id(), cause);
                        return CompletableFuture.completedFuture(null);
                    }
                    LOG.warnf("article %s sent to the dead-letter topic: %s", raw.id(), cause.toString());
                    registry.counter("countersight.nlp.failures").increment();
                    return message.nack(cause);
                });
    }

    static final int WRITE_ATTEMPTS = 6;

    /** Writes articles.tagged and the alert decision; a failed write is tried again after 0.5, 1, 2, 4, 8 s. */
    private CompletionStage<Void> writeWithRetries(TaggedArticle tagged, int attempt) {
        CompletionStage<Void> written;
        try {
            written = write(tagged);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        return written.handle((v, e) -> e).thenCompose(e -> {
            if (e == null) {
                return CompletableFuture.completedFuture(null);
            }
            if (attempt >= WRITE_ATTEMPTS || cutShort(e)) {
                return CompletableFuture.failedFuture(e);
            }
            long delay = 500L << (attempt - 1);
            LOG.warnf("writing article %s failed (attempt %d, %s); trying again in %d ms", tagged.id(), attempt, e, delay);
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(delay, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(x -> writeWithRetries(tagged, attempt + 1));
        });
    }

    private CompletionStage<Void> write(TaggedArticle tagged) {
        CompletableFuture<Void> sentTagged = send(taggedOut, tagged.id(), tagged, TaggedArticle.SCHEMA_VERSION);
        Optional<Alert> alert = alerts.decide(tagged, Instant.now());
        if (alert.isEmpty()) {
            return sentTagged;
        }
        registry.counter("countersight.nlp.alerts").increment();
        CompletableFuture<Void> sentAlert = send(alertsOut, tagged.id(), alert.get(), Alert.SCHEMA_VERSION)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        alerts.forget(tagged);
                    } else {
                        alerts.sent(tagged);
                    }
                });
        return CompletableFuture.allOf(sentTagged, sentAlert);
    }

    /** Failures that say the service is stopping, not that the article or the broker is at fault. */
    private boolean cutShort(Throwable e) {
        if (tagging.stopping()) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.util.concurrent.RejectedExecutionException || t instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> deserializationFailure(Message<?> message) {
        return message.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                .map(m -> m.getHeaders().lastHeader("deserialization-failure-reason"))
                .map(h -> h.value() == null ? "deserialization failure" : new String(h.value(), StandardCharsets.UTF_8));
    }

    private static <T> CompletableFuture<Void> send(Emitter<T> emitter, String key, T payload, int schemaVersion) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        RecordHeaders headers = Headers.create(payload.getClass().getSimpleName(), schemaVersion);
        Message<T> m = Message.of(payload)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withHeaders(headers).build())
                .withAck(() -> {
                    done.complete(null);
                    return CompletableFuture.completedFuture(null);
                })
                .withNack(e -> {
                    done.completeExceptionally(e);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(m);
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
        return done;
    }
}
