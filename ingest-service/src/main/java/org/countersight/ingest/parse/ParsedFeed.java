package org.countersight.ingest.parse;

import com.rometools.rome.feed.synd.SyndEntry;

import java.net.URI;
import java.util.List;

/**
 * A parsed feed: its type (e.g. rss_2.0, atom_1.0, rss_1.0, json_1.1), title, declared language, the URL it was
 * fetched from, its entries and, parallel to them, what the raw document said about each ({@link EntryHints}:
 * effective {@code xml:base}, the link as written, the date as written). {@code charset} names the encoding used
 * and where it came from, e.g. "UTF-8 (BOM)". {@code itemsInDocument} counts the items of the document before the
 * item cap kept the newest of them ({@link FeedParser#DEFAULT_MAX_ITEMS}).
 */
public record ParsedFeed(String feedType, String title, String language, URI baseUri, List<SyndEntry> entries,
                         List<EntryHints> hints, String charset, String leniency, int itemsInDocument) {

    public ParsedFeed(String feedType, String title, String language, URI baseUri, List<SyndEntry> entries,
                      List<EntryHints> hints, String charset, String leniency) {
        this(feedType, title, language, baseUri, entries, hints, charset, leniency, entries.size());
    }

    /** Whether the document had more items than were read (the item cap, {@code max-items-per-document}). */
    public boolean capped() {
        return itemsInDocument > entries.size();
    }

    public ParsedFeed(String feedType, String title, String language, URI baseUri, List<SyndEntry> entries,
                      List<EntryHints> hints, String charset) {
        this(feedType, title, language, baseUri, entries, hints, charset, null);
    }

    public ParsedFeed(String feedType, String title, String language, URI baseUri, List<SyndEntry> entries) {
        this(feedType, title, language, baseUri, entries, List.of(), null);
    }

    /** The hints of entry {@code i}, or null when the raw document could not be lined up with Rome's entries. */
    public EntryHints hintsOf(int i) {
        return hints != null && hints.size() == entries.size() && i < hints.size() ? hints.get(i) : null;
    }

    /**
     * @param base    the entry's effective base URI: the feed URL with every {@code xml:base} on the way resolved in
     * @param rawLink the entry's link as written (relative links are resolved against {@code base}), or null
     * @param rawDate the entry's date as written (pubDate, dc:date, published, updated, ...), or null
     */
    public record EntryHints(URI base, String rawLink, String rawDate) {
    }
}
