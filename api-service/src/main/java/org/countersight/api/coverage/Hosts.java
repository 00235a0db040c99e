package org.countersight.api.coverage;

import java.net.URI;
import java.util.Locale;

/**
 * Which sources are independent evidence: sources on one site (www.x.org/rss and x.org/feed, or news.x.org and
 * sport.x.org) fail together and count once. The key is the registrable part of the host name, approximated as the
 * last two labels (three under a two-letter country domain with a short second level, like co.uk); IP literals as is.
 */
public final class Hosts {

    private Hosts() {
    }

    public static String key(String url) {
        String host;
        try {
            host = URI.create(url).getHost();
        } catch (RuntimeException e) {
            host = null;
        }
        if (host == null || host.isBlank()) {
            return url == null ? "?" : url;
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") || host.chars().allMatch(c -> c == '.' || Character.isDigit(c))) {
            return host;
        }
        String[] labels = host.split("\\.");
        int n = labels.length;
        if (n <= 2) {
            return host;
        }
        int keep = labels[n - 1].length() == 2 && labels[n - 2].length() <= 3 ? 3 : 2;
        return String.join(".", java.util.Arrays.copyOfRange(labels, n - keep, n));
    }
}
