package org.countersight.events.kafka;

import org.apache.kafka.common.serialization.Serializer;
import org.countersight.events.Json;

/** Kafka serializer for any wire record; null stays null (a tombstone). */
public class JsonSerializer<T> implements Serializer<T> {
    @Override
    public byte[] serialize(String topic, T data) {
        return data == null ? null : Json.write(data);
    }
}
