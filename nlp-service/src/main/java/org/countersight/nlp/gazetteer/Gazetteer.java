package org.countersight.nlp.gazetteer;

import org.countersight.nlp.text.Tok;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Country names, short names, demonyms, capitals and big cities mapped to ISO 3166-1 alpha-2, from our own
 * resource {@code gazetteer/countries.tsv}. Replaces CoreNLP's fine-grained COUNTRY/CITY/NATIONALITY labels,
 * which are slow and wrong in places (docs/DESIGN.md).
 */
public final class Gazetteer {

    public static final String RESOURCE = "gazetteer/countries.tsv";
    /** Code of names that must not resolve to any country ("Gulf of Guinea"). */
    public static final String NONE = "-";

    /** Words before an ambiguous name that show it is a place ("in Georgia", "from Chad"). */
    private static final Set<String> PLACE_PREPOSITIONS = Set.of("in", "from", "to", "into", "across", "near",
            "throughout", "visited", "visit", "neighbouring", "neighboring", "inside", "within", "outside", "of",
            "for", "against", "with", "between", "and", "toward", "towards", "via", "around");
    /** Words in an article that make "Georgia" the US state. */
    private static final Set<String> US_GEORGIA_CONTEXT = Set.of("atlanta", "savannah", "u.s.", "county",
            "governor", "kemp", "gop", "republican", "republicans", "democrat", "democrats", "peach", "alabama",
            "florida", "carolina", "tennessee", "augusta", "macon", "fulton");

    public record Entry(List<String> words, String code, String name, boolean ambiguous, boolean demonym) {
    }

    /** One place found in text: token range [from, to), character offsets, and how it was written. */
    public record Hit(String code, String name, int from, int to, int start, int end, boolean demonym) {
    }

    private final Map<String, List<Entry>> byFirstWord = new HashMap<>();
    private final Map<String, Entry> byName = new HashMap<>();
    private final Map<String, String> countryNames = new HashMap<>();

    private Gazetteer() {
    }

    public static Gazetteer load() {
        Gazetteer g = new Gazetteer();
        for (String[] cols : TsvResource.rows(RESOURCE, 2, Integer.MAX_VALUE, "gazetteer")) {
            String code = cols[0].trim();
            boolean first = true;
            for (String raw : cols[1].split("\\|")) {
                boolean ambiguous = raw.startsWith("?");
                boolean demonym = raw.startsWith("~");
                String name = raw.replaceFirst("^[?~]", "").trim();
                if (name.isEmpty()) {
                    continue;
                }
                Entry e = new Entry(Tok.words(name), code, name, ambiguous, demonym);
                g.byFirstWord.computeIfAbsent(e.words().get(0), k -> new ArrayList<>()).add(e);
                g.byName.put(String.join(" ", e.words()), e);
                if (first && !NONE.equals(code)) {
                    g.countryNames.put(code, name);
                    first = false;
                }
            }
        }
        // Longest names first so "Papua New Guinea" wins over "Guinea".
        g.byFirstWord.values().forEach(l -> l.sort((a, b) -> b.words().size() - a.words().size()));
        return g;
    }

    /** The English short name of a code, for display. */
    public String countryName(String code) {
        return countryNames.get(code);
    }

    public int size() {
        return countryNames.size();
    }

    /** Looks up a whole name (a dateline place), ambiguous names included; null when unknown. */
    public String lookup(String name) {
        Entry e = byName.get(String.join(" ", Tok.words(name)));
        return e == null || NONE.equals(e.code()) ? null : e.code();
    }

    /**
     * Finds places in one sentence. Names must be capitalised (or ALL CAPS); PERSON mentions are skipped;
     * ambiguous names need CoreNLP's LOCATION label or a place preposition before them.
     */
    public List<Hit> find(List<Tok> toks, String articleLower) {
        List<Hit> hits = new ArrayList<>();
        int i = 0;
        while (i < toks.size()) {
            Tok t = toks.get(i);
            List<Entry> candidates = t.capitalised() ? byFirstWord.get(t.norm()) : null;
            Entry matched = null;
            if (candidates != null) {
                for (Entry e : candidates) {
                    if (matches(toks, i, e.words())) {
                        matched = e;
                        break;
                    }
                }
            }
            if (matched == null) {
                i++;
                continue;
            }
            int to = i + matched.words().size();
            if (!NONE.equals(matched.code()) && accept(toks, i, matched)) {
                String code = matched.code();
                if ("GE".equals(code) && !matched.demonym() && usGeorgia(articleLower)) {
                    code = "US";
                }
                hits.add(new Hit(code, matched.name(), i, to, t.start(), toks.get(to - 1).end(), matched.demonym()));
            }
            i = to;
        }
        return hits;
    }

    private static boolean matches(List<Tok> toks, int i, List<String> words) {
        if (i + words.size() > toks.size()) {
            return false;
        }
        for (int k = 0; k < words.size(); k++) {
            if (!toks.get(i + k).norm().equals(words.get(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean accept(List<Tok> toks, int i, Entry e) {
        Tok t = toks.get(i);
        if ("PERSON".equals(t.ner()) && (e.ambiguous() || e.words().size() == 1)) {
            // "Chad Smith", "Jordan Peterson", "Paris Hilton", "Georgia May"
            return false;
        }
        if (!e.ambiguous()) {
            return true;
        }
        if ("LOCATION".equals(t.ner()) || t.allCaps()) {
            return true;
        }
        return i > 0 && PLACE_PREPOSITIONS.contains(toks.get(i - 1).norm());
    }

    private static boolean usGeorgia(String articleLower) {
        for (String w : US_GEORGIA_CONTEXT) {
            if (articleLower.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
