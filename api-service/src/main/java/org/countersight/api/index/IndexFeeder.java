package org.countersight.api.index;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.events.kafka.DeadLetters;
import org.countersight.events.kafka.TopicReader;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Applies {@code articles.tagged} to the index: upsert per articleId, delete on tombstone. The Kafka position
 * is kept in the index's own commit data (not in a consumer group), so index and position always agree:
 * a restart resumes exactly where the last commit left off.
 */
public final class IndexFeeder implements TopicReader.Handler {

    private static final Logger LOG = Logger.getLogger(IndexFeeder.class);
    static final String TOPIC_KEY = "kafka.topic";
    static final String TOPIC_ID_KEY = "kafka.topicId";
    static final String OFFSET_PREFIX = "offset.";
    static final Duration REFRESH_INTERVAL = Duration.ofSeconds(1);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

    private final ArticleIndex index;
    private final DeadLetters deadLetters;
    private final Duration commitInterval;
    private final Map<String, String> position = new HashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private boolean dirty;
    private boolean unrefreshed;
    private long lastRefreshNanos = System.nanoTime() - REFRESH_INTERVAL.toNanos();
    private long lastPeriodicNanos = System.nanoTime();

    /**
     * @param topicId the broker's id of {@code articles.tagged}; an index built from another incarnation of the
     *                topic (deleted and recreated, or a fresh test broker) is cleared rather than trusted
     */
    public IndexFeeder(ArticleIndex index, DeadLetters deadLetters, Duration commitInterval, String topicId) throws Exception {
        this.index = index;
        this.deadLetters = deadLetters;
        this.commitInterval = commitInterval;
        Map<String, String> committed = index.committedData();
        String committedTopicId = committed.get(TOPIC_ID_KEY);
        if (committedTopicId != null && topicId != null && !committedTopicId.equals(topicId)) {
            LOG.warnf("index at %s was built from another %s topic (id %s, now %s); rebuilding it",
                    index.path(), Topics.ARTICLES_TAGGED, committedTopicId, topicId);
            index.clear();
        } else {
            position.putAll(committed);
        }
        position.put(TOPIC_KEY, Topics.ARTICLES_TAGGED);
        if (topicId != null) {
            position.put(TOPIC_ID_KEY, topicId);
        }
    }

    @Override
    public Long startOffset(TopicPartition partition) {
        String stored = position.get(OFFSET_PREFIX + partition.partition());
        return stored == null ? null : Long.parseLong(stored);
    }

    @Override
    public void onBatch(ConsumerRecords<String, byte[]> records) throws Exception {
        for (ConsumerRecord<String, byte[]> record : records) {
            apply(record);
            position.put(OFFSET_PREFIX + record.partition(), Long.toString(record.offset() + 1));
            dirty = true;
        }
        unrefreshed = true;
        refreshIfDue();
    }

    /**
     * Makes new documents searchable at most every {@link #REFRESH_INTERVAL} (as search engines commonly do):
     * articles arrive one or two per poll while nlp tags them, and each refresh flushes a segment that is later
     * merged; at 100 ms, refreshes and merges were a third of the api's CPU in the whole-system benchmark. Alerts do
     * not wait for this: they reach SSE from the alerts topic directly.
     */
    private void refreshIfDue() throws IOException {
        long now = System.nanoTime();
        if (unrefreshed && now - lastRefreshNanos >= REFRESH_INTERVAL.toNanos()) {
            index.refresh();
            unrefreshed = false;
            lastRefreshNanos = now;
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) throws Exception {
        if (record.value() == null) {
            if (record.key() != null) {
                index.delete(record.key());
                deleted.incrementAndGet();
            }
            return;
        }
        TaggedArticle article;
        try {
            article = Json.read(record.value(), TaggedArticle.class);
        } catch (RuntimeException e) {
            rejected.incrementAndGet();
            deadLetters.send(record, "not a valid TaggedArticle: " + e.getMessage(), DEAD_LETTER_TIMEOUT);
            return;
        }
        if (article == null || article.id() == null || article.id().isBlank()) {
            rejected.incrementAndGet();
            deadLetters.send(record, "TaggedArticle without an id", DEAD_LETTER_TIMEOUT);
            return;
        }
        index.upsert(article, record.value());
        applied.incrementAndGet();
    }

    /** Whatever was read before readiness is searchable when the service reports ready. */
    @Override
    public void beforeCaughtUp() throws Exception {
        index.refresh();
        unrefreshed = false;
        lastRefreshNanos = System.nanoTime();
    }

    @Override
    public void afterPoll() throws Exception {
        refreshIfDue();
        if (System.nanoTime() - lastPeriodicNanos >= commitInterval.toNanos()) {
            if (dirty) {
                commit();
            } else {
                // Nothing new, but background merges may have finished: let searchers see the merged (fewer)
                // segments. A no-op when the index has not changed.
                index.refresh();
            }
            lastPeriodicNanos = System.nanoTime();
        }
    }

    @Override
    public void onStop() {
        try {
            if (dirty && index.isOpen()) {
                commit();
            }
        } catch (Exception e) {
            LOG.warnf(e, "final index commit failed; the next start replays from the previous commit");
        }
    }

    private void commit() throws Exception {
        index.commit(position);
        dirty = false;
    }

    public long applied() {
        return applied.get();
    }

    public long deleted() {
        return deleted.get();
    }

    public long rejected() {
        return rejected.get();
    }
}
