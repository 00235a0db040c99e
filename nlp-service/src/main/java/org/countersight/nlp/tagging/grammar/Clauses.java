package org.countersight.nlp.tagging.grammar;

import java.util.List;
import java.util.Set;

/** Where an action and a target stand in a sentence's tokens: distance, clause boundaries, negation, speculation. */
final class Clauses {

    private Clauses() {
    }

    /** Tokens that end a clause: an action on one side does not act on a target on the other. */
    static final Set<String> BOUNDARIES = Set.of(";", "but", "while", "whereas", "although", "though",
            "however", "meanwhile", "unlike", ".", "?", "!", "—", "–");
    /** Words just before an action that deny it happened ("did not block", "never installed"). */
    static final Set<String> NEGATORS = Set.of("not", "n't", "never", "no", "without", "neither", "nor",
            "deny", "denies", "denied", "denying", "refused", "refuses", "rejected", "false", "rumoured", "rumored",
            "against", "stop", "oppose", "opposed", "opposes");
    /** Words just before an action that make it a possibility, a demand or a threat rather than a fact. */
    static final Set<String> SPECULATION = Set.of("could", "might", "may", "would", "should", "if",
            "whether", "threaten", "threatens", "threatened", "threatening", "consider", "considers", "considering",
            "considered", "propose", "proposes", "proposed", "proposing", "urge", "urges", "urged", "calls",
            "called", "call", "demand", "demands", "demanded", "warn", "warns", "warned", "fear", "fears", "feared",
            "ask", "asks", "asked", "possible", "possibly", "potential", "potentially", "risk");
    static final int NEGATION_REACH = 3;
    static final int SPECULATION_REACH = 4;

    /** Two ranges that touch or overlap, allowing one token between ("camera-equipped drones"). */
    static boolean adjacent(int[] m, int[] o) {
        return m[0] <= o[1] + 1 && o[0] <= m[1] + 1;
    }

    /** Tokens strictly between two non-overlapping ranges; -1 when they overlap. */
    static int gap(int[] a, int[] t) {
        if (a[1] <= t[0]) {
            return t[0] - a[1];
        }
        if (t[1] <= a[0]) {
            return a[0] - t[1];
        }
        return -1;
    }

    static boolean crossesBoundary(int[] a, int[] t, List<String> norms) {
        int from = Math.min(a[1], t[1]);
        int to = Math.max(a[0], t[0]);
        for (int i = from; i < to; i++) {
            if (BOUNDARIES.contains(norms.get(i))) {
                return true;
            }
        }
        return false;
    }

    static boolean negated(List<String> norms, int at) {
        for (int i = Math.max(0, at - NEGATION_REACH); i < at; i++) {
            String w = norms.get(i);
            if (NEGATORS.contains(w) && !(w.equals("no") && i + 1 < norms.size() && norms.get(i + 1).equals("longer"))) {
                return true;
            }
        }
        return false;
    }

    static boolean speculative(List<String> norms, int at) {
        for (int i = Math.max(0, at - SPECULATION_REACH); i < at; i++) {
            if (SPECULATION.contains(norms.get(i))) {
                return true;
            }
        }
        return false;
    }
}
