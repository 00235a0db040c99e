package org.countersight.nlp.eval;

import com.fasterxml.jackson.databind.JsonNode;
import org.countersight.events.Json;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the evaluation honest: a multi-word term of the rule file or the grammar that matches text of a held-out
 * part (heldout, heldout2, fold B of the real records or of our negatives) but no development or training text was
 * most likely copied from that held-out text. The test lists every such term and fails while any is left. (The real
 * records are read from ../shared/eval-real when present; without them the test checks our own parts only.)
 */
class EvaluationHygieneTest {

    static final List<String> HELD_OUT = List.of("heldout", "heldout2", "real-B", "negatives-B");
    static final List<String> LOOKED_AT = List.of("dev", "dev2", "dev3", "train", "negatives-A", "real-A");
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    @Test
    void noRuleTermMatchesOnlyHeldOutText() throws IOException {
        Path dir = Path.of("eval");
        String heldOut = texts(HELD_OUT, dir);
        String lookedAt = texts(LOOKED_AT, dir);
        Set<String> suspicious = new TreeSet<>();
        for (String term : multiWordTerms()) {
            Pattern p = pattern(term);
            if (p.matcher(heldOut).find() && !p.matcher(lookedAt).find()) {
                suspicious.add(term);
            }
        }
        // Terms of rules up to 1.5.0 that already matched only held-out text are listed in the baseline file, to be
        // reviewed and removed; a term added since then must not join them.
        Set<String> baseline = new TreeSet<>(List.of(new String(java.nio.file.Files.readAllBytes(
                dir.resolve("hygiene-baseline.txt")), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toArray(String[]::new)));
        Set<String> added = new TreeSet<>(suspicious);
        added.removeAll(baseline);
        System.out.println("terms matching only held-out text: " + suspicious.size() + " (" + baseline.size()
                + " in the baseline): " + suspicious);
        assertTrue(added.isEmpty(), "rule or grammar terms that match only held-out text (remove them, or write "
                + "the idea as words of a grammar class): " + added);
    }

    /** Quoted phrases of the rule file and the multi-word phrases of the grammar's classes. */
    static Set<String> multiWordTerms() throws IOException {
        Set<String> out = new TreeSet<>();
        Matcher m = QUOTED.matcher(resource("rules/taxonomy-v1.rules"));
        while (m.find()) {
            if (m.group(1).trim().contains(" ")) {
                out.add(m.group(1).trim());
            }
        }
        for (String line : resource("rules/grammar-v1.rules").split("\n")) {
            String l = line.strip();
            if (l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            String body = l.startsWith("class ") && eq > 0 ? l.substring(eq + 1) : l.startsWith("|") ? l.substring(1) : null;
            if (body == null) {
                continue;
            }
            for (String phrase : body.split("\\|")) {
                if (phrase.trim().contains(" ")) {
                    out.add(phrase.trim());
                }
            }
        }
        return out;
    }

    /** A term as a regular expression over normalised text: "word*" is a prefix, other words allow an inflection. */
    static Pattern pattern(String term) {
        StringBuilder b = new StringBuilder("\\b");
        String[] words = normalise(term).split("[\\s\\-]+");
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            if (i > 0) {
                b.append("[\\s\\-]+");
            }
            if (w.endsWith("*")) {
                b.append(Pattern.quote(w.substring(0, w.length() - 1))).append("\\w*");
            } else {
                b.append(Pattern.quote(w)).append("(?:s|es|ed|d|ing)?");
            }
        }
        return Pattern.compile(b.append("\\b").toString());
    }

    static String texts(List<String> parts, Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String part : parts) {
            List<String> lines = EvalMain.lines(part, dir);
            for (String line : lines == null ? List.<String>of() : lines) {
                JsonNode g = Json.MAPPER.readTree(line);
                b.append(normalise(g.path("title").asText("") + " " + g.path("text").asText(""))).append('\n');
            }
        }
        return b.toString();
    }

    static String normalise(String s) {
        return Normalizer.normalize(s.toLowerCase(Locale.ROOT), Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replace('’', '\'');
    }

    static String resource(String name) throws IOException {
        try (InputStream in = EvaluationHygieneTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
