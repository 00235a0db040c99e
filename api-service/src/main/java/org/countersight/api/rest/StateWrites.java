package org.countersight.api.rest;

import org.jboss.logging.Logger;

/**
 * A request's write to a state topic (sources, subscriptions). The registry waits for Kafka's acknowledgement;
 * without one nothing was stored, so the caller gets a 503 it can simply retry.
 */
final class StateWrites {

    private static final Logger LOG = Logger.getLogger(StateWrites.class);

    interface Write<T> {
        T run() throws Exception;
    }

    interface VoidWrite {
        void run() throws Exception;
    }

    private StateWrites() {
    }

    static void acknowledged(String what, VoidWrite write) {
        acknowledgedResult(what, () -> {
            write.run();
            return null;
        });
    }

    /** @param what what is written, for the log and the message, e.g. "the deletion of source 0a1b…" */
    static <T> T acknowledgedResult(String what, Write<T> write) {
        try {
            return write.run();
        } catch (Exception e) {
            LOG.errorf(e, "storing %s failed", what);
            throw ApiException.unavailable(what + " could not be stored because Kafka did not acknowledge the write ("
                    + e.getMessage() + "); try again shortly");
        }
    }
}
