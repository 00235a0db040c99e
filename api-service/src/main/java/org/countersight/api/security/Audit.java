package org.countersight.api.security;

import org.jboss.logging.Logger;

/**
 * One log line per change made with an API key, on the category {@code org.countersight.api.audit} (route it to its own
 * file or sink in production): which key (its id, never the key), what it did, to what.
 */
public final class Audit {

    public static final String CATEGORY = "org.countersight.api.audit";
    private static final Logger LOG = Logger.getLogger(CATEGORY);

    private Audit() {
    }

    /** @param action e.g. {@code subscription.create}; {@code target} the id of what changed */
    public static void record(String keyId, String action, String target, String detail) {
        LOG.infof("audit key=%s action=%s target=%s%s", keyId == null ? "-" : keyId, action, target,
                detail == null ? "" : " " + detail);
    }
}
