package org.countersight.events.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.countersight.events.Json;

/**
 * Kafka deserializer for one wire record type; a tombstone (null value) stays null.
 * Services subclass it per type so it can be named in configuration.
 */
public class JsonDeserializer<T> implements Deserializer<T> {
    private final Class<T> type;

    protected JsonDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return Json.read(data, type);
        } catch (RuntimeException e) {
            throw new SerializationException("record on " + topic + " is not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }
}
