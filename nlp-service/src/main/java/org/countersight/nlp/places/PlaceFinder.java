package org.countersight.nlp.places;

import java.util.List;

import static org.countersight.nlp.places.NameEvidence.dateline;
import static org.countersight.nlp.places.NameEvidence.evidence;
import static org.countersight.nlp.places.NameEvidence.isTitle;
import static org.countersight.nlp.places.NameEvidence.matchesAt;
import static org.countersight.nlp.places.NameToken.mostlyCaps;
import static org.countersight.nlp.places.PlaceWords.CALENDAR;
import static org.countersight.nlp.places.PlaceWords.JOINERS;

/**
 * Finds the gazetteer's names in a text with the evidence around each (see {@link PlaceResolver} for the rules):
 * capitalised runs of Latin words, the US agency convention, runs of Han characters.
 */
final class PlaceFinder {

    private final PlaceIndex index;

    PlaceFinder(PlaceIndex index) {
        this.index = index;
    }

    void findLatin(String text, List<NameToken> tokens, List<int[]> excluded, List<PlaceCandidate> out) {
        int n = tokens.size();
        int maxTokens = index.maxTokens();
        boolean shouting = mostlyCaps(tokens);
        PlaceCandidate[] byToken = new PlaceCandidate[n];
        int i = 0;
        while (i < n) {
            NameToken first = tokens.get(i);
            if (!first.capitalised || excluded(excluded, first.start, first.end) || isTitle(tokens, i)) {
                i++;
                continue;
            }
            int matched = 0;
            int[] entries = null;
            // the longest run of joinable words, then the longest gazetteer name within it
            int last = i;
            while (last + 1 < n && last + 1 - i < maxTokens && tokens.get(last + 1).gapBefore == 0
                    && !tokens.get(last).possessive
                    && (tokens.get(last + 1).capitalised || JOINERS.contains(tokens.get(last + 1).key))) {
                last++;
            }
            StringBuilder key = new StringBuilder();
            for (int j = last; j >= i; j--) {
                if (!tokens.get(j).capitalised) {
                    continue;
                }
                key.setLength(0);
                for (int k = i; k <= j; k++) {
                    if (k > i) {
                        key.append(' ');
                    }
                    key.append(tokens.get(k).key);
                }
                if (key.length() < 3) {
                    continue;
                }
                entries = index.entries(key.toString());
                if (entries != null) {
                    matched = j - i + 1;
                    break;
                }
            }
            if (entries == null) {
                i++;
                continue;
            }
            NameToken lastToken = tokens.get(i + matched - 1);
            if (excluded(excluded, first.start, lastToken.end)) {
                i += matched;
                continue;
            }
            PlaceCandidate c = new PlaceCandidate(first.start, lastToken.end, text.substring(first.start, lastToken.end), entries);
            for (int e : entries) {
                c.common |= (e & PlaceIndex.COMMON) != 0;
            }
            // short names ("Aba", "Ain") and, in ordinary text, ALL-CAPS words ("ICE", "BARD") are more often
            // acronyms than places: they need support like ordinary words
            String matchedKey = key.toString();
            c.common |= matchedKey.length() <= 3;
            c.common |= !shouting && matched == 1 && first.allCaps;
            c.calendar = CALENDAR.contains(matchedKey);
            evidence(tokens, i, i + matched, c);
            if (dateline(text, tokens, i, lastToken)) {
                c.preposition = true;
            }
            // "Tega Cay Police Department": the place word is the tail of a longer name; the US agency rule
            // below takes the whole name. An ordinary word inside a longer name ("Grand Mobile") is no place.
            boolean tailOfName = i > 0 && first.gapBefore == 0 && tokens.get(i - 1).capitalised
                    && !tokens.get(i - 1).key.equals("the") && !tokens.get(i - 1).possessive;
            if (tailOfName && (c.usAgency || c.common)) {
                i += matched;
                continue;
            }
            // "Republic of ...", "Bank of ...": the word heads a longer name that is not a place
            int next = i + matched;
            if (c.common && next + 1 < n && tokens.get(next).key.equals("of") && tokens.get(next + 1).capitalised) {
                i = next;
                continue;
            }
            for (int k = i; k < i + matched; k++) {
                byToken[k] = c;
            }
            out.add(c);
            i += matched;
        }
        findUsAgencies(text, tokens, excluded, out, byToken);
        out.removeIf(c -> c.dropped);
    }

    /**
     * US convention rule (see the class comment): "&lt;Name&gt; Police Department", "&lt;Name&gt; County Sheriff's
     * Office" and "&lt;Name&gt; Sheriff's Office/Department" where the name is not in the gazetteer.
     */
    private static void findUsAgencies(String text, List<NameToken> tokens, List<int[]> excluded, List<PlaceCandidate> out,
                                       PlaceCandidate[] byToken) {
        int n = tokens.size();
        for (int i = 1; i < n; i++) {
            int nameEnd; // token index after the name
            boolean sheriff;
            if (matchesAt(tokens, i, List.of("police", "department")) && tokens.get(i).capitalised) {
                nameEnd = i;
                sheriff = false;
            } else if ((matchesAt(tokens, i, List.of("county", "sheriff's")) || matchesAt(tokens, i, List.of("county", "sheriff")))
                    && tokens.get(i).capitalised) {
                nameEnd = i;
                sheriff = true;
            } else if ((matchesAt(tokens, i, List.of("sheriff's", "office")) || matchesAt(tokens, i, List.of("sheriff's", "department")))
                    && tokens.get(i).capitalised) {
                nameEnd = i;
                sheriff = true;
            } else {
                continue;
            }
            int nameStart = nameEnd;
            while (nameStart - 1 >= 0 && nameEnd - nameStart < 4 && tokens.get(nameStart - 1).capitalised
                    && !tokens.get(nameStart - 1).possessive
                    && tokens.get(nameStart).start - tokens.get(nameStart - 1).end <= 2
                    && !tokens.get(nameStart - 1).key.equals("the")) {
                nameStart--;
            }
            if (nameStart == nameEnd) {
                continue;
            }
            int start = tokens.get(nameStart).start, end = tokens.get(nameEnd - 1).end;
            PlaceCandidate placeBefore = byToken[nameEnd - 1];
            if (excluded(excluded, start, end) || placeBefore != null && !placeBefore.dropped && placeBefore.end == end) {
                continue; // a place found just before the agency words resolves itself (with the rule's bias)
            }
            // words of the agency's name found as places on their own ("Marlow" in "Marlow Cay") give way to it
            for (int k = nameStart; k < nameEnd; k++) {
                if (byToken[k] != null) {
                    byToken[k].dropped = true;
                }
            }
            PlaceCandidate c = new PlaceCandidate(start, end, text.substring(start, end), new int[0]);
            c.usAgency = true;
            c.sheriff = sheriff;
            c.agency = true;
            out.add(c);
        }
    }

    void findHan(String text, List<int[]> excluded, List<PlaceCandidate> out) {
        int max = index.maxHanChars();
        if (max < 2) {
            return;
        }
        int n = text.length(), i = 0;
        while (i < n) {
            if (!PlaceIndex.isHan(text.charAt(i))) {
                i++;
                continue;
            }
            int runEnd = i;
            while (runEnd < n && PlaceIndex.isHan(text.charAt(runEnd))) {
                runEnd++;
            }
            while (i < runEnd - 1) {
                int matched = 0;
                int[] entries = null;
                for (int len = Math.min(max, runEnd - i); len >= 2; len--) {
                    entries = index.entries(text.substring(i, i + len));
                    if (entries != null) {
                        matched = len;
                        break;
                    }
                }
                if (entries != null && !excluded(excluded, i, i + matched)) {
                    out.add(new PlaceCandidate(i, i + matched, text.substring(i, i + matched), entries));
                    i += matched;
                } else {
                    i++;
                }
            }
            i = runEnd;
        }
    }

    private static boolean excluded(List<int[]> spans, int start, int end) {
        for (int[] s : spans) {
            if (s != null && s.length >= 2 && s[0] < end && start < s[1]) {
                return true;
            }
        }
        return false;
    }
}
