package org.countersight.ingest.identity;

import crawlercommons.domains.EffectiveTldFinder;
import org.countersight.events.ArticleIds;
import org.countersight.events.Source;

import java.net.URI;
import java.util.Locale;

/**
 * The id of an article a feed links to. A link on the feed's own registrable domain (public suffix list, via
 * crawler-commons: {@code feeds.example.co.uk} and {@code www.example.co.uk} are one site) gets the URL's global id
 * ({@link ArticleIds#fromUrl}), shared by every feed that links to it. A link to another site gets an id scoped to
 * the source ({@link ArticleIds#fromSourceAndUrl}): otherwise a hostile feed could publish a well-known outlet's
 * article URL first, take its id, and have the outlet's own copy dropped as already seen. Copies of one story under
 * different ids are still grouped by their text ({@link StoryIndex}).
 */
public final class ArticleIdentity {

    private ArticleIdentity() {
    }

    /** @param canonicalLink the article's canonical http(s) URL */
    public static String idFor(Source source, String canonicalLink) {
        String feedDomain = registrableDomain(hostOf(source.url()));
        String linkDomain = registrableDomain(hostOf(canonicalLink));
        if (feedDomain != null && feedDomain.equals(linkDomain)) {
            return ArticleIds.fromUrl(canonicalLink);
        }
        return ArticleIds.fromSourceAndUrl(source.id(), canonicalLink);
    }

    /**
     * The registrable domain ("example.co.uk" of "feeds.example.co.uk"; private suffixes such as github.io count,
     * so two users' sites differ); an IP address or a name without a known suffix is its own; null for none.
     */
    static String registrableDomain(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.startsWith("[") || h.matches("[0-9.]+")) {
            return h;
        }
        try {
            String assigned = EffectiveTldFinder.getAssignedDomain(h, true, false);
            return assigned == null ? h : assigned;
        } catch (RuntimeException e) {
            return h;
        }
    }

    private static String hostOf(String url) {
        try {
            return url == null ? null : URI.create(url).getHost();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
