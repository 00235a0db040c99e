package org.countersight.events;

import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Record header names every producer sets (docs/DESIGN.md, Topics), and the one way to build them. */
public final class Headers {
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_TYPE = "eventType";
    public static final String SCHEMA_VERSION = "schemaVersion";

    private Headers() {
    }

    /** A fresh {@code eventId} (random UUID), the record's {@code eventType} and its {@code schemaVersion}. */
    public static RecordHeaders create(String eventType, int schemaVersion) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EVENT_ID, UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
        headers.add(EVENT_TYPE, eventType.getBytes(StandardCharsets.UTF_8));
        headers.add(SCHEMA_VERSION, Integer.toString(schemaVersion).getBytes(StandardCharsets.UTF_8));
        return headers;
    }
}
