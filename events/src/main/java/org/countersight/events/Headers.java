package org.countersight.events;

/** Record header names every producer sets (DESIGN.md, Topics). */
public final class Headers {
    public static final String EVENT_ID = "eventId";
    public static final String EVENT_TYPE = "eventType";
    public static final String SCHEMA_VERSION = "schemaVersion";

    private Headers() {
    }
}
