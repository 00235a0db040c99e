package org.countersight.ingest.parse;

import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndLink;
import org.countersight.events.ArticleIds;
import org.countersight.events.CanonicalUrl;
import org.countersight.events.RawArticle;
import org.countersight.events.Source;
import org.countersight.ingest.identity.ArticleIdentity;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps feed entries to {@link RawArticle}s. id = articleId of the canonical link (resolved against the feed
 * URL when relative; scoped to the source when the link is on another site than the feed's,
 * {@link ArticleIdentity}), or of {@code sourceId + guid} for an item without a usable link. HTML in title, summary
 * and content becomes plain text. publishedAt is the item's date, else the fetch time with
 * {@code publishedAtEstimated=true} (also when the date is more than a day in the future: a wrong zone or a
 * placeholder, not a real publication time).
 */
public final class ArticleMapper {

    /** Keeps one RawArticle well below Kafka's default 1 MB record limit. */
    public static final int MAX_TEXT_CHARS = 100_000;
    public static final int MAX_SUMMARY_CHARS = 5_000;
    public static final int MAX_TITLE_CHARS = 1_000;
    private static final Duration FUTURE_TOLERANCE = Duration.ofDays(1);
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");

    /** Maps every usable entry, dropping duplicates within the feed (same id twice: the first one wins). */
    public List<RawArticle> map(ParsedFeed feed, Source source, Instant fetchedAt) {
        Map<String, RawArticle> byId = new LinkedHashMap<>();
        for (int i = 0; i < feed.entries().size(); i++) {
            RawArticle article = map(feed.entries().get(i), feed.hintsOf(i), feed, source, fetchedAt);
            if (article != null) {
                byId.putIfAbsent(article.id(), article);
            }
        }
        return new ArrayList<>(byId.values());
    }

    /** @return the article, or null when the entry has neither a link, a guid nor a title */
    public RawArticle map(SyndEntry entry, ParsedFeed feed, Source source, Instant fetchedAt) {
        return map(entry, null, feed, source, fetchedAt);
    }

    /** @param hints what the raw document said about this entry (base, link and date as written), or null */
    public RawArticle map(SyndEntry entry, ParsedFeed.EntryHints hints, ParsedFeed feed, Source source, Instant fetchedAt) {
        URI base = hints != null && hints.base() != null ? hints.base() : feed.baseUri();
        String link = hints == null ? null : resolve(hints.rawLink(), base);
        if (link == null) {
            link = canonicalLink(entry, base);
        }
        String guid = blankToNull(entry.getUri());
        String title = cap(titleOf(entry), MAX_TITLE_CHARS);
        String id;
        if (link != null) {
            id = ArticleIdentity.idFor(source, link);
        } else if (guid != null) {
            id = ArticleIds.fromGuid(source.id(), guid);
        } else if (title != null) {
            id = ArticleIds.fromGuid(source.id(), "title:" + title);
        } else {
            return null;
        }
        String summary = entry.getDescription() == null ? null : textOf(entry.getDescription());
        String text = null;
        if (entry.getContents() != null && !entry.getContents().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (SyndContent content : entry.getContents()) {
                String t = textOf(content);
                if (t != null) {
                    if (sb.length() > 0) {
                        sb.append("\n\n");
                    }
                    sb.append(t);
                }
            }
            text = sb.length() == 0 ? null : sb.toString();
        }
        if (summary == null && text != null) {
            summary = text;
        }
        if (text == null) {
            text = summary;
        }
        Instant publishedAt;
        String rawDate = hints == null ? null : hints.rawDate();
        // the date as written, read by LenientDates first: Rome's lenient SimpleDateFormat shifts impossible dates
        // (31 June -> 1 July), reads CST, IST, AST... one way everywhere and a zone-less date in the JVM's zone
        LenientDates.Reading reading = LenientDates.read(rawDate, region(source, feed), zoneOf(source));
        if (reading != null) {
            publishedAt = reading.instant(); // null for a date that cannot exist: no date rather than a wrong one
        } else {
            Date date = entry.getPublishedDate() != null ? entry.getPublishedDate() : entry.getUpdatedDate();
            publishedAt = date == null ? null : date.toInstant();
        }
        boolean estimated = false;
        if (publishedAt == null || publishedAt.isAfter(fetchedAt.plus(FUTURE_TOLERANCE))) {
            publishedAt = fetchedAt;
            estimated = true;
        }
        return new RawArticle(RawArticle.SCHEMA_VERSION, id, link, source.id(), source.name(), id, guid, title,
                cap(summary, MAX_SUMMARY_CHARS), cap(text, MAX_TEXT_CHARS), language(source, feed, title, text), publishedAt,
                estimated, fetchedAt);
    }

    /**
     * The zone a date without one is read in: the source's configured zone. {@link Source} has no such field yet, so
     * this is null (UTC) and such dates are counted in the source's status instead ({@link #statusNote}).
     */
    static ZoneId zoneOf(Source source) {
        return null;
    }

    /**
     * What the source's status should say about a feed that was read: "item cap: ..." when it had more items than
     * are read from one document, "parsed leniently: <reason>" when the XML
     * had to be repaired, and how many of its dates carried no time zone (read as UTC, or in the source's zone),
     * joined by "; "; null when there is nothing to say.
     */
    public static String statusNote(ParsedFeed feed, Source source) {
        List<String> notes = new ArrayList<>();
        if (feed.capped()) {
            notes.add("item cap: the feed has " + feed.itemsInDocument() + " items, only the newest "
                    + feed.entries().size() + " were read (countersight.poll.max-items-per-document)");
        }
        if (feed.leniency() != null) {
            notes.add("parsed leniently: " + feed.leniency());
        }
        int dates = 0;
        int zoneless = 0;
        ZoneId zone = zoneOf(source);
        for (int i = 0; i < feed.entries().size(); i++) {
            ParsedFeed.EntryHints h = feed.hintsOf(i);
            LenientDates.Reading r = h == null ? null : LenientDates.read(h.rawDate(), null, zone);
            if (r != null && !r.impossible()) {
                dates++;
                zoneless += r.zoned() ? 0 : 1;
            }
        }
        if (zoneless > 0) {
            notes.add(zoneless + " of " + dates + " dates have no time zone and were read as "
                    + (zone == null ? "UTC" : zone.getId()));
        }
        return notes.isEmpty() ? null : String.join("; ", notes);
    }

    /** The canonical absolute form of a link resolved against a base, or null when it is not an http(s) URL. */
    static String resolve(String raw, URI base) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            String c = raw.strip().replace(" ", "%20");
            return CanonicalUrl.canonicalize(base == null ? c : base.resolve(c).toString());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String canonicalLink(SyndEntry entry, URI base) {
        List<String> candidates = new ArrayList<>();
        if (entry.getLink() != null) {
            candidates.add(entry.getLink());
        }
        if (entry.getLinks() != null) {
            for (SyndLink l : entry.getLinks()) {
                if (l.getHref() != null && (l.getRel() == null || l.getRel().equals("alternate"))) {
                    candidates.add(l.getHref());
                }
            }
        }
        for (String candidate : candidates) {
            String c = candidate.strip();
            if (c.isEmpty()) {
                continue;
            }
            try {
                String absolute = base == null ? c : base.resolve(c).toString();
                return CanonicalUrl.canonicalize(absolute);
            } catch (IllegalArgumentException e) {
                // not an http(s) link (mailto:, javascript:, junk): try the next one
            }
        }
        return null;
    }

    private static String titleOf(SyndEntry entry) {
        if (entry.getTitleEx() != null && isPlain(entry.getTitleEx().getType())) {
            return HtmlText.plain(entry.getTitleEx().getValue());
        }
        String title = HtmlText.toText(entry.getTitle());
        if (title == null && entry.getModule(DCModule.URI) instanceof DCModule dc) {
            title = HtmlText.toText(dc.getTitle()); // an item titled only by <dc:title>
        }
        return title;
    }

    private static String textOf(SyndContent content) {
        return isPlain(content.getType()) ? HtmlText.plain(content.getValue()) : HtmlText.toText(content.getValue());
    }

    private static boolean isPlain(String type) {
        return type != null && (type.equalsIgnoreCase("text") || type.equalsIgnoreCase("text/plain"));
    }

    /** Primary languages written mostly in one region that a zone abbreviation depends on. */
    private static final Map<String, String> LANGUAGE_REGIONS = Map.of(
            "zh", "CN", "ar", "SA", "hi", "IN", "he", "IL", "ga", "IE", "bn", "BD", "ms", "MY", "fil", "PH", "tl", "PH");

    /**
     * The feed's region (ISO 3166-1 alpha-2), used to read ambiguous zone names in its dates: the source's country
     * hint, else the country-code domain of the feed's host (.cn, .in, .sa), else the region of the declared
     * language tag (en-IN), else the region a declared language is mostly written in (zh: CN, ar: SA); else null.
     * The host comes before the language tag because feed software often declares en-US whatever the site.
     */
    static String region(Source source, ParsedFeed feed) {
        if (source.country() != null && source.country().strip().matches("[A-Za-z]{2}")) {
            return source.country().strip().toUpperCase(Locale.ROOT);
        }
        try {
            String host = URI.create(source.url()).getHost();
            String tld = host == null ? "" : host.substring(host.lastIndexOf('.') + 1);
            if (tld.matches("[A-Za-z]{2}")) {
                return tld.toUpperCase(Locale.ROOT);
            }
        } catch (IllegalArgumentException e) {
            // a source URL is checked when it is registered; an odd one only loses the hint
        }
        String tag = source.language() != null && !source.language().isBlank() ? source.language() : feed.language();
        if (tag == null) {
            return null;
        }
        String[] parts = tag.strip().split("[-_]");
        for (int i = 1; i < parts.length; i++) {
            if (parts[i].matches("[A-Za-z]{2}")) {
                return parts[i].toUpperCase(Locale.ROOT);
            }
        }
        return LANGUAGE_REGIONS.get(parts[0].toLowerCase(Locale.ROOT));
    }

    static String language(Source source, ParsedFeed feed) {
        String hint = source.language() != null && !source.language().isBlank() ? source.language() : feed.language();
        if (hint == null) {
            return null;
        }
        String primary = hint.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        return LANGUAGE.matcher(primary).matches() ? primary : null;
    }

    /**
     * The article's language: the declared one (the source's hint, else the feed's) unless the detector reliably
     * finds another language it knows in the title and text (a feed that labels everything "en", a multilingual
     * site); with nothing declared, whatever the detector finds (null when it cannot tell). A declared language
     * the detector does not know is kept as it is.
     */
    static String language(Source source, ParsedFeed feed, String title, String text) {
        String declared = language(source, feed);
        String sample = title == null ? text : text == null ? title : title + "\n" + text;
        LanguageDetector.Result detected = LanguageDetector.detect(sample);
        if (declared == null) {
            return detected == null ? null : detected.language();
        }
        if (detected != null && detected.reliable() && !detected.language().equals(declared)
                && LanguageDetector.LANGUAGES.contains(declared)) {
            return detected.language();
        }
        return declared;
    }

    private static String cap(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
