package org.countersight.ingest.parse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rometools.rome.feed.synd.SyndContent;
import com.rometools.rome.feed.synd.SyndContentImpl;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndEntryImpl;

import java.io.IOException;
import java.net.URI;
import java.util.Comparator;
import java.util.PriorityQueue;
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

    private final int maxItems;

    JsonFeedParser(int maxItems) {
        this.maxItems = maxItems;
    }

    /** The top-level members, with {@code items} holding the newest {@code maxItems} items only. */
    private record Read(ObjectNode root, int itemsInDocument) {
    }

    ParsedFeed parse(String text, URI feedUri, String charset) throws FeedRefusedException {
        Read read;
        try {
            read = read(text);
        } catch (JacksonException e) {
            throw new FeedRefusedException("JSON Feed is not well-formed JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new FeedRefusedException("JSON Feed cannot be read: " + firstLine(e.getMessage()));
        }
        if (read == null) {
            throw new FeedRefusedException("response is JSON but not a JSON Feed (no object at the top)");
        }
        ObjectNode root = read.root();
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
        return new ParsedFeed(type, str(root, "title"), str(root, "language"), feedUri, entries, hints, charset, null,
                Math.max(read.itemsInDocument(), entries.size()));
    }

    /**
     * Reads the document as a stream, so an {@code items} array of a flood never becomes one tree: each item is
     * read on its own and only the newest {@code maxItems} are kept (by date, undated ones after the dated in
     * document order), as for XML ({@link ItemCap}). Null when the top is not an object.
     */
    private Read read(String text) throws IOException {
        try (JsonParser p = MAPPER.getFactory().createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode root = MAPPER.createObjectNode();
            int count = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (name.equals("items") && value == JsonToken.START_ARRAY) {
                    // min-heap on recency: the head is the oldest item kept
                    PriorityQueue<Ranked> kept = new PriorityQueue<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        if (p.currentToken() == null) {
                            throw new JsonParseException(p, "unexpected end of the items array");
                        }
                        JsonNode item = MAPPER.readTree(p);
                        Ranked r = new Ranked(item, count++);
                        if (kept.size() < maxItems) {
                            kept.add(r);
                        } else if (r.compareTo(kept.peek()) > 0) {
                            kept.poll();
                            kept.add(r);
                        }
                    }
                    List<Ranked> inOrder = new ArrayList<>(kept);
                    inOrder.sort(Comparator.comparingInt(Ranked::position));
                    ArrayNode items = root.putArray("items");
                    inOrder.forEach(k -> items.add(k.item()));
                } else {
                    root.set(name, MAPPER.readTree(p));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new JsonParseException(p, "unexpected content in the top object");
            }
            if (p.nextToken() != null) {
                throw new JsonParseException(p, "unexpected content after the top object");
            }
            return new Read(root, count);
        }
    }

    /** An item with what it is ranked by: its date (dated before undated), then document order (earlier is newer). */
    private record Ranked(JsonNode item, int position, long millis, boolean dated) implements Comparable<Ranked> {
        Ranked(JsonNode item, int position) {
            this(item, position, millisOf(item), millisOf(item) != Long.MIN_VALUE);
        }

        private static long millisOf(JsonNode item) {
            if (item == null || !item.isObject()) {
                return Long.MIN_VALUE;
            }
            String date = str(item, "date_published") != null ? str(item, "date_published") : str(item, "date_modified");
            try {
                LenientDates.Reading r = date == null ? null : LenientDates.read(date, null, null);
                return r == null || r.instant() == null ? Long.MIN_VALUE : r.instant().toEpochMilli();
            } catch (RuntimeException e) {
                return Long.MIN_VALUE;
            }
        }

        /** Greater is newer. */
        @Override
        public int compareTo(Ranked o) {
            if (dated != o.dated) {
                return dated ? 1 : -1;
            }
            if (dated && millis != o.millis) {
                return Long.compare(millis, o.millis);
            }
            return Integer.compare(o.position, position);
        }
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
