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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

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

    /**
     * A live SSE client. {@code backlog} counts alerts handed to its emitter but not yet taken by the HTTP writer
     * (which takes the next one only once the previous was written to the socket); a client whose backlog passes
     * {@code allowance} (its replay plus {@code countersight.limits.stream-buffer}) is too slow and is dropped.
     */
    private static final class Subscriber {
        final AlertFilter filter;
        final MultiEmitter<? super Entry> emitter;
        final AtomicInteger backlog = new AtomicInteger();
        int allowance;

        Subscriber(AlertFilter filter, MultiEmitter<? super Entry> emitter) {
            this.filter = filter;
            this.emitter = emitter;
        }

        AlertFilter filter() {
            return filter;
        }

        MultiEmitter<? super Entry> emitter() {
            return emitter;
        }

        void emit(Entry e) {
            backlog.incrementAndGet();
            emitter.emit(e);
        }
    }

    /** Ends the stream of a client that does not keep up; the resource turns it into a final {@code event: dropped}. */
    public static final class SlowClientException extends RuntimeException {
        public SlowClientException(int waiting) {
            super(waiting + " alerts were waiting for this client", null, false, false);
        }
    }

    private final Object lock = new Object();
    private final ArrayDeque<Entry> buffer = new ArrayDeque<>();
    private final Map<Integer, Long> next = new TreeMap<>();
    private final Set<Subscriber> subscribers = new CopyOnWriteArraySet<>();
    private final int capacity;
    private final int streamBuffer;
    private final Counter dropped;
    private final KafkaClients clients;
    private final Counter received;
    private volatile TopicReader reader;
    private DeadLetters deadLetters;

    public AlertHub(CountersightConfig config, KafkaClients clients, MeterRegistry meters) {
        this.capacity = Math.max(1, config.alerts().bufferSize());
        this.streamBuffer = Math.max(1, config.limits().streamBuffer());
        this.dropped = Counter.builder("countersight.alerts.sse.dropped").description("SSE clients dropped for being too slow")
                .register(meters);
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
                    if (s.backlog.get() >= s.allowance) {
                        subscribers.remove(s);
                        dropped.increment();
                        s.emitter().fail(new SlowClientException(s.backlog.get()));
                    } else {
                        s.emit(entry);
                    }
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
        AtomicReference<Subscriber> self = new AtomicReference<>();
        return Multi.createFrom().<Entry>emitter(emitter -> {
            Subscriber s = new Subscriber(filter, emitter);
            self.set(s);
            synchronized (lock) {
                int replayed = 0;
                if (after != null) {
                    for (Entry e : buffer) {
                        if (after.isBefore(e.partition(), e.offset()) && filter.matches(e.alert())) {
                            s.emit(e);
                            replayed++;
                        }
                    }
                }
                // the replay refers to entries the buffer holds anyway; only live alerts beyond it count as falling behind
                s.allowance = replayed + streamBuffer;
                subscribers.add(s);
            }
            emitter.onTermination(() -> subscribers.remove(s));
        }, BackPressureStrategy.BUFFER).onItem().invoke(e -> {
            Subscriber s = self.get();
            if (s != null) {
                s.backlog.decrementAndGet(); // taken by the writer: no longer waiting
            }
        });
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
