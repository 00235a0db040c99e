package org.countersight.ingest.parse;

import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Set;

/**
 * Keeps an XML feed document to at most {@code max} items before it is parsed into a tree. The byte cap limits a
 * body to 10 MB, but 10 MB of {@code <item><guid>N</guid></item>} is some 300,000 items, and JDOM plus Rome hold
 * about 200 MB for them. One linear scan (no tree: a few ints per item) finds the items ({@code item} or
 * {@code entry} elements near the root, not nested in another item) and the first date written in each; when
 * there are more than {@code max}, the text is rebuilt with the newest {@code max} of them (by date; undated items
 * after the dated ones, in document order, as feeds list their newest first) and everything before the first and
 * after the last item. Comments, CDATA sections and processing instructions are skipped; the scan is tolerant of
 * broken XML (the parser decides about that afterwards).
 */
final class ItemCap {

    private static final Set<String> ITEMS = Set.of("item", "entry");
    private static final Set<String> DATES = Set.of("pubDate", "published", "issued", "date", "created", "updated",
            "modified");
    /** Items sit at depth 1 (Atom entry, RDF item, RSS item under rss) or 2 (RSS item under channel). */
    private static final int MAX_ITEM_DEPTH = 2;
    private static final int NO_DATE = -1;

    /** @param itemsInDocument items found in the document; {@code text} holds at most the cap of them */
    record Capped(String text, int itemsInDocument) {
    }

    private ItemCap() {
    }

    static Capped apply(String text, int max) {
        Scan scan = new Scan();
        scan.run(text);
        if (scan.count <= max) {
            return new Capped(text, scan.count);
        }
        Integer[] order = new Integer[scan.count];
        long[] keys = new long[scan.count];
        boolean[] dated = new boolean[scan.count];
        for (int i = 0; i < scan.count; i++) {
            order[i] = i;
            Instant at = scan.dateStart[i] == NO_DATE ? null : dateOf(text.substring(scan.dateStart[i], scan.dateEnd[i]));
            dated[i] = at != null;
            keys[i] = at == null ? 0 : at.toEpochMilli();
        }
        Comparator<Integer> newestFirst = (a, b) -> {
            if (dated[a] != dated[b]) {
                return dated[a] ? -1 : 1;
            }
            if (dated[a] && keys[a] != keys[b]) {
                return Long.compare(keys[b], keys[a]);
            }
            return Integer.compare(a, b);
        };
        Arrays.sort(order, newestFirst);
        int[] kept = new int[max];
        for (int i = 0; i < max; i++) {
            kept[i] = order[i];
        }
        Arrays.sort(kept); // back into document order
        int first = scan.start[0];
        int lastEnd = scan.end[scan.count - 1];
        StringBuilder out = new StringBuilder(first + (text.length() - lastEnd) + max * 256);
        out.append(text, 0, first);
        for (int k : kept) {
            out.append(text, scan.start[k], scan.end[k]).append('\n');
        }
        out.append(text, lastEnd, text.length());
        return new Capped(out.toString(), scan.count);
    }

    private static Instant dateOf(String raw) {
        try {
            LenientDates.Reading r = LenientDates.read(raw.strip(), null, null);
            return r == null ? null : r.instant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The item spans and date spans of a document, as parallel int arrays. */
    private static final class Scan {
        int count;
        int[] start = new int[64];
        int[] end = new int[64];
        int[] dateStart = new int[64];
        int[] dateEnd = new int[64];

        void run(String t) {
            int n = t.length();
            int depth = 0;
            int itemDepth = -1; // depth of the open item's element, -1 when outside an item
            int i = t.indexOf('<');
            while (i >= 0 && i < n) {
                if (t.startsWith("<!--", i)) {
                    i = after(t, "-->", i + 4);
                } else if (t.startsWith("<![CDATA[", i)) {
                    i = after(t, "]]>", i + 9);
                } else if (t.startsWith("<?", i)) {
                    i = after(t, "?>", i + 2);
                } else if (t.startsWith("<!", i)) {
                    i = after(t, ">", i + 2);
                } else if (t.startsWith("</", i)) {
                    int close = after(t, ">", i + 2);
                    depth = Math.max(0, depth - 1);
                    if (itemDepth >= 0 && depth == itemDepth) {
                        end[count - 1] = Math.min(close, n);
                        itemDepth = -1;
                    }
                    i = close;
                } else {
                    int nameEnd = i + 1;
                    while (nameEnd < n && !isNameEnd(t.charAt(nameEnd))) {
                        nameEnd++;
                    }
                    int tagEnd = tagEnd(t, nameEnd);
                    boolean selfClosing = tagEnd >= 2 && t.charAt(tagEnd - 1) == '>' && t.charAt(tagEnd - 2) == '/';
                    String local = localName(t, i + 1, nameEnd);
                    if (itemDepth < 0 && depth <= MAX_ITEM_DEPTH && ITEMS.contains(local)) {
                        add(i);
                        if (selfClosing) {
                            end[count - 1] = Math.min(tagEnd, n);
                        } else {
                            itemDepth = depth;
                        }
                    } else if (itemDepth >= 0 && depth == itemDepth + 1 && !selfClosing
                            && dateStart[count - 1] == NO_DATE && DATES.contains(local)) {
                        int textEnd = t.indexOf('<', tagEnd);
                        textEnd = textEnd < 0 ? n : textEnd;
                        if (textEnd - tagEnd <= 200) {
                            dateStart[count - 1] = Math.min(tagEnd, n);
                            dateEnd[count - 1] = textEnd;
                        }
                    }
                    if (!selfClosing) {
                        depth++;
                    }
                    i = tagEnd;
                }
                if (i >= n) {
                    break;
                }
                i = t.indexOf('<', i);
            }
            if (itemDepth >= 0) {
                end[count - 1] = n; // an item left open runs to the end
            }
        }

        private void add(int at) {
            if (count == start.length) {
                int size = count * 2;
                start = Arrays.copyOf(start, size);
                end = Arrays.copyOf(end, size);
                dateStart = Arrays.copyOf(dateStart, size);
                dateEnd = Arrays.copyOf(dateEnd, size);
            }
            start[count] = at;
            end[count] = at;
            dateStart[count] = NO_DATE;
            dateEnd[count] = NO_DATE;
            count++;
        }

        private static boolean isNameEnd(char c) {
            return c == '>' || c == '/' || c == '<' || Character.isWhitespace(c);
        }

        /** The index just after the '>' ending a start tag whose name ends at {@code from}; quotes respected. */
        private static int tagEnd(String t, int from) {
            int n = t.length();
            char quote = 0;
            for (int i = from; i < n; i++) {
                char c = t.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    return i + 1;
                } else if (c == '<') {
                    return i; // a broken tag: the next markup starts here
                }
            }
            return n;
        }

        private static String localName(String t, int from, int to) {
            int s = from;
            for (int i = from; i < to; i++) {
                if (t.charAt(i) == ':') {
                    s = i + 1;
                }
            }
            return to - s > 10 ? "" : t.substring(s, to);
        }

        private static int after(String t, String end, int from) {
            int at = t.indexOf(end, from);
            return at < 0 ? t.length() : at + end.length();
        }
    }
}
