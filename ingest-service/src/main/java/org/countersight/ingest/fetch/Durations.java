package org.countersight.ingest.fetch;

import java.time.Duration;

/** Durations and sizes written for people: "10 s", "1.5 s", "250 ms", "10 MB". */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    public static String bytes(long n) {
        if (n >= 1024 * 1024 && n % (1024 * 1024) == 0) {
            return (n / (1024 * 1024)) + " MB";
        }
        if (n >= 1024 && n % 1024 == 0) {
            return (n / 1024) + " KB";
        }
        return n + " bytes";
    }
}
