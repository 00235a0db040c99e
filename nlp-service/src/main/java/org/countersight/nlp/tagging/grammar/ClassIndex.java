package org.countersight.nlp.tagging.grammar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The phrases of many word classes in one index by first word, so a sentence is read once for all of them
 * ({@link #findAll}) rather than once per class. Immutable and thread-safe.
 */
final class ClassIndex {

    /** One phrase and the class it belongs to; {@code id} is the class's position. */
    private record Entry(int id, List<Word> phrase) {
    }

    private final List<WordClass> classes;
    private final Map<String, List<Entry>> byFirst = new HashMap<>();
    /** Phrases starting with a prefix ("meteorolog*"), by the prefix's first two characters. */
    private final Map<String, List<Entry>> byPrefix = new HashMap<>();
    /** Phrases whose prefix is shorter than two characters: tried at every token. */
    private final List<Entry> shortPrefix = new ArrayList<>();

    ClassIndex(List<WordClass> classes) {
        this.classes = List.copyOf(classes);
        for (int id = 0; id < classes.size(); id++) {
            for (List<Word> p : classes.get(id).phrases) {
                Word first = p.get(0);
                Entry e = new Entry(id, p);
                if (!first.prefix()) {
                    byFirst.computeIfAbsent(first.lemma(), k -> new ArrayList<>()).add(e);
                } else if (first.lemma().length() >= 2) {
                    byPrefix.computeIfAbsent(first.lemma().substring(0, 2), k -> new ArrayList<>()).add(e);
                } else {
                    shortPrefix.add(e);
                }
            }
        }
    }

    List<WordClass> classes() {
        return classes;
    }

    /**
     * For every class of the index, what {@link WordClass#find} returns for it: the longest phrase starting at each
     * token, as token ranges [from, to) in order (empty lists for classes not in the sentence).
     */
    Map<WordClass, List<int[]>> findAll(String[] lemmas) {
        List<List<int[]>> found = new ArrayList<>(classes.size());
        for (int i = 0; i < classes.size(); i++) {
            found.add(new ArrayList<>(2));
        }
        int[] best = new int[classes.size()];
        List<Integer> touched = new ArrayList<>();
        for (int i = 0; i < lemmas.length; i++) {
            String lemma = lemmas[i];
            tryAt(i, lemma.length() >= 2 ? byPrefix.get(lemma.substring(0, 2)) : null, lemmas, best, touched);
            tryAt(i, byFirst.get(lemma), lemmas, best, touched);
            tryAt(i, shortPrefix, lemmas, best, touched);
            for (int id : touched) {
                found.get(id).add(new int[] {i, best[id]});
                best[id] = 0;
            }
            touched.clear();
        }
        Map<WordClass, List<int[]>> out = new IdentityHashMap<>(classes.size() * 2);
        for (int id = 0; id < classes.size(); id++) {
            out.put(classes.get(id), found.get(id));
        }
        return out;
    }

    /** Records in {@code best} the end of each entry's phrase that matches at token {@code i}, if longer. */
    private static void tryAt(int i, List<Entry> entries, String[] lemmas, int[] best, List<Integer> touched) {
        if (entries == null) {
            return;
        }
        for (Entry e : entries) {
            int end = WordClass.matchAt(e.phrase(), lemmas, i);
            if (end > i && end > best[e.id()]) {
                if (best[e.id()] == 0) {
                    touched.add(e.id());
                }
                best[e.id()] = end;
            }
        }
    }
}
