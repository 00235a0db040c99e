package org.countersight.nlp.tagging;

import org.countersight.nlp.text.Tok;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses the versioned rule file; fails loudly on anything it does not understand. */
public final class RuleSet {

    public static final String DEFAULT_RESOURCE = "rules/taxonomy-v1.rules";
    /** The taxonomy's category ids, from the one definition in {@code events}. */
    public static final Set<String> CATEGORIES = Set.copyOf(org.countersight.events.Taxonomy.ids());

    private final String taxonomyVersion;
    private final String rulesVersion;
    private final List<Rule> rules;
    private final Map<String, TermSet> sets;
    /** Every rule's trigger in one index, in the order of {@link #rules()}. */
    private final TermIndex triggers;

    private RuleSet(String taxonomyVersion, String rulesVersion, List<Rule> rules, Map<String, TermSet> sets) {
        this.taxonomyVersion = taxonomyVersion;
        this.rulesVersion = rulesVersion;
        this.rules = rules;
        this.sets = sets;
        this.triggers = new TermIndex(rules.stream().map(Rule::trigger).toList());
    }

    public String taxonomyVersion() {
        return taxonomyVersion;
    }

    public String rulesVersion() {
        return rulesVersion;
    }

    public List<Rule> rules() {
        return rules;
    }

    /**
     * Where in {@code toks} each rule's trigger may start (rules by position in {@link #rules()}): every match of a
     * trigger starts at one of its positions, and in most sentences no rule has any.
     */
    TermIndex.Starts triggerStarts(List<Tok> toks) {
        return triggers.starts(toks);
    }

    /** True when some rule's trigger matches in {@code toks}. */
    public boolean anyTrigger(List<Tok> toks) {
        return triggers.anyIn(toks);
    }

    /** A named set of the file (e.g. STATE for actors). */
    public TermSet set(String name) {
        return sets.get(name);
    }

    /** A "context:" or "context-sentence:" line of a rule, before its terms are compiled. */
    private record RawContext(String terms, boolean sentenceOnly) {
    }

    public static RuleSet load() {
        return load(DEFAULT_RESOURCE);
    }

    public static RuleSet load(String resource) {
        try (InputStream in = RuleSet.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing rule file " + resource);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RuleSet parse(String content, String name) {
        // Join continuation lines (indented lines starting with "|") onto the line before them.
        List<String> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(content))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int hash = line.indexOf(" #");
                String l = (line.startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line).strip();
                if (l.isEmpty()) {
                    continue;
                }
                if (l.startsWith("|") && !lines.isEmpty()) {
                    lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + l);
                } else {
                    lines.add(l);
                    numbers.add(n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String taxonomy = null;
        String version = null;
        Map<String, List<String>> rawSets = new HashMap<>();
        Map<String, TermSet> sets = new HashMap<>();
        List<Rule> rules = new ArrayList<>();
        Map<String, String> current = null;
        List<RawContext> currentContexts = null;
        String currentId = null;
        for (int k = 0; k <= lines.size(); k++) {
            String l = k < lines.size() ? lines.get(k) : "rule <end>";
            String where = name + ":" + (k < numbers.size() ? numbers.get(k) : "end");
            if (l.startsWith("rule ")) {
                if (currentId != null) {
                    rules.add(build(currentId, current, currentContexts, rawSets, where));
                }
                currentId = l.substring(5).strip();
                current = new HashMap<>();
                currentContexts = new ArrayList<>();
                continue;
            }
            if (currentId == null) {
                if (l.startsWith("taxonomy ")) {
                    taxonomy = l.substring(9).strip();
                } else if (l.startsWith("rules ")) {
                    version = l.substring(6).strip();
                } else if (l.startsWith("set ")) {
                    int eq = l.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException(where + ": set without '='");
                    }
                    rawSets.put(l.substring(4, eq).strip(), splitTerms(l.substring(eq + 1)));
                } else {
                    throw new IllegalArgumentException(where + ": unexpected line: " + l);
                }
                continue;
            }
            int colon = l.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(where + ": expected 'key: value' in rule " + currentId);
            }
            String key = l.substring(0, colon).strip();
            String value = l.substring(colon + 1).strip();
            if (key.equals("context") || key.equals("context-sentence")) {
                currentContexts.add(new RawContext(value, key.equals("context-sentence")));
            } else if (Set.of("category", "trigger", "veto", "article-veto", "confidence", "foreign-vendor", "scope", "with-event").contains(key)) {
                current.put(key, value);
            } else {
                throw new IllegalArgumentException(where + ": unknown key '" + key + "' in rule " + currentId);
            }
        }
        if (taxonomy == null || version == null) {
            throw new IllegalArgumentException(name + ": needs 'taxonomy' and 'rules' version lines");
        }
        if (!taxonomy.equals(org.countersight.events.Taxonomy.VERSION)) {
            throw new IllegalArgumentException(name + ": written for taxonomy " + taxonomy + ", but the categories in "
                    + "events are taxonomy " + org.countersight.events.Taxonomy.VERSION + " (update the rules or the "
                    + "'taxonomy' line)");
        }
        for (String setName : rawSets.keySet()) {
            sets.put(setName, compile(rawSets.get(setName), rawSets, setName));
        }
        return new RuleSet(taxonomy, version, List.copyOf(rules), sets);
    }

    private static Rule build(String id, Map<String, String> kv, List<RawContext> contexts,
            Map<String, List<String>> rawSets, String where) {
        String category = kv.get("category");
        if (category == null || !CATEGORIES.contains(category)) {
            throw new IllegalArgumentException(where + ": rule " + id + " has no valid category: " + category);
        }
        if (!kv.containsKey("trigger")) {
            throw new IllegalArgumentException(where + ": rule " + id + " has no trigger");
        }
        List<TermSet> ctx = new ArrayList<>();
        Set<Integer> sentenceOnly = new java.util.HashSet<>();
        for (RawContext c : contexts) {
            if (c.sentenceOnly()) {
                sentenceOnly.add(ctx.size());
            }
            ctx.add(compile(splitTerms(c.terms()), rawSets, id));
        }
        double confidence = Double.parseDouble(kv.getOrDefault("confidence", "0.6"));
        if (confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException(where + ": confidence out of [0,1] in rule " + id);
        }
        return new Rule(id, category, compile(splitTerms(kv.get("trigger")), rawSets, id), List.copyOf(ctx),
                compile(splitTerms(kv.getOrDefault("veto", "")), rawSets, id),
                compile(splitTerms(kv.getOrDefault("article-veto", "")), rawSets, id),
                confidence, Boolean.parseBoolean(kv.getOrDefault("foreign-vendor", "false")),
                "sentence".equals(kv.getOrDefault("scope", "neighbours")), withEvent(kv.get("with-event"), id, where),
                Set.copyOf(sentenceOnly));
    }

    private static Set<String> withEvent(String value, String id, String where) {
        if (value == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>(splitTerms(value));
        for (String c : out) {
            if (!CATEGORIES.contains(c)) {
                throw new IllegalArgumentException(where + ": rule " + id + " with-event names no category: " + c);
            }
        }
        return Set.copyOf(out);
    }

    static List<String> splitTerms(String s) {
        List<String> out = new ArrayList<>();
        for (String t : s.split("\\|")) {
            String term = t.strip().replace("\"", "").strip();
            if (!term.isEmpty()) {
                out.add(term);
            }
        }
        return out;
    }

    private static TermSet compile(List<String> terms, Map<String, List<String>> rawSets, String owner) {
        Set<String> expanded = new LinkedHashSet<>();
        boolean[] specials = new boolean[3];
        expand(terms, rawSets, expanded, specials, new java.util.HashSet<>(), owner);
        List<TermSet.Term> compiled = new ArrayList<>();
        for (String term : expanded) {
            List<TermSet.Word> words = new ArrayList<>();
            for (String w : term.split("[\\s\\-]+")) {
                if (w.isEmpty()) {
                    continue;
                }
                boolean prefix = w.endsWith("*");
                String text = Tok.normalise(prefix ? w.substring(0, w.length() - 1) : w);
                if (text.endsWith("'s") && text.length() > 2) {
                    words.add(new TermSet.Word(text.substring(0, text.length() - 2), false));
                    words.add(new TermSet.Word("'s", false));
                } else if (!text.isEmpty()) {
                    words.add(new TermSet.Word(text, prefix));
                }
            }
            if (!words.isEmpty()) {
                compiled.add(new TermSet.Term(List.copyOf(words), term));
            }
        }
        return new TermSet(compiled, specials[0], specials[1], specials[2]);
    }

    private static void expand(List<String> terms, Map<String, List<String>> rawSets, Set<String> out,
            boolean[] specials, Set<String> visiting, String owner) {
        for (String t : terms) {
            if (!t.startsWith("@")) {
                out.add(t);
                continue;
            }
            String ref = t.substring(1);
            switch (ref) {
                case "VENDOR" -> specials[0] = true;
                case "COUNTRY" -> specials[1] = true;
                case "ORGANIZATION" -> specials[2] = true;
                default -> {
                    List<String> set = rawSets.get(ref);
                    if (set == null) {
                        throw new IllegalArgumentException(owner + ": unknown set @" + ref);
                    }
                    if (visiting.add(ref)) {
                        expand(set, rawSets, out, specials, visiting, owner);
                        visiting.remove(ref);
                    }
                }
            }
        }
    }
}
