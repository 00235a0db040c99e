package org.countersight.ingest.parse;

import java.util.Locale;

/**
 * The check of what comes before the root element (XML declaration, processing instructions, comments,
 * whitespace), made before any parser sees the text: a DOCTYPE there is refused (an HTML one is reported as HTML),
 * a root {@code <html>} is HTML, and text that is no markup at all is named for what it is (HTML, JSON, not XML).
 */
final class FeedProlog {

    private FeedProlog() {
    }

    /** Returns when the prolog is acceptable; otherwise refuses with the reason a person can act on. */
    static void check(String text, String contentType) throws FeedRefusedException {
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
        if (rest.startsWith("[") || type.contains("json")) {
            return "response is JSON but not a JSON Feed";
        }
        return "response is not XML, not a feed";
    }
}
