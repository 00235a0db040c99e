package org.countersight.nlp.tagging;

import org.countersight.nlp.text.Tok;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The first words of many term sets in one index, so a sentence is read once to learn which sets can match in it
 * and where each set's terms may start (instead of every set reading every token). Used for the rules' triggers,
 * most of which are in no given sentence. Immutable and thread-safe.
 */
final class TermIndex {

    private final List<TermSet> sets;
    private final Map<String, int[]> byWord = new HashMap<>();
    /** Sets by the first two characters of a "word*" prefix. */
    private final Map<String, int[]> byPrefix = new HashMap<>();
    /** Sets with a one-character prefix: their terms may start at any token. */
    private final int[] everywhere;

    TermIndex(List<TermSet> sets) {
        this.sets = List.copyOf(sets);
        Map<String, List<Integer>> words = new HashMap<>();
        Map<String, List<Integer>> prefixes = new HashMap<>();
        List<Integer> anyToken = new ArrayList<>();
        for (int i = 0; i < sets.size(); i++) {
            TermSet set = sets.get(i);
            for (String w : set.firstWords()) {
                words.computeIfAbsent(w, k -> new ArrayList<>()).add(i);
            }
            for (String p : set.firstPrefixes()) {
                prefixes.computeIfAbsent(p, k -> new ArrayList<>()).add(i);
            }
            if (set.anyTokenMayStart()) {
                anyToken.add(i);
            }
        }
        words.forEach((k, v) -> byWord.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        prefixes.forEach((k, v) -> byPrefix.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        everywhere = anyToken.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Where in a sentence each set's terms may start: the tokens that are a first word of one of its terms. Every
     * match of a set starts at one of its positions; a set without positions has no match in the sentence.
     */
    static final class Starts {
        private final int[][] positions;
        private final BitSet sets;

        private Starts(int[][] positions, BitSet sets) {
            this.positions = positions;
            this.sets = sets;
        }

        /** The sets (by their position in the index's list) that may match. */
        BitSet sets() {
            return sets;
        }

        /** Token positions, ascending, where set {@code set} may match; empty when none. */
        int[] of(int set) {
            return positions[set] == null ? new int[0] : positions[set];
        }
    }

    /** Reads the tokens once and returns where each set's terms may start. */
    Starts starts(List<Tok> toks) {
        int[][] positions = new int[sets.size()][];
        int[] counts = new int[sets.size()];
        BitSet found = new BitSet(sets.size());
        for (int i = 0; i < toks.size(); i++) {
            String norm = toks.get(i).norm();
            add(byWord.get(norm), i, positions, counts, found);
            if (norm.length() >= 2) {
                add(byPrefix.get(norm.substring(0, 2)), i, positions, counts, found);
            }
            add(everywhere, i, positions, counts, found);
        }
        for (int set = found.nextSetBit(0); set >= 0; set = found.nextSetBit(set + 1)) {
            positions[set] = java.util.Arrays.copyOf(positions[set], counts[set]);
        }
        return new Starts(positions, found);
    }

    /** True when some set has a match in {@code toks}: as asking each set, but reading the tokens once. */
    boolean anyIn(List<Tok> toks) {
        Starts starts = starts(toks);
        for (int set = starts.sets().nextSetBit(0); set >= 0; set = starts.sets().nextSetBit(set + 1)) {
            if (sets.get(set).anyIn(toks, starts.of(set))) {
                return true;
            }
        }
        return false;
    }

    /** Appends token {@code i} to the positions of each set in {@code ids} (once per set and token). */
    private static void add(int[] ids, int i, int[][] positions, int[] counts, BitSet found) {
        if (ids == null) {
            return;
        }
        for (int set : ids) {
            int n = counts[set];
            if (n > 0 && positions[set][n - 1] == i) {
                continue;
            }
            if (positions[set] == null) {
                positions[set] = new int[4];
            } else if (n == positions[set].length) {
                positions[set] = java.util.Arrays.copyOf(positions[set], n * 2);
            }
            positions[set][n] = i;
            counts[set] = n + 1;
            found.set(set);
        }
    }
}
