package org.countersight.ingest.parse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * JSON Feed 1.0 and 1.1 (jsonfeed.org; {@code version} the spec's URL or, as real feeds write it, "1.0"/"1.1") with Jackson, into the same entries and hints as the XML feeds, so one
 * mapper serves both: {@code url} (else {@code external_url}) is the link, {@code id} the guid, {@code summary}
 * the description, {@code content_html} / {@code content_text} the content, {@code date_published} (else
 * {@code date_modified}) the date, read leniently. A base {@code language} (1.1) is the feed's language.
 */
final class JsonFeedParser {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The spec's URL (https, also http), or the bare numbers real feeds write ("1", "1.0", "1.1"). */
    private static final Pattern VERSION = Pattern.compile("(?:https?://(?:www\\.)?jsonfeed\\.org/version/)?1(?:\\.[01])?/?",
            Pattern.CASE_INSENSITIVE);

    ParsedFeed parse(String text, URI feedUri, String charset) throws FeedRefusedException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JacksonException e) {
            throw new FeedRefusedException("JSON Feed is not well-formed JSON: " + firstLine(e.getOriginalMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new FeedRefusedException("response is JSON but not a JSON Feed (no object at the top)");
        }
        String version = str(root, "version");
        if (version == null || !VERSION.matcher(version.strip()).matches()) {
            throw new FeedRefusedException("response is JSON but not a JSON Feed (version is "
                    + (version == null ? "missing" : "'" + cut(version) + "'") + ")");
        }
        JsonNode items = root.get("items");
        if (items == null || !items.isArray()) {
            throw new FeedRefusedException("JSON Feed has no items array");
        }
        List<SyndEntry> entries = new ArrayList<>();
        List<ParsedFeed.EntryHints> hints = new ArrayList<>();
        for (JsonNode item : items) {
            if (!item.isObject()) {
                continue;
            }
            SyndEntryImpl entry = new SyndEntryImpl();
            String url = str(item, "url") != null ? str(item, "url") : str(item, "external_url");
            entry.setLink(url);
            entry.setUri(str(item, "id"));
            entry.setTitle(str(item, "title"));
            String summary = str(item, "summary");
            if (summary != null) {
                entry.setDescription(content("text", summary));
            }
            List<SyndContent> contents = new ArrayList<>();
            if (str(item, "content_html") != null) {
                contents.add(content("html", str(item, "content_html")));
            } else if (str(item, "content_text") != null) {
                contents.add(content("text", str(item, "content_text")));
            }
            entry.setContents(contents);
            String date = str(item, "date_published") != null ? str(item, "date_published") : str(item, "date_modified");
            entries.add(entry);
            hints.add(new ParsedFeed.EntryHints(feedUri, url, date));
        }
        String type = version.strip().replaceAll("/$", "").endsWith("1.1") ? "json_1.1" : "json_1.0";
        return new ParsedFeed(type, str(root, "title"), str(root, "language"), feedUri, entries, hints, charset);
    }

    private static SyndContent content(String type, String value) {
        SyndContentImpl c = new SyndContentImpl();
        c.setType(type);
        c.setValue(value);
        return c;
    }

    /** A string member, or null when it is missing, not a string or blank. */
    private static String str(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "syntax error";
        }
        return cut(s.lines().findFirst().orElse(s));
    }

    private static String cut(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
