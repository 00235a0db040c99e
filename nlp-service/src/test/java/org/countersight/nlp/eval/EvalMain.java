package org.countersight.nlp.eval;

import com.fasterxml.jackson.databind.JsonNode;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.tagging.RuleSet;
import org.countersight.nlp.tagging.Tagger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Evaluation command (issue 4): precision/recall/F1 for surveillance, each category, micro-average and event
 * countries, per part of nlp-service/eval (format in eval/README.md). Per-item errors are printed for the
 * development parts (dev, dev2, dev3) only and only with --errors; the held-out parts (heldout, heldout2) print
 * aggregates only. --part=devs runs dev, dev2 and dev3; no --part runs every part.
 *
 * <pre>./mvnw -q -pl nlp-service test-compile exec:java -Dexec.mainClass=org.countersight.nlp.eval.EvalMain [-Dexec.args="--part=dev --errors"]</pre>
 */
public final class EvalMain {

    static final class Prf {
        int tp, fp, fn;

        void add(Set<String> gold, Set<String> pred) {
            for (String p : pred) {
                if (gold.contains(p)) {
                    tp++;
                } else {
                    fp++;
                }
            }
            for (String g : gold) {
                if (!pred.contains(g)) {
                    fn++;
                }
            }
        }

        double p() {
            return tp + fp == 0 ? 1 : tp / (double) (tp + fp);
        }

        double r() {
            return tp + fn == 0 ? 1 : tp / (double) (tp + fn);
        }

        double f() {
            return p() + r() == 0 ? 0 : 2 * p() * r() / (p() + r());
        }

        String row(String name) {
            return String.format("%-22s P=%.3f R=%.3f F1=%.3f  (tp=%d fp=%d fn=%d)", name, p(), r(), f(), tp, fp, fn);
        }
    }

    /** Where the third-party real-world records live (never copied into the repo): ../shared/eval-real. */
    static Path realFile() {
        for (String c : List.of(System.getProperty("eval.real", ""), "../shared/eval-real/dev.jsonl",
                "../../shared/eval-real/dev.jsonl", "../../../shared/eval-real/dev.jsonl")) {
            if (!c.isEmpty() && Files.exists(Path.of(c))) {
                return Path.of(c);
            }
        }
        return null;
    }

    /**
     * Fold of a real record, fixed once by a hash of its id: A (error analysis) when the first byte of SHA-256(id)
     * is even, B (looked at only to report: aggregates, never per-item output) when odd.
     */
    public static char fold(String id) {
        try {
            byte first = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(java.nio.charset.StandardCharsets.UTF_8))[0];
            return (first & 1) == 0 ? 'A' : 'B';
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lines of one part: our own files under eval/, or a fold of the real records. */
    static List<String> lines(String part, Path dir) throws java.io.IOException {
        if (part.startsWith("real-")) {
            Path real = realFile();
            if (real == null) {
                return null;
            }
            char want = part.charAt(5);
            List<String> out = new ArrayList<>();
            for (String l : Files.readAllLines(real)) {
                if (!l.isBlank() && fold(Json.MAPPER.readTree(l).path("id").asText()) == want) {
                    out.add(l);
                }
            }
            return out;
        }
        // "<file>-A" / "<file>-B": a fold of one of our own files (e.g. negatives-B, kept for reporting)
        char want = part.endsWith("-A") ? 'A' : part.endsWith("-B") ? 'B' : 0;
        Path file = dir.resolve((want == 0 ? part : part.substring(0, part.length() - 2)) + ".jsonl");
        if (!Files.exists(file)) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            if (!l.isBlank() && (want == 0 || fold(Json.MAPPER.readTree(l).path("id").asText()) == want)) {
                out.add(l);
            }
        }
        return out;
    }

    /** Parts whose per-item errors may be printed; the held-out parts and real fold B print aggregates only. */
    static boolean looked(String part) {
        return !part.startsWith("heldout") && !part.endsWith("-B");
    }

    public static void main(String[] args) throws Exception {
        boolean errors = List.of(args).contains("--errors");
        Path dir = Path.of(System.getProperty("eval.dir", Files.isDirectory(Path.of("eval")) ? "eval" : "nlp-service/eval"));
        // Development parts by default; held-out parts and real fold B only when asked for by name.
        String part0 = List.of(args).stream().filter(a -> a.startsWith("--part=")).map(a -> a.substring(7))
                .findFirst().orElse("dev");
        List<String> parts = switch (part0) {
            case "dev", "dev2", "dev3", "heldout", "heldout2", "real-A", "real-B", "negatives-A", "negatives-B",
                    "train", "zh-A", "zh-B" -> List.of(part0);
            case "devs" -> List.of("dev", "dev2", "dev3", "real-A", "negatives-A");
            case "report" -> List.of("dev", "dev2", "dev3", "heldout", "heldout2", "negatives-A", "negatives-B",
                    "real-A", "real-B", "zh-A", "zh-B");
            default -> throw new IllegalArgumentException("unknown --part=" + part0
                    + " (dev, dev2, dev3, devs, heldout, heldout2, negatives-A, negatives-B, train, real-A, real-B, zh-A, zh-B, report)");
        };
        CoreNlp nlp = CoreNlp.load();
        // -Deval.rules=<class-path resource> measures another rule file (e.g. an older version) on the same parts
        RuleSet rules = System.getProperty("eval.rules") == null ? RuleSet.load() : RuleSet.load(System.getProperty("eval.rules"));
        // -Deval.gate=none measures the candidates without the relevance gate (its effect, part by part)
        Tagger tagger = "none".equals(System.getProperty("eval.gate"))
                ? Tagger.withBundledResources(nlp, rules, null, 100_000)
                : Tagger.withBundledResources(nlp, rules, 100_000);
        System.out.println("tagger " + tagger.versions());
        for (String part : parts) {
            List<String> lines = lines(part, dir);
            if (lines == null) {
                System.out.println(part + ": not found (real-A/real-B read ../shared/eval-real/dev.jsonl or -Deval.real=<file>)");
                continue;
            }
            evaluate(part, lines, tagger, errors && looked(part));
        }
    }

    /** Gold labels of one line: our own format (top-level fields) or the real records' {@code label} object. */
    record Gold(boolean surveillance, Set<String> categories, Set<String> countries, boolean countriesLabelled) {
        static Gold of(JsonNode g) {
            JsonNode label = g.has("label") ? g.path("label") : g;
            Set<String> countries = strings(g.has("label") ? label.path("countries") : label.path("eventCountries"));
            // real records: [] means "not labelled" (AG News); our own sets label every item
            boolean labelled = !g.has("label") || !countries.isEmpty();
            return new Gold(label.path("surveillance").asBoolean(), strings(label.path("categories")), countries, labelled);
        }
    }

    static void evaluate(String part, List<String> lines, Tagger tagger, boolean printErrors) throws java.io.IOException {
        Prf surveillance = new Prf();
        Prf micro = new Prf();
        Prf countries = new Prf();
        Map<String, Prf> perCategory = new TreeMap<>();
        RuleSet.CATEGORIES.forEach(c -> perCategory.put(c, new Prf()));
        int n = 0;
        long t0 = System.nanoTime();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            n++;
            JsonNode g = Json.MAPPER.readTree(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Gold gold = Gold.of(g);
            Instant now = Instant.now();
            String lang = g.has("lang") ? g.path("lang").asText("en") : g.path("language").asText("en");
            TaggedArticle t = tagger.tag(new RawArticle(1, g.path("id").asText(), null, "eval", null, null, null,
                    g.path("title").asText(null), null, g.path("text").asText(""), lang, now, false, now), now);
            surveillance.add(gold.surveillance() ? Set.of("yes") : Set.of(), t.surveillance() ? Set.of("yes") : Set.of());
            Set<String> predC = t.events().stream().map(TaggedArticle.Event::category).collect(Collectors.toSet());
            micro.add(gold.categories(), predC);
            for (String c : RuleSet.CATEGORIES) {
                perCategory.get(c).add(gold.categories().contains(c) ? Set.of(c) : Set.of(), predC.contains(c) ? Set.of(c) : Set.of());
            }
            Set<String> predE = t.countries().stream().filter(c -> c.role().equals("event"))
                    .map(TaggedArticle.CountryRef::code).collect(Collectors.toSet());
            if (gold.countriesLabelled()) {
                countries.add(gold.countries(), predE);
            }
            boolean wrongCountries = gold.countriesLabelled() && !gold.countries().equals(predE);
            if (printErrors && (gold.surveillance() != t.surveillance() || !gold.categories().equals(predC) || wrongCountries)) {
                System.out.printf("%s  gold %s %s %s | got %s %s %s%n", g.path("id").asText(), gold.surveillance(),
                        gold.categories(), gold.countries(), t.surveillance(), predC, predE);
                System.out.printf("      text: %s%n", abbreviate(g.path("title").asText("") + " " + g.path("text").asText(""), 400));
                t.events().forEach(e -> System.out.printf("      %s [%s] %s %.2f :: %s%n", e.category(), e.trigger(), e.country(),
                        e.confidence(), abbreviate(e.sentence(), 140)));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%n== %s: %d items (%.1f articles/s, 1 thread)%n", part, n, n / secs);
        System.out.println(surveillance.row("surveillance"));
        perCategory.forEach((c, p) -> System.out.println(p.row("  " + c)));
        System.out.println(micro.row("categories (micro)"));
        System.out.println(countries.row("event countries"));
    }

    static String abbreviate(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private EvalMain() {
    }
}
