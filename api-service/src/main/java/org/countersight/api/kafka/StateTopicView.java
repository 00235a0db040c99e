package org.countersight.api.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Keeps a registry's in-memory view of compacted state topics current: one {@link AllPartitionsReader} from the
 * beginning, every record handed to the registry in order. Shared by the source and subscription registries.
 */
public final class StateTopicView {

    private final String name;
    private final Supplier<KafkaConsumer<String, byte[]>> consumers;
    private final List<String> topics;
    private final Consumer<ConsumerRecord<String, byte[]>> apply;
    private volatile AllPartitionsReader reader;

    public StateTopicView(String name, Supplier<KafkaConsumer<String, byte[]>> consumers, List<String> topics,
                          Consumer<ConsumerRecord<String, byte[]>> apply) {
        this.name = name;
        this.consumers = consumers;
        this.topics = topics;
        this.apply = apply;
    }

    public synchronized void start() {
        if (reader != null) {
            return;
        }
        reader = new AllPartitionsReader(name, consumers, topics, records -> records.forEach(apply));
        reader.start();
    }

    public synchronized void stop() {
        if (reader != null) {
            reader.stop();
            reader = null;
        }
    }

    /** Null before {@link #start()}; readiness asks it whether the view has caught up. */
    public AllPartitionsReader reader() {
        return reader;
    }
}
