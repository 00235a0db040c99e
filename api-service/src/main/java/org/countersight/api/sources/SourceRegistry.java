package org.countersight.api.sources;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.api.kafka.StateTopic;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.Topics;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The source registry as this replica sees it: a view of the compacted {@code sources} and
 * {@code sources.status} topics read from the beginning. Writes go to Kafka first; the view is updated
 * once the broker has acknowledged, so a client reads its own write at once.
 */
@ApplicationScoped
public class SourceRegistry {

    private static final Logger LOG = Logger.getLogger(SourceRegistry.class);

    /** A source with its latest health, null while ingest-service has not reported on it. */
    public record View(Source source, SourceStatus status) {
    }

    private final Map<String, Source> sources = new ConcurrentHashMap<>();
    private final Map<String, SourceStatus> statuses = new ConcurrentHashMap<>();
    private final StateTopic topic;

    public SourceRegistry(KafkaClients clients) {
        this.topic = new StateTopic(clients, "sources", Topics.SOURCES, "Source", Source.SCHEMA_VERSION,
                List.of(Topics.SOURCES, Topics.SOURCES_STATUS), this::apply);
    }

    /** Started and closed by {@code app.Lifecycle}. */
    public StateTopic topic() {
        return topic;
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        boolean status = r.topic().equals(Topics.SOURCES_STATUS);
        if (r.value() == null) {
            (status ? statuses : sources).remove(r.key());
            return;
        }
        try {
            if (status) {
                statuses.put(r.key(), Json.read(r.value(), SourceStatus.class));
            } else {
                sources.put(r.key(), Json.read(r.value(), Source.class));
            }
        } catch (RuntimeException e) {
            // Another service's record we cannot read must not stop the view; it is not ours to dead-letter.
            LOG.warnf("skipping unreadable record %s-%d@%d: %s", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    public List<View> list() {
        return sources.values().stream()
                .sorted(Comparator.comparing((Source s) -> s.name() == null ? "" : s.name().toLowerCase())
                        .thenComparing(Source::id))
                .map(s -> new View(s, statuses.get(s.id())))
                .toList();
    }

    /** Every source with its health, in no particular order (cheaper than {@link #list()} where order does not matter). */
    public List<View> views() {
        List<View> out = new java.util.ArrayList<>(sources.size());
        for (Source s : sources.values()) {
            out.add(new View(s, statuses.get(s.id())));
        }
        return out;
    }

    public Optional<View> get(String id) {
        Source s = sources.get(id);
        return s == null ? Optional.empty() : Optional.of(new View(s, statuses.get(id)));
    }

    public int size() {
        return sources.size();
    }

    /**
     * Writes the source to {@code sources} unless one with its id is known, and returns once the broker
     * has acknowledged it.
     *
     * @return the already registered source, or empty when this one was written
     */
    public synchronized Optional<Source> createIfAbsent(Source source) throws Exception {
        Source existing = sources.get(source.id());
        if (existing != null) {
            return Optional.of(existing);
        }
        topic.put(source.id(), source);
        sources.put(source.id(), source);
        return Optional.empty();
    }

    /** Writes a tombstone, which tells ingest-service to stop polling and compaction to forget the source. */
    public synchronized void delete(String id) throws Exception {
        topic.delete(id);
        sources.remove(id);
    }
}
