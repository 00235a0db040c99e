package org.countersight.ingest.parse;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.FeedException;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.XmlReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Parses RSS 0.9x/1.0 (RDF)/2.0 and Atom with Rome. Hostile input is refused before Rome sees it: the
 * prolog is scanned and any DOCTYPE refused (no DTD, so no entity can be declared: no billion laughs, no
 * quadratic blow-up, no XXE), and Rome's own {@code allowDoctypes=false} (the SAX feature
 * {@code disallow-doctype-decl}) is the second line. HTML pages are recognised and named as such.
 * The character encoding comes from the HTTP Content-Type, the BOM and the XML declaration (Rome's XmlReader,
 * lenient).
 */
public final class FeedParser {

    public ParsedFeed parse(byte[] body, String contentType, URI feedUri) throws FeedRefusedException {
        if (body == null || body.length == 0) {
            throw new FeedRefusedException("response is empty, not a feed");
        }
        String text = decode(body, contentType);
        checkProlog(text, contentType);
        SyndFeedInput input = new SyndFeedInput();
        input.setAllowDoctypes(false);
        input.setXmlHealerOn(true);
        SyndFeed feed;
        try {
            feed = input.build(new StringReader(text));
        } catch (IllegalArgumentException e) {
            throw new FeedRefusedException("XML is not an RSS, RDF or Atom feed" + detail(e));
        } catch (FeedException e) {
            String all = allMessages(e);
            if (all.contains("DOCTYPE")) {
                throw new FeedRefusedException(FeedRefusedException.DTD_REFUSED);
            }
            throw new FeedRefusedException("feed is not well-formed XML" + detail(rootCause(e)));
        } catch (RuntimeException e) {
            throw new FeedRefusedException("feed cannot be parsed" + detail(rootCause(e)));
        }
        List<com.rometools.rome.feed.synd.SyndEntry> entries = feed.getEntries() == null ? List.of() : feed.getEntries();
        return new ParsedFeed(feed.getFeedType(), feed.getTitle(), feed.getLanguage(), feedUri, entries);
    }

    private static String decode(byte[] body, String contentType) throws FeedRefusedException {
        try (Reader reader = new XmlReader(new ByteArrayInputStream(body), contentType, true)) {
            StringBuilder out = new StringBuilder(body.length);
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                out.append(buffer, 0, n);
            }
            return out.toString();
        } catch (IOException e) {
            throw new FeedRefusedException("cannot decode the feed's characters: " + e.getMessage());
        }
    }

    /**
     * Looks at what comes before the root element: XML declaration, processing instructions, comments,
     * whitespace. A DOCTYPE there is refused (an HTML one is reported as HTML); a root {@code <html>} is HTML.
     */
    static void checkProlog(String text, String contentType) throws FeedRefusedException {
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\uFEFF' || Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c != '<') {
                throw new FeedRefusedException(notMarkup(text.substring(i), contentType));
            }
            if (text.startsWith("<?", i)) {
                int end = text.indexOf("?>", i + 2);
                if (end < 0) {
                    throw new FeedRefusedException("feed is not well-formed XML: unterminated processing instruction");
                }
                i = end + 2;
            } else if (text.startsWith("<!--", i)) {
                int end = text.indexOf("-->", i + 4);
                if (end < 0) {
                    throw new FeedRefusedException("feed is not well-formed XML: unterminated comment");
                }
                i = end + 3;
            } else if (text.regionMatches(true, i, "<!DOCTYPE", 0, 9)) {
                String rest = text.substring(i + 9, Math.min(n, i + 9 + 40)).stripLeading().toLowerCase(Locale.ROOT);
                if (rest.startsWith("html")) {
                    throw new FeedRefusedException(FeedRefusedException.HTML);
                }
                throw new FeedRefusedException(FeedRefusedException.DTD_REFUSED);
            } else if (text.startsWith("<!", i)) {
                throw new FeedRefusedException("feed is not well-formed XML: unexpected markup before the root element");
            } else {
                String root = text.substring(i + 1, Math.min(n, i + 12)).toLowerCase(Locale.ROOT);
                if (root.startsWith("html") || root.startsWith("head") || root.startsWith("body")) {
                    throw new FeedRefusedException(FeedRefusedException.HTML);
                }
                return;
            }
        }
        throw new FeedRefusedException("response has no XML element, not a feed");
    }

    private static String notMarkup(String rest, String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.contains("html")) {
            return FeedRefusedException.HTML;
        }
        if (rest.startsWith("{") || rest.startsWith("[") || type.contains("json")) {
            return "response is JSON, not an RSS or Atom feed (JSON Feed is not supported yet)";
        }
        return "response is not XML, not a feed";
    }

    private static Throwable rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    private static String allMessages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append(' ');
        }
        return sb.toString();
    }

    private static String detail(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            return "";
        }
        m = m.strip();
        return ": " + (m.length() > 200 ? m.substring(0, 200) + "…" : m);
    }
}
