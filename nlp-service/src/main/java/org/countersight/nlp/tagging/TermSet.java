package org.countersight.nlp.tagging;

import org.countersight.nlp.text.Tok;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled list of rule terms: multi-word phrases over normalised tokens, "word*" prefixes, automatic
 * plurals, and the special terms @VENDOR, @COUNTRY and @ORGANIZATION that test a sentence's annotations.
 */
public final class TermSet {

    /** One word of a term: exact (plurals allowed) or a prefix. */
    record Word(String text, boolean prefix) {
        boolean matches(String norm) {
            if (prefix) {
                return norm.startsWith(text);
            }
            if (norm.equals(text)) {
                return true;
            }
            int n = text.length();
            if (norm.length() == n + 1 && norm.endsWith("s") && norm.startsWith(text)) {
                return true;
            }
            if (norm.length() == n + 2 && norm.endsWith("es") && norm.startsWith(text)) {
                return true;
            }
            return n > 2 && text.endsWith("y") && norm.equals(text.substring(0, n - 1) + "ies");
        }
    }

    record Term(List<Word> words, String source) {
    }

    /** A term found in a sentence: token range [from, to). */
    public record Match(int from, int to, String term) {
    }

    private final List<Term> terms;
    private final Map<String, List<Term>> exactFirst = new HashMap<>();
    /** Terms whose first word is a prefix ("surveil*"), indexed by the prefix's first two characters. */
    private final Map<String, List<Term>> prefixFirst = new HashMap<>();
    /** Prefix terms whose prefix is shorter than two characters (checked for every token). */
    private final List<Term> shortPrefixFirst = new ArrayList<>();
    final boolean vendor;
    final boolean country;
    final boolean organization;

    TermSet(List<Term> terms, boolean vendor, boolean country, boolean organization) {
        this.terms = terms;
        this.vendor = vendor;
        this.country = country;
        this.organization = organization;
        for (Term t : terms) {
            Word first = t.words().get(0);
            if (first.prefix()) {
                if (first.text().length() >= 2) {
                    prefixFirst.computeIfAbsent(first.text().substring(0, 2), k -> new ArrayList<>()).add(t);
                } else {
                    shortPrefixFirst.add(t);
                }
            } else {
                // index the plural forms too, so lookup stays one hash probe per token
                String w = first.text();
                for (String key : new String[] {w, w + "s", w + "es",
                        w.length() > 2 && w.endsWith("y") ? w.substring(0, w.length() - 1) + "ies" : w}) {
                    List<Term> l = exactFirst.computeIfAbsent(key, k -> new ArrayList<>());
                    if (!l.contains(t)) {
                        l.add(t);
                    }
                }
            }
        }
    }

    /** Token forms a term of this set can start with (each first word and its plurals). */
    Set<String> firstWords() {
        return exactFirst.keySet();
    }

    /** The first two characters of each "word*" first word (tokens are looked up by their first two). */
    Set<String> firstPrefixes() {
        return prefixFirst.keySet();
    }

    /** True when a term starts with a one-character prefix, so any token may start one. */
    boolean anyTokenMayStart() {
        return !shortPrefixFirst.isEmpty();
    }

    public boolean isEmpty() {
        return terms.isEmpty() && !vendor && !country && !organization;
    }

    /** All matches of this set's word terms (longest at each position, non-overlapping). */
    public List<Match> find(List<Tok> toks) {
        return find(toks, everyPosition(toks));
    }

    /**
     * As {@link #find(List)}, trying only the token positions given (ascending): those where a first word of this
     * set's terms is ({@link TermIndex.Starts}), the only places a match can start.
     */
    List<Match> find(List<Tok> toks, int[] starts) {
        List<Match> out = new ArrayList<>();
        int next = 0;
        for (int i : starts) {
            if (i < next) {
                continue;
            }
            Term best = longestAt(toks, i);
            if (best != null) {
                out.add(new Match(i, i + best.words().size(), best.source()));
                next = i + best.words().size();
            }
        }
        return out;
    }

    /** As {@link #anyIn(List)}, trying only the token positions given. */
    boolean anyIn(List<Tok> toks, int[] starts) {
        for (int i : starts) {
            if (anyAt(toks, i)) {
                return true;
            }
        }
        return false;
    }

    /** True when a word term matches somewhere in {@code toks} (as {@code !find(toks).isEmpty()}, stopping at the first). */
    public boolean anyIn(List<Tok> toks) {
        return anyIn(toks, everyPosition(toks));
    }

    private static int[] everyPosition(List<Tok> toks) {
        return java.util.stream.IntStream.range(0, toks.size()).toArray();
    }

    /** True when any term, or a special term, holds in the sentence. */
    public boolean any(Sentence s) {
        // a weak name ("Pegasus", "Predator" unconfirmed) is no evidence of a vendor by itself
        if (vendor && s.vendors().stream().anyMatch(m -> !m.weak())) {
            return true;
        }
        if (country && !s.places().isEmpty()) {
            return true;
        }
        if (organization) {
            for (Tok t : s.toks()) {
                if ("ORGANIZATION".equals(t.ner())) {
                    return true;
                }
            }
        }
        return anyIn(s.toks());
    }

    private boolean anyAt(List<Tok> toks, int i) {
        String norm = toks.get(i).norm();
        List<Term> exact = exactFirst.get(norm);
        if (exact != null) {
            for (Term t : exact) {
                if (matchesAt(toks, i, t)) {
                    return true;
                }
            }
        }
        List<Term> prefixed = norm.length() >= 2 ? prefixFirst.get(norm.substring(0, 2)) : null;
        if (prefixed != null) {
            for (Term t : prefixed) {
                if (matchesAt(toks, i, t)) {
                    return true;
                }
            }
        }
        for (Term t : shortPrefixFirst) {
            if (matchesAt(toks, i, t)) {
                return true;
            }
        }
        return false;
    }

    private Term longestAt(List<Tok> toks, int i) {
        String norm = toks.get(i).norm();
        Term best = null;
        List<Term> exact = exactFirst.get(norm);
        if (exact != null) {
            for (Term t : exact) {
                if ((best == null || t.words().size() > best.words().size()) && matchesAt(toks, i, t)) {
                    best = t;
                }
            }
        }
        List<Term> prefixed = norm.length() >= 2 ? prefixFirst.get(norm.substring(0, 2)) : null;
        if (prefixed != null) {
            for (Term t : prefixed) {
                if ((best == null || t.words().size() > best.words().size()) && matchesAt(toks, i, t)) {
                    best = t;
                }
            }
        }
        for (Term t : shortPrefixFirst) {
            if ((best == null || t.words().size() > best.words().size()) && matchesAt(toks, i, t)) {
                best = t;
            }
        }
        return best;
    }

    private static boolean matchesAt(List<Tok> toks, int i, Term t) {
        List<Word> words = t.words();
        if (i + words.size() > toks.size()) {
            return false;
        }
        for (int k = 0; k < words.size(); k++) {
            if (!words.get(k).matches(toks.get(i + k).norm())) {
                return false;
            }
        }
        return true;
    }
}
