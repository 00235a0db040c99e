package org.countersight.nlp.tagging.grammar;

import org.countersight.nlp.tagging.grammar.EventGrammar.Composition;
import org.countersight.nlp.tagging.grammar.EventGrammar.Yield;
import org.countersight.nlp.text.Lemmas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a grammar file (format in {@code rules/grammar-v1.rules}); fails loudly, naming the line, on anything else. */
final class GrammarParser {

    private GrammarParser() {
    }


    static EventGrammar parse(String content, String name) {
        List<String> lines = new ArrayList<>();
        List<Integer> numbers = new ArrayList<>();
        String[] raw = content.split("\n", -1);
        for (int n = 0; n < raw.length; n++) {
            String line = raw[n];
            int hash = line.indexOf(" #");
            String l = (line.strip().startsWith("#") ? "" : hash >= 0 ? line.substring(0, hash) : line).strip();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("|") && !lines.isEmpty()) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + l);
            } else {
                lines.add(l);
                numbers.add(n + 1);
            }
        }
        String version = null;
        Set<String> agentHeads = new java.util.HashSet<>();
        List<String[]> yieldLines = new ArrayList<>();
        Map<String, WordClass> classes = new LinkedHashMap<>();
        List<Composition> compositions = new ArrayList<>();
        Map<String, String> current = null;
        String currentId = null;
        int currentLine = 0;
        for (int k = 0; k <= lines.size(); k++) {
            String l = k < lines.size() ? lines.get(k) : "event <end>";
            String where = name + ":" + (k < numbers.size() ? numbers.get(k) : "end");
            if (l.startsWith("event ")) {
                if (currentId != null) {
                    compositions.add(composition(currentId, current, classes, name + ":" + currentLine));
                }
                currentId = l.substring(6).strip();
                current = new HashMap<>();
                currentLine = k < numbers.size() ? numbers.get(k) : 0;
            } else if (currentId != null) {
                int colon = l.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException(where + ": expected 'key: value' in event " + currentId);
                }
                current.put(l.substring(0, colon).strip(), l.substring(colon + 1).strip());
            } else if (l.startsWith("grammar ")) {
                version = l.substring(8).strip();
            } else if (l.startsWith("agents ")) {
                for (String a : l.substring(7).split("\\|")) {
                    agentHeads.add(Lemmas.of(a.strip()));
                }
            } else if (l.startsWith("yield ")) {
                String[] parts = l.substring(6).split("\\s+to\\s+", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException(where + ": expected 'yield CLASS to CLASS | CLASS'");
                }
                yieldLines.add(new String[] {parts[0].strip(), parts[1], where});
            } else if (l.startsWith("class ")) {
                int eq = l.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException(where + ": expected 'class NAME = phrase | phrase'");
                }
                String cname = l.substring(6, eq).strip();
                WordClass w = new WordClass(cname);
                for (String phrase : l.substring(eq + 1).split("\\|")) {
                    addPhrase(w, phrase.strip(), classes, where);
                }
                classes.put(cname, w);
            } else {
                throw new IllegalArgumentException(where + ": unknown line '" + l + "'");
            }
        }
        if (version == null) {
            throw new IllegalArgumentException(name + ": missing 'grammar <version>' line");
        }
        List<WordClass> inUse = new ArrayList<>();
        for (Composition c : compositions) {
            for (List<WordClass> l : List.of(c.actions(), c.targets(), c.needs(), c.veto())) {
                l.stream().filter(w -> !inUse.contains(w)).forEach(inUse::add);
            }
        }
        List<Yield> yields = new ArrayList<>();
        for (String[] y : yieldLines) {
            List<WordClass> loser = classList(y[0], "yield", y[0], classes, y[2]);
            List<WordClass> winners = classList(y[1], "yield", y[0], classes, y[2]);
            yields.add(new Yield(loser.get(0), winners));
            winners.stream().filter(w -> !inUse.contains(w)).forEach(inUse::add);
        }
        return new EventGrammar(version, List.copyOf(compositions), List.copyOf(inUse), Set.copyOf(agentHeads),
                List.copyOf(yields));
    }

    private static void addPhrase(WordClass w, String phrase, Map<String, WordClass> classes, String where) {
        if (phrase.isEmpty()) {
            throw new IllegalArgumentException(where + ": empty phrase in class " + w.name);
        }
        if (phrase.startsWith("@")) {
            WordClass included = classes.get(phrase.substring(1));
            if (included == null) {
                throw new IllegalArgumentException(where + ": unknown class " + phrase + " (define it above)");
            }
            included.phrases.forEach(w::add);
            return;
        }
        List<Word> words = new ArrayList<>();
        for (String part : phrase.toLowerCase(java.util.Locale.ROOT).split("[\\s\\-]+")) {
            if (part.isEmpty()) {
                continue;
            }
            boolean prefix = part.endsWith("*");
            String word = prefix ? part.substring(0, part.length() - 1) : part;
            words.add(new Word(prefix ? word : Lemmas.of(word), prefix));
        }
        w.add(words);
    }

    /** A key's value: class names (upper case) or literal phrases (lower case), "|"-separated. */
    private static List<WordClass> classList(String value, String key, String id, Map<String, WordClass> classes,
            String where) {
        List<WordClass> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        WordClass literals = null;
        for (String item : value.split("\\|")) {
            String s = item.strip();
            if (s.isEmpty()) {
                continue;
            }
            if (s.equals(s.toUpperCase(java.util.Locale.ROOT)) && s.chars().anyMatch(Character::isLetter)) {
                WordClass w = classes.get(s);
                if (w == null) {
                    throw new IllegalArgumentException(where + ": event " + id + " " + key + ": unknown class " + s);
                }
                out.add(w);
            } else {
                if (literals == null) {
                    literals = new WordClass(id + "." + key);
                    out.add(literals);
                }
                addPhrase(literals, s, classes, where);
            }
        }
        return out;
    }

    private static Composition composition(String id, Map<String, String> keys, Map<String, WordClass> classes,
            String where) {
        for (String k : keys.keySet()) {
            if (!Set.of("category", "action", "target", "needs", "veto", "article-veto", "window", "confidence", "compete")
                    .contains(k)) {
                throw new IllegalArgumentException(where + ": event " + id + ": unknown key '" + k + "'");
            }
        }
        String category = keys.get("category");
        if (category == null || keys.get("action") == null || keys.get("target") == null) {
            throw new IllegalArgumentException(where + ": event " + id + " needs category, action and target");
        }
        return new Composition(id, category, classList(keys.get("action"), "action", id, classes, where),
                classList(keys.get("target"), "target", id, classes, where),
                classList(keys.get("needs"), "needs", id, classes, where),
                classList(keys.get("veto"), "veto", id, classes, where),
                classList(keys.get("article-veto"), "article-veto", id, classes, where),
                Integer.parseInt(keys.getOrDefault("window", "6")),
                Double.parseDouble(keys.getOrDefault("confidence", "0.6")),
                !"no".equals(keys.get("compete")));
    }
}
