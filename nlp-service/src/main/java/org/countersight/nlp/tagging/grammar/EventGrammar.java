package org.countersight.nlp.tagging.grammar;

import org.countersight.nlp.text.Lemmas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.countersight.nlp.tagging.grammar.Clauses.adjacent;
import static org.countersight.nlp.tagging.grammar.Clauses.crossesBoundary;
import static org.countersight.nlp.tagging.grammar.Clauses.gap;
import static org.countersight.nlp.tagging.grammar.Clauses.negated;
import static org.countersight.nlp.tagging.grammar.Clauses.speculative;

/**
 * The compositional event grammar (format in {@code rules/grammar-v1.rules}): an event is an action word applied
 * to a target of a category within one clause, in any order, voice or inflection, with negation and speculation
 * taken into account. Works on lower-cased token forms; immutable and thread-safe once loaded.
 */
public final class EventGrammar {

    public static final String DEFAULT_RESOURCE = "rules/grammar-v1.rules";

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
    /** Every class a composition or yield uses, in one index. */
    private final ClassIndex classesInUse;
    private final Set<String> agentHeads;
    private final List<Yield> yields;

    EventGrammar(String version, List<Composition> compositions, List<WordClass> classesInUse,
            Set<String> agentHeads, List<Yield> yields) {
        this.version = version;
        this.compositions = compositions;
        this.classesInUse = new ClassIndex(classesInUse);
        this.agentHeads = agentHeads;
        this.yields = yields;
    }

    /** The index of every class in use (for tests that compare it with each class on its own). */
    ClassIndex classIndex() {
        return classesInUse;
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

    /**
     * Whether {@link #match} could find an event in the sentence: some composition with an action and a target in it,
     * its needs met and no veto. The conditions {@code match} adds (window, clause, negation, yields, article vetoes)
     * only remove events, so a sentence this rejects has none.
     */
    public boolean mayMatch(String[] lemmas) {
        Map<WordClass, List<int[]>> found = classesInUse.findAll(lemmas);
        java.util.function.Predicate<WordClass> in = w -> !found.get(w).isEmpty();
        for (Composition c : compositions) {
            if (c.targets().stream().anyMatch(in) && c.actions().stream().anyMatch(in)
                    && (c.needs().isEmpty() || c.needs().stream().anyMatch(in)) && c.veto().stream().noneMatch(in)) {
                return true;
            }
        }
        return false;
    }

    /** Events of one sentence, at most one per composition (its best pair). */
    public List<Candidate> match(String[] lemmas, List<String> norms, Set<String> articleClasses) {
        Map<WordClass, List<int[]>> found = classesInUse.findAll(lemmas);
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

    /** Categories the compositions produce (checked against the taxonomy by the rule set's loader). */
    public Set<String> categories() {
        Set<String> out = new java.util.TreeSet<>();
        compositions.forEach(c -> out.add(c.category()));
        return out;
    }
}
