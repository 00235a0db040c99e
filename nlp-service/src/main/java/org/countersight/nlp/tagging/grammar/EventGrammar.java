package org.countersight.nlp.tagging.grammar;

import org.countersight.nlp.text.Lemmas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The compositional event grammar (format in {@code rules/grammar-v1.rules}): an event is an action word applied
 * to a target of a category within one clause, in any order, voice or inflection, with negation and speculation
 * taken into account. Works on lower-cased token forms; immutable and thread-safe once loaded.
 */
public final class EventGrammar {

    public static final String DEFAULT_RESOURCE = "rules/grammar-v1.rules";

    /** Tokens that end a clause: an action on one side does not act on a target on the other. */
    private static final Set<String> BOUNDARIES = Set.of(";", "but", "while", "whereas", "although", "though",
            "however", "meanwhile", "unlike", ".", "?", "!", "—", "–");
    /** Words just before an action that deny it happened ("did not block", "never installed"). */
    private static final Set<String> NEGATORS = Set.of("not", "n't", "never", "no", "without", "neither", "nor",
            "deny", "denies", "denied", "denying", "refused", "refuses", "rejected", "false", "rumoured", "rumored",
            "against", "stop", "oppose", "opposed", "opposes");
    /** Words just before an action that make it a possibility, a demand or a threat rather than a fact. */
    private static final Set<String> SPECULATION = Set.of("could", "might", "may", "would", "should", "if",
            "whether", "threaten", "threatens", "threatened", "threatening", "consider", "considers", "considering",
            "considered", "propose", "proposes", "proposed", "proposing", "urge", "urges", "urged", "calls",
            "called", "call", "demand", "demands", "demanded", "warn", "warns", "warned", "fear", "fears", "feared",
            "ask", "asks", "asked", "possible", "possibly", "potential", "potentially", "risk");
    static final int NEGATION_REACH = 3;
    static final int SPECULATION_REACH = 4;

    /** One word of a phrase: a lemma, or a lemma prefix ("meteorolog*"). */
    record Word(String lemma, boolean prefix) {
        boolean matches(String l) {
            return prefix ? l.startsWith(lemma) : l.equals(lemma);
        }
    }

    /** A named list of phrases, indexed by the lemma of their first word. */
    static final class WordClass {
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

    /** One composition of the grammar file. */
    record Composition(String id, String category, List<WordClass> actions, List<WordClass> targets,
            List<WordClass> needs, List<WordClass> veto, List<WordClass> articleVeto, int window, double confidence,
            boolean compete) {
    }

    /** An event the grammar found in one sentence: token range of action and target together. */
    public record Candidate(String rule, String category, int from, int to, double confidence, boolean speculative) {
    }

    /** "yield CAMERA to FACE | DRONE": a match of {@code loser} next to a match of a winner is dropped. */
    record Yield(WordClass loser, List<WordClass> winners) {
    }

    private final String version;
    private final List<Composition> compositions;
    private final List<WordClass> classesInUse;
    private final Set<String> agentHeads;
    private final List<Yield> yields;

    EventGrammar(String version, List<Composition> compositions, List<WordClass> classesInUse,
            Set<String> agentHeads, List<Yield> yields) {
        this.version = version;
        this.compositions = compositions;
        this.classesInUse = classesInUse;
        this.agentHeads = agentHeads;
        this.yields = yields;
    }

    public String version() {
        return version;
    }

    public static EventGrammar load() {
        return load(DEFAULT_RESOURCE);
    }

    public static EventGrammar load(String resource) {
        try (InputStream in = EventGrammar.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing grammar file " + resource);
            }
            return GrammarParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lemma keys of a sentence's lower-cased tokens, computed once and shared by every class. */
    public static String[] lemmas(List<String> norms) {
        String[] out = new String[norms.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Lemmas.of(norms.get(i));
        }
        return out;
    }

    /** The classes one article contains anywhere (for article vetoes): call once per article. */
    public Set<String> articleClasses(List<String[]> sentenceLemmas) {
        Set<String> out = new java.util.HashSet<>();
        for (Composition c : compositions) {
            for (WordClass w : c.articleVeto()) {
                if (!out.contains(w.name)) {
                    for (String[] s : sentenceLemmas) {
                        if (!w.find(s).isEmpty()) {
                            out.add(w.name);
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Whether a sentence holds a target of any composition (no event can be found without one). */
    public boolean anyTarget(String[] lemmas) {
        for (Composition c : compositions) {
            for (WordClass w : c.targets()) {
                if (!w.find(lemmas).isEmpty()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Events of one sentence, at most one per composition (its best pair). */
    public List<Candidate> match(String[] lemmas, List<String> norms, Set<String> articleClasses) {
        Map<WordClass, List<int[]>> found = new HashMap<>();
        for (WordClass w : classesInUse) {
            found.put(w, w.find(lemmas));
        }
        for (Yield y : yields) {
            found.computeIfPresent(y.loser(), (k, l) -> l.stream().filter(m -> y.winners().stream()
                    .noneMatch(w -> found.getOrDefault(w, List.of()).stream().anyMatch(o -> adjacent(m, o)))).toList());
        }
        List<Candidate> out = new ArrayList<>();
        for (Composition c : compositions) {
            if (c.articleVeto().stream().anyMatch(w -> articleClasses.contains(w.name))
                    || c.veto().stream().anyMatch(w -> !found.get(w).isEmpty())
                    || (!c.needs().isEmpty() && c.needs().stream().allMatch(w -> found.get(w).isEmpty()))) {
                continue;
            }
            Candidate best = bestPair(c, found, norms, lemmas);
            if (best != null) {
                out.add(best);
            }
        }
        return out;
    }

    private Candidate bestPair(Composition c, Map<WordClass, List<int[]>> found, List<String> norms,
            String[] lemmas) {
        List<int[]> targets = new ArrayList<>();
        c.targets().forEach(w -> found.get(w).stream().filter(t -> !agent(t, lemmas)).forEach(targets::add));
        if (targets.isEmpty()) {
            return null;
        }
        Candidate best = null;
        for (WordClass aw : c.actions()) {
            for (int[] a : found.get(aw)) {
                if (negated(norms, a[0])) {
                    continue;
                }
                int nearest = nearestTarget(a, found, norms, lemmas);
                for (int[] t : targets) {
                    int gap = gap(a, t);
                    if (gap < 0 || gap > c.window() || gap > nearest + 2 || crossesBoundary(a, t, norms)) {
                        continue;
                    }
                    // a possibility, demand or threat is not a report that it happened
                    if (speculative(norms, Math.min(a[0], t[0]))) {
                        continue;
                    }
                    double conf = c.confidence() - 0.01 * gap;
                    if (best == null || conf > best.confidence()) {
                        best = new Candidate(c.id(), c.category(), Math.min(a[0], t[0]), Math.max(a[1], t[1]), conf,
                                false);
                    }
                }
            }
        }
        return best;
    }

    /** Distance to the nearest target of any category in the same clause (competition between readings). */
    private int nearestTarget(int[] a, Map<WordClass, List<int[]>> found, List<String> norms, String[] lemmas) {
        int nearest = Integer.MAX_VALUE;
        for (Composition c : compositions) {
            if (!c.compete()) {
                continue;
            }
            for (WordClass w : c.targets()) {
                for (int[] t : found.get(w)) {
                    if (agent(t, lemmas)) {
                        continue;
                    }
                    int g = gap(a, t);
                    if (g >= 0 && g < nearest && !crossesBoundary(a, t, norms)) {
                        nearest = g;
                    }
                }
            }
        }
        return nearest;
    }

    /** A target word that modifies an agent or speaker ("internet providers", "network measurements"). */
    private boolean agent(int[] t, String[] lemmas) {
        return t[1] < lemmas.length && agentHeads.contains(lemmas[t[1]]);
    }

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

    /** Categories the compositions produce (checked against the taxonomy by the rule set's loader). */
    public Set<String> categories() {
        Set<String> out = new java.util.TreeSet<>();
        compositions.forEach(c -> out.add(c.category()));
        return out;
    }
}
