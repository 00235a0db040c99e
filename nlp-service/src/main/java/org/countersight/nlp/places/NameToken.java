package org.countersight.nlp.places;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A word of a text as the place finder sees it; gapBefore: 0 joinable to the previous word, 1 not. */
final class NameToken {

    final int start, end;
    final String key;
    final boolean capitalised, possessive, allCaps;
    final int gapBefore;

    NameToken(int start, int end, String key, boolean capitalised, boolean possessive, int gapBefore, boolean allCaps) {
        this.start = start;
        this.end = end;
        this.key = key;
        this.capitalised = capitalised;
        this.possessive = possessive;
        this.gapBefore = gapBefore;
        this.allCaps = allCaps;
    }

    /** Words of letters and digits, with inner apostrophes; gapBefore: 0 joinable to the previous word, 1 not. */
    static List<NameToken> tokenize(String text) {
        List<NameToken> tokens = new ArrayList<>();
        int n = text.length(), i = 0, lastEnd = -1;
        while (i < n) {
            char c = text.charAt(i);
            if (!Character.isLetterOrDigit(c) || PlaceIndex.isHan(c)) {
                i++;
                continue;
            }
            int start = i;
            while (i < n) {
                char d = text.charAt(i);
                if ((Character.isLetterOrDigit(d) && !PlaceIndex.isHan(d)) || Character.getType(d) == Character.NON_SPACING_MARK) {
                    i++;
                } else if ((d == '\'' || d == '’') && i + 1 < n && Character.isLetter(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            int end = i;
            boolean possessive = end - start > 2 && (text.charAt(end - 2) == '\'' || text.charAt(end - 2) == '’')
                    && (text.charAt(end - 1) == 's' || text.charAt(end - 1) == 'S');
            int keyEnd = possessive ? end - 2 : end;
            String word = text.substring(start, keyEnd);
            boolean capitalised = Character.isUpperCase(word.codePointAt(0)) && !acronymPlural(word);
            boolean allCaps = word.length() > 1 && word.equals(word.toUpperCase(Locale.ROOT));
            int gap = lastEnd < 0 || !joinable(text, lastEnd, start) ? 1 : 0;
            tokens.add(new NameToken(start, keyEnd, PlaceIndex.key(word), capitalised, possessive, gap, allCaps));
            lastEnd = end;
        }
        return tokens;
    }

    /** "URBs", "NGOs": an acronym's plural, not a name. */
    static boolean acronymPlural(String word) {
        int upper = 0;
        while (upper < word.length() && Character.isUpperCase(word.charAt(upper))) {
            upper++;
        }
        return upper >= 2 && upper < word.length() && word.length() - upper <= 2;
    }

    /** Whether most capitalised words of the text are ALL CAPS (a headline or a shouting text). */
    static boolean mostlyCaps(List<NameToken> tokens) {
        int caps = 0, letters = 0;
        for (NameToken t : tokens) {
            if (t.key.length() > 1) {
                letters++;
                if (t.allCaps) {
                    caps++;
                }
            }
        }
        return letters > 0 && caps * 2 > letters;
    }

    /** Whether the chars between two words can sit inside one name: a space, a hyphen, a dot and a space. */
    static boolean joinable(String text, int from, int to) {
        if (to - from > 2 || to == from) {
            return to - from == 0;
        }
        String gap = text.substring(from, to);
        return gap.equals(" ") || gap.equals("-") || gap.equals(". ") || gap.equals("\u00a0") || gap.equals("–");
    }
}
