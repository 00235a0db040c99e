package org.countersight.ingest.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.events.Topics;
import org.countersight.events.kafka.SharedLog;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.countersight.ingest.identity.StoryIndex;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Story identity shared by every ingest instance and kept across restarts, in the one-partition compacted topic
 * {@code stories}. Before new articles are sent, their text fingerprints are appended as claims; every instance
 * applies the claims in the topic's order to the same {@link StoryIndex}, so all agree that a copy belongs to the
 * story of the earliest near-duplicate claim, whichever instance polled which source. The index is a cache of the
 * topic, rebuilt from it at start.
 */
public final class SharedStories implements AutoCloseable {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    /** One claim on the wire: an article and the fingerprint of its text. */
    public record Claim(String articleId, long fingerprint) {
    }

    private final StoryIndex index;
    private final Map<String, String> storyOfArticle;
    private final SharedLog log;

    public SharedStories(KafkaSettings kafka, String clientId, int capacity, int minChars) {
        this.index = new StoryIndex(capacity, minChars, 3);
        this.storyOfArticle = Collections.synchronizedMap(new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
                return size() > capacity;
            }
        });
        this.log = new SharedLog(kafka.connection(), Topics.STORIES, clientId, this::apply);
    }

    public SharedStories start() {
        log.start();
        return this;
    }

    public boolean awaitRestored(Duration timeout) throws InterruptedException {
        return log.awaitCaughtUp(timeout);
    }

    public boolean isAlive() {
        return log.isAlive();
    }

    /** The state machine: in offset order, identically on every instance; an article's first claim decides. */
    private void apply(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        Claim c = Json.read(record.value(), Claim.class);
        if (c == null || c.articleId() == null || storyOfArticle.containsKey(c.articleId())) {
            return;
        }
        storyOfArticle.put(c.articleId(), index.storyOf(c.articleId(), c.fingerprint()));
    }

    /** The articles with storyId set: the story of the earliest near-duplicate in the shared order, else their own id. */
    public List<RawArticle> assign(List<RawArticle> articles) throws Publisher.PublishException {
        List<Map.Entry<String, byte[]>> claims = new ArrayList<>();
        for (RawArticle a : articles) {
            Long fp = index.fingerprint(a.id(), a.text());
            if (fp != null && !storyOfArticle.containsKey(a.id())) {
                // a key of its own per claim: compaction must never move a first claim behind a later one
                claims.add(new AbstractMap.SimpleEntry<>(a.id() + ":" + UUID.randomUUID(), Json.write(new Claim(a.id(), fp))));
            }
        }
        if (!claims.isEmpty()) {
            try {
                log.awaitApplied(log.appendAll(claims, WRITE_TIMEOUT), WRITE_TIMEOUT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Publisher.PublishException("interrupted while writing story claims", List.of(), e);
            } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
                throw new Publisher.PublishException("cannot write story claims to Kafka: " + e.getMessage(), List.of(), e);
            }
        }
        List<RawArticle> out = new ArrayList<>(articles.size());
        for (RawArticle a : articles) {
            String story = storyOfArticle.getOrDefault(a.id(), a.id());
            out.add(story.equals(a.storyId()) ? a : new RawArticle(a.schemaVersion(), a.id(), a.url(), a.sourceId(),
                    a.sourceName(), story, a.guid(), a.title(), a.summary(), a.text(), a.language(), a.publishedAt(),
                    a.publishedAtEstimated(), a.fetchedAt()));
        }
        return out;
    }

    @Override
    public void close() {
        log.close();
    }
}
