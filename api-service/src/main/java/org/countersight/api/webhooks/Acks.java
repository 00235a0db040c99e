package org.countersight.api.webhooks;

import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Kafka writes in flight, checked without waiting (the dispatcher's consumer thread never blocks on them). */
record Acks(List<Future<RecordMetadata>> writes) {

    boolean done() {
        return writes.stream().allMatch(Future::isDone);
    }

    /** Null when every write was acknowledged; call only once {@link #done()}. */
    Exception failure() {
        for (Future<RecordMetadata> f : writes) {
            try {
                f.get();
            } catch (ExecutionException e) {
                return e.getCause() instanceof Exception ex ? ex : e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }
        return null;
    }
}
