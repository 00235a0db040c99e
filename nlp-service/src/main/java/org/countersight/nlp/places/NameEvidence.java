package org.countersight.nlp.places;

import java.util.List;

import static org.countersight.nlp.places.PlaceWords.AGENCIES;
import static org.countersight.nlp.places.PlaceWords.KIND_WORDS;
import static org.countersight.nlp.places.PlaceWords.OF_HEADS;
import static org.countersight.nlp.places.PlaceWords.PLACE_PREPOSITIONS;
import static org.countersight.nlp.places.PlaceWords.STRONG_PREPOSITIONS;
import static org.countersight.nlp.places.PlaceWords.TITLES;

/** What the words around a name say about it: a title before (a person), a preposition, kind word or agency. */
final class NameEvidence {

    private NameEvidence() {
    }

    static boolean isTitle(List<NameToken> tokens, int i) {
        if (i == 0 || tokens.get(i).gapBefore != 0 && tokens.get(i).start - tokens.get(i - 1).end > 3) {
            return false;
        }
        return TITLES.contains(tokens.get(i - 1).key);
    }

    /**
     * "HARARE — ...", "TOBRUK, Libya (Reuters) -": an ALL-CAPS name opening the text or a line, followed by a dash,
     * comma or colon, is a dateline, which names a place.
     */
    static boolean dateline(String text, List<NameToken> tokens, int first, NameToken last) {
        if (!tokens.get(first).allCaps || !last.allCaps) {
            return false;
        }
        int before = tokens.get(first).start - 1;
        while (before >= 0 && (text.charAt(before) == ' ' || text.charAt(before) == '\t')) {
            before--;
        }
        if (before >= 0 && text.charAt(before) != '\n' && text.charAt(before) != '\r') {
            return false;
        }
        int after = last.end;
        while (after < text.length() && text.charAt(after) == ' ') {
            after++;
        }
        if (after >= text.length()) {
            return false;
        }
        char c = text.charAt(after);
        return c == ',' || c == ':' || c == '-' || c == '—' || c == '–' || c == '(';
    }

    /** Preposition before, kind word or agency after the name in tokens [from, to). */
    static void evidence(List<NameToken> tokens, int from, int to, PlaceCandidate c) {
        if (from > 0) {
            String before = tokens.get(from - 1).key;
            boolean near = tokens.get(from).start - tokens.get(from - 1).end <= 2;
            if (near && PLACE_PREPOSITIONS.contains(before)) {
                c.preposition = !c.common || STRONG_PREPOSITIONS.contains(before)
                        || before.equals("of") && from > 1 && OF_HEADS.contains(tokens.get(from - 2).key);
            } else if (near && before.equals("the") && from > 1 && PLACE_PREPOSITIONS.contains(tokens.get(from - 2).key)
                    && !c.common) {
                // "in the Punjab" is a place; "at the Police station", "in the Union" are not: an ordinary word
                // needs the preposition right before it
                c.preposition = true;
            }
        }
        if (to < tokens.size() && tokens.get(to).start - tokens.get(to - 1).end <= 2 && !tokens.get(to - 1).possessive) {
            String after = tokens.get(to).key;
            if (KIND_WORDS.containsKey(after)) {
                c.kindWord = after;
            }
            for (List<String> agency : AGENCIES) {
                if (matchesAt(tokens, to, agency)) {
                    c.agency = true;
                    break;
                }
            }
            int k = to;
            if (after.equals("county") || after.equals("city")) {
                k++;
            }
            if (matchesAt(tokens, k, List.of("police", "department"))) {
                c.usAgency = true;
            }
            if (matchesAt(tokens, k, List.of("sheriff's")) || matchesAt(tokens, k, List.of("sheriff"))) {
                c.usAgency = true;
                c.sheriff = true;
            }
        }
    }

    static boolean matchesAt(List<NameToken> tokens, int at, List<String> words) {
        if (at + words.size() > tokens.size()) {
            return false;
        }
        for (int k = 0; k < words.size(); k++) {
            NameToken t = tokens.get(at + k);
            String w = words.get(k);
            String key = t.possessive ? t.key + "'s" : t.key;
            if (!key.equals(w)) {
                return false;
            }
            if (k > 0 && t.start - tokens.get(at + k - 1).end > 2) {
                return false;
            }
        }
        return true;
    }
}
