package org.countersight.nlp.alerts;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.countersight.events.kafka.KafkaConnection;
import org.countersight.events.kafka.SharedLog;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * Alert de-duplication shared by every nlp instance and kept across restarts, in the one-partition compacted topic
 * {@code alerts.claims}. An instance about to alert appends a claim (articleId, story key, publication time, MinHash
 * signature of the text) and waits until its own reader has applied it. Every instance applies the claims in the
 * topic's order to the same {@link StoryMemory}, so all agree which claim was first of its story: that one alerts,
 * later ones (another instance's copy, a redelivery after a crash or a re-balance) do not. After the alert is
 * written an {@code alerted} marker follows, so a redelivered article whose alert is already out is not sent again.
 * Memory (the story memory and the last decisions) is a cache of the topic, rebuilt from it at start.
 */
public final class AlertClaims implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AlertClaims.class);
    static final String CLAIM = "claim:";
    static final String ALERTED = "alerted:";
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(120);

    /** One claim on the wire. */
    public record Claim(String articleId, String storyKey, Instant publishedAt, int[] signature) {
    }

    private final StoryMemory memory;
    private final Map<String, Boolean> decisions;
    private final Set<String> alerted;
    private final SharedLog log;

    public AlertClaims(String bootstrapServers, Map<String, String> clientOverrides, String clientId, int storyMemory, Duration window) {
        this.memory = new StoryMemory(storyMemory, window);
        int remembered = Math.max(1000, storyMemory * 4);
        this.decisions = bounded(remembered);
        this.alerted = Collections.newSetFromMap(bounded(remembered));
        this.log = new SharedLog(new KafkaConnection(bootstrapServers, clientOverrides), Topics.ALERT_CLAIMS, clientId, this::apply);
    }

    private static <V> Map<String, V> bounded(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        });
    }

    public AlertClaims start() {
        log.start();
        return this;
    }

    /** Waits until every claim made before this instance started is applied. */
    public boolean awaitRestored(Duration timeout) throws InterruptedException {
        return log.awaitCaughtUp(timeout);
    }

    public boolean isRestored() {
        return log.isCaughtUp() && log.isAlive();
    }

    /** The state machine: runs on the log's reader thread, in offset order, identically on every instance. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null || record.value() == null) {
            return;
        }
        if (key.startsWith(ALERTED)) {
            String id = key.substring(ALERTED.length());
            alerted.add(id);
            decisions.putIfAbsent(id, Boolean.TRUE);
            return;
        }
        if (!key.startsWith(CLAIM)) {
            return;
        }
        Claim claim = Json.read(record.value(), Claim.class);
        if (claim == null || claim.articleId() == null || decisions.containsKey(claim.articleId())) {
            return; // the first claim of an article decides; a redelivery's second claim changes nothing
        }
        boolean first = memory.firstOfStory(claim.storyKey(), claim.signature(), claim.publishedAt());
        decisions.put(claim.articleId(), first);
    }

    /**
     * Claims the alert of one article. @return true when this article is the first of its story in the shared order
     * and its alert has not been written yet
     */
    public boolean claim(String articleId, String storyKey, Instant publishedAt, String text)
            throws InterruptedException, TimeoutException {
        if (alerted.contains(articleId)) {
            return false;
        }
        Boolean known = decisions.get(articleId);
        if (known == null) {
            Claim claim = new Claim(articleId, storyKey, publishedAt, NearDuplicates.signature(text));
            // a key of its own per claim: compaction must never move a first claim behind a later one
            long offset = log.append(CLAIM + articleId + ":" + UUID.randomUUID(), Json.write(claim), WRITE_TIMEOUT);
            log.awaitApplied(offset, WRITE_TIMEOUT);
            known = decisions.get(articleId);
        }
        return Boolean.TRUE.equals(known) && !alerted.contains(articleId);
    }

    /** Records that the article's alert was acknowledged by Kafka, so no instance sends it again. */
    public void alerted(String articleId) {
        log.send(ALERTED + articleId, Json.write(Map.of("articleId", articleId, "at", Instant.now().toString())));
    }

    @Override
    public void close() {
        log.close();
        LOG.debug("alert claims closed");
    }
}
