package org.countersight.nlp.gazetteer;

import org.countersight.nlp.gazetteer.VendorDictionary.Name;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds the registry's names in raw text: one pass over the word starts, a first-word lookup (behind a hash filter so
 * most words cost no allocation), then the case rules of the registry header for the whole name.
 */
final class NameScanner {

    /** A name found at [start, end). */
    record Found(Name name, int start, int end) {
    }

    private static final int HASH_MASK = (1 << 14) - 1;

    private final Map<String, List<Name>> byFirstWord;
    private final BitSet firstWordHashes;

    NameScanner(List<Name> names) {
        this.byFirstWord = new HashMap<>();
        for (Name n : names) {
            byFirstWord.computeIfAbsent(n.text().substring(0, wordEnd(n.text(), 0)).toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(n);
        }
        // the longest name that matches at a word wins
        byFirstWord.values().forEach(l -> l.sort(Comparator.comparingInt((Name n) -> n.text().length()).reversed()));
        this.firstWordHashes = new BitSet(HASH_MASK + 1);
        byFirstWord.keySet().forEach(w -> firstWordHashes.set(lowerHash(w, 0, w.length()) & HASH_MASK));
    }

    /** Vendor names in text order, not overlapping (the longest name wins); @not look-alikes skipped. */
    List<Found> scan(String text) {
        List<Found> out = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!Character.isLetterOrDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int j = wordEnd(text, i);
            int next = j;
            List<Name> candidates = mayStartName(text, i, j)
                    ? byFirstWord.get(text.substring(i, j).toLowerCase(Locale.ROOT)) : null;
            if (candidates != null) {
                for (Name name : candidates) {
                    int end = matchAt(text, i, name);
                    if (end > 0) {
                        if (name.vendor() != null) {
                            out.add(new Found(name, i, end));
                        }
                        next = end;
                        break;
                    }
                }
            }
            i = next;
        }
        return out;
    }

    static int wordEnd(String s, int from) {
        int j = from;
        while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) {
            j++;
        }
        return j;
    }

    private boolean mayStartName(String text, int from, int to) {
        return firstWordHashes.get(lowerHash(text, from, to) & HASH_MASK);
    }

    private static int lowerHash(CharSequence s, int from, int to) {
        int h = 0;
        for (int k = from; k < to; k++) {
            h = 31 * h + Character.toLowerCase(s.charAt(k));
        }
        return h ^ (h >>> 16);
    }

    /** End of {@code name} at {@code at} under the case rules of the registry header, or -1. */
    private static int matchAt(String text, int at, Name name) {
        String a = name.text();
        int n = text.length();
        int p = at;
        boolean exact = true;
        boolean textHasLower = false;
        for (int k = 0; k < a.length(); k++) {
            char ac = a.charAt(k);
            if (ac == ' ') {
                if (p >= n || !isSpace(text.charAt(p))) {
                    return -1;
                }
                while (p < n && isSpace(text.charAt(p))) {
                    p++;
                }
                continue;
            }
            if (p >= n) {
                return -1;
            }
            char tc = text.charAt(p);
            if (tc != ac) {
                if (Character.toLowerCase(tc) != Character.toLowerCase(ac)) {
                    return -1;
                }
                exact = false;
            }
            textHasLower |= Character.isLowerCase(tc);
            p++;
        }
        if (!exact) {
            boolean allCapsText = !textHasLower;
            boolean relaxed = !name.capitals() && text.charAt(at) == a.charAt(0);
            if (!allCapsText && !relaxed) {
                return -1;
            }
        }
        if (name.product() != null && p < n && text.charAt(p) == 's' && Character.isLetter(a.charAt(a.length() - 1))
                && (p + 1 >= n || !Character.isLetterOrDigit(text.charAt(p + 1)))) {
            p++;
        }
        if (p < n && (Character.isLetterOrDigit(text.charAt(p)) || text.charAt(p) == '+')) {
            return -1;
        }
        return p;
    }

    private static boolean isSpace(char c) {
        return Character.isWhitespace(c) || c == '\u00A0';
    }
}
