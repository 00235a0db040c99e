package org.countersight.api.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.events.Alert;
import org.countersight.events.Json;
import org.countersight.events.Topics;
import org.countersight.events.kafka.DeadLetters;
import org.countersight.events.kafka.TopicReader;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Every alert this replica has read from {@code alerts} (from the beginning at start-up), kept in a bounded
 * buffer for replay, and pushed to the live SSE subscribers. Replay and registration happen under one lock
 * with publication, so a subscriber never misses or doubles an alert between the two.
 */
@ApplicationScoped
public class AlertHub {

    /** One alert with the Kafka coordinates it came from and the stream id it is sent with. */
    public record Entry(int partition, long offset, String eventId, Alert alert) {
    }

    private record Subscriber(AlertFilter filter, MultiEmitter<? super Entry> emitter) {
    }

    private final Object lock = new Object();
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    private final Map<Integer, Long> next = new TreeMap<>();
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final int capacity;
    private final KafkaClients clients;
    private final Counter received;
    private volatile TopicReader reader;
    private DeadLetters deadLetters;

    public AlertHub(CountersightConfig config, KafkaClients clients, MeterRegistry meters) {
        this.capacity = Math.max(1, config.alerts().bufferSize());
        this.clients = clients;
        this.received = Counter.builder("countersight.alerts.received").register(meters);
        Gauge.builder("countersight.alerts.sse.clients", subscribers, Set::size).register(meters);
    }

    public synchronized void start() {
        if (reader != null) {
            return;
        }
        deadLetters = new DeadLetters(clients.connection(), "api-dlq");
        reader = clients.reader("alerts", "api-alerts", List.of(Topics.ALERTS), records -> {
            for (ConsumerRecord<String, byte[]> r : records) {
                accept(r);
            }
        }).start();
    }

    public synchronized void stop() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (deadLetters != null) {
            deadLetters.close();
        }
        subscribers.forEach(s -> s.emitter().complete());
        subscribers.clear();
    }

    public TopicReader reader() {
        return reader;
    }

    private void accept(ConsumerRecord<String, byte[]> r) throws Exception {
        Alert alert = null;
        String problem = null;
        if (r.value() == null) {
            problem = "alert without a value";
        } else {
            try {
                alert = Json.read(r.value(), Alert.class);
            } catch (RuntimeException e) {
                problem = "not a valid Alert: " + e.getMessage();
            }
        }
        if (alert == null) {
            deadLetters.send(r, problem == null ? "empty alert" : problem, Duration.ofSeconds(30));
        }
        synchronized (lock) {
            next.put(r.partition(), r.offset() + 1);
            if (alert == null) {
                return;
            }
            Entry entry = new Entry(r.partition(), r.offset(), StreamPosition.of(next).encode(), alert);
            buffer.addLast(entry);
            if (buffer.size() > capacity) {
                buffer.removeFirst();
            }
            received.increment();
            for (Subscriber s : subscribers) {
                if (s.filter().matches(alert)) {
                    s.emitter().emit(entry);
                }
            }
        }
    }

    /** The current position: what a client that wants only new alerts would resume from. */
    public StreamPosition position() {
        synchronized (lock) {
            return StreamPosition.of(next);
        }
    }

    /**
     * Live alerts matching the filter; with a position, first every buffered alert after it (what a
     * reconnecting client missed), in the order they were read.
     */
    public Multi<Entry> subscribe(AlertFilter filter, StreamPosition after) {
        return Multi.createFrom().<Entry>emitter(emitter -> {
            Subscriber s = new Subscriber(filter, emitter);
            synchronized (lock) {
                if (after != null) {
                    for (Entry e : buffer) {
                        if (after.isBefore(e.partition(), e.offset()) && filter.matches(e.alert())) {
                            emitter.emit(e);
                        }
                    }
                }
                subscribers.add(s);
            }
            emitter.onTermination(() -> subscribers.remove(s));
        }, BackPressureStrategy.BUFFER);
    }

    /** Most recent first. */
    public List<Entry> recent(AlertFilter filter, int limit) {
        List<Entry> out = new ArrayList<>(Math.min(limit, 64));
        synchronized (lock) {
            Iterator<Entry> it = buffer.descendingIterator();
            while (it.hasNext() && out.size() < limit) {
                Entry e = it.next();
                if (filter.matches(e.alert())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    int subscriberCount() {
        return subscribers.size();
    }
}
