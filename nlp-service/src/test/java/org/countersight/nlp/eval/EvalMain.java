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

    public static void main(String[] args) throws Exception {
        boolean errors = List.of(args).contains("--errors");
        Path dir = Path.of(System.getProperty("eval.dir", Files.isDirectory(Path.of("eval")) ? "eval" : "nlp-service/eval"));
        CoreNlp nlp = CoreNlp.load();
        // -Deval.rules=<class-path resource> measures another rule file (e.g. an older version) on the same parts
        Tagger tagger = Tagger.withBundledResources(nlp,
                System.getProperty("eval.rules") == null ? RuleSet.load() : RuleSet.load(System.getProperty("eval.rules")), 100_000);
        System.out.println("tagger " + tagger.versions());
        // --part dev while working on rules: the held-out parts are run only once the rules are frozen.
        // dev2, dev3: later development sets written in other styles to check generalisation (not held out).
        // heldout, heldout2: aggregates only, never per-item errors.
        String part0 = List.of(args).stream().filter(a -> a.startsWith("--part=")).map(a -> a.substring(7))
                .findFirst().orElse("all");
        List<String> parts = switch (part0) {
            case "dev", "dev2", "dev3", "heldout", "heldout2" -> List.of(part0);
            case "devs" -> List.of("dev", "dev2", "dev3");
            case "all" -> List.of("dev", "dev2", "dev3", "heldout", "heldout2");
            default -> throw new IllegalArgumentException("unknown --part=" + part0
                    + " (dev, dev2, dev3, devs, heldout, heldout2)");
        };
        for (String part : parts) {
            Path file = dir.resolve(part + ".jsonl");
            if (!Files.exists(file)) {
                System.out.println(part + ": " + file + " not found");
                continue;
            }
            evaluate(part, Files.readAllLines(file), tagger, errors && !part.startsWith("heldout"));
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
            Instant now = Instant.now();
            TaggedArticle t = tagger.tag(new RawArticle(1, g.path("id").asText(), null, "eval", null, null, null,
                    g.path("title").asText(null), null, g.path("text").asText(""), g.path("language").asText("en"),
                    now, false, now), now);
            boolean goldS = g.path("surveillance").asBoolean();
            surveillance.add(goldS ? Set.of("yes") : Set.of(), t.surveillance() ? Set.of("yes") : Set.of());
            Set<String> goldC = strings(g.path("categories"));
            Set<String> predC = t.events().stream().map(TaggedArticle.Event::category).collect(Collectors.toSet());
            micro.add(goldC, predC);
            for (String c : RuleSet.CATEGORIES) {
                perCategory.get(c).add(goldC.contains(c) ? Set.of(c) : Set.of(), predC.contains(c) ? Set.of(c) : Set.of());
            }
            Set<String> goldE = strings(g.path("eventCountries"));
            Set<String> predE = t.countries().stream().filter(c -> c.role().equals("event"))
                    .map(TaggedArticle.CountryRef::code).collect(Collectors.toSet());
            countries.add(goldE, predE);
            if (printErrors && (goldS != t.surveillance() || !goldC.equals(predC) || !goldE.equals(predE))) {
                System.out.printf("%s  gold %s %s %s | got %s %s %s%n", g.path("id").asText(), goldS, goldC, goldE,
                        t.surveillance(), predC, predE);
                t.events().forEach(e -> System.out.printf("      %s [%s] %s :: %s%n", e.category(), e.trigger(), e.country(),
                        e.sentence().length() > 140 ? e.sentence().substring(0, 140) + "…" : e.sentence()));
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%n== %s: %d items (%.1f articles/s, 1 thread)%n", part, n, n / secs);
        System.out.println(surveillance.row("surveillance"));
        perCategory.forEach((c, p) -> System.out.println(p.row("  " + c)));
        System.out.println(micro.row("categories (micro)"));
        System.out.println(countries.row("event countries"));
    }

    static Set<String> strings(JsonNode array) {
        Set<String> out = new HashSet<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    private EvalMain() {
    }
}
