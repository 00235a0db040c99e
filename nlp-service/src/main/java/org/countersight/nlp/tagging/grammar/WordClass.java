package org.countersight.nlp.tagging.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A named list of phrases, indexed by the lemma of their first word. */
final class WordClass {
    final String name;
    final List<List<Word>> phrases = new ArrayList<>();
    final Map<String, List<List<Word>>> byFirst = new HashMap<>();
    final List<List<Word>> prefixFirst = new ArrayList<>();

    WordClass(String name) {
        this.name = name;
    }

    void add(List<Word> phrase) {
        phrases.add(phrase);
        if (phrase.get(0).prefix()) {
            prefixFirst.add(phrase);
        } else {
            byFirst.computeIfAbsent(phrase.get(0).lemma(), k -> new ArrayList<>()).add(phrase);
        }
    }

    /** Longest phrase starting at each token: token ranges [from, to). */
    List<int[]> find(String[] lemmas) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < lemmas.length; i++) {
            int best = -1;
            for (List<Word> p : byFirst.getOrDefault(lemmas[i], List.of())) {
                best = Math.max(best, matchAt(p, lemmas, i));
            }
            for (List<Word> p : prefixFirst) {
                best = Math.max(best, matchAt(p, lemmas, i));
            }
            if (best > i) {
                out.add(new int[] {i, best});
            }
        }
        return out;
    }

    static int matchAt(List<Word> p, String[] lemmas, int i) {
        if (i + p.size() > lemmas.length) {
            return -1;
        }
        for (int k = 0; k < p.size(); k++) {
            if (!p.get(k).matches(lemmas[i + k])) {
                return -1;
            }
        }
        return i + p.size();
    }
}
