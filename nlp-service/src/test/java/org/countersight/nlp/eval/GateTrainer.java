package org.countersight.nlp.eval;

import com.fasterxml.jackson.databind.JsonNode;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.events.TaggedArticle;
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.relevance.RelevanceGate;
import org.countersight.nlp.tagging.Tagger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trains the relevance gate ({@link RelevanceGate}): tags the training parts with the ungated tagger, keeps the
 * articles that have candidate events, and fits an L2-regularised logistic regression (batch gradient descent)
 * to the gold "surveillance" label. Training parts: our own dev, dev2, dev3, train and negatives, and fold A of the
 * real records and of our negatives; never heldout, heldout2 or a fold B. Prints a 5-fold cross-validated accuracy, then writes the
 * model over the bundled resource.
 *
 * <pre>./mvnw -q -pl nlp-service test-compile exec:java -Dexec.mainClass=org.countersight.nlp.eval.GateTrainer</pre>
 */
public final class GateTrainer {

    static final List<String> PARTS = List.of("dev", "dev2", "dev3", "train", "negatives-A", "real-A");
    static final String VERSION = "1.0.1";
    static final double L2 = 0.02;
    static final int EPOCHS = 400;
    static final double RATE = 0.5;
    /** A feature must occur in this many training articles to get a weight (rarer ones would fit single items). */
    static final int MIN_COUNT = 3;
    static final double NEG_WEIGHT_CAP = 8;

    record Example(Map<String, Double> features, boolean label, String id) {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("eval.dir", Files.isDirectory(Path.of("eval")) ? "eval" : "nlp-service/eval"));
        Path out = Path.of(System.getProperty("gate.out", dir.resolveSibling("src/main/resources/" + RelevanceGate.DEFAULT_RESOURCE).toString()));
        Tagger tagger = Tagger.withBundledResources(CoreNlp.load(), org.countersight.nlp.tagging.RuleSet.load(), null,
                100_000);
        List<Example> examples = new ArrayList<>();
        int total = 0;
        for (String part : PARTS) {
            List<String> lines = EvalMain.lines(part, dir);
            if (lines == null) {
                System.out.println(part + ": not found, skipped");
                continue;
            }
            int before = examples.size();
            for (String line : lines) {
                if (line.isBlank()) {
                    continue;
                }
                total++;
                JsonNode g = Json.MAPPER.readTree(line.getBytes(StandardCharsets.UTF_8));
                EvalMain.Gold gold = EvalMain.Gold.of(g);
                String lang = g.has("lang") ? g.path("lang").asText("en") : g.path("language").asText("en");
                if (!lang.startsWith("en")) {
                    continue; // the gate applies to the English path only
                }
                Instant now = Instant.now();
                TaggedArticle t = tagger.tag(new RawArticle(1, g.path("id").asText(), null, "train", null, null, null,
                        g.path("title").asText(null), null, g.path("text").asText(""), lang, now, false, now), now);
                if (!t.events().isEmpty()) {
                    examples.add(new Example(RelevanceGate.features(t), gold.surveillance(), g.path("id").asText()));
                }
            }
            System.out.printf("%s: %d candidates%n", part, examples.size() - before);
        }
        long positives = examples.stream().filter(Example::label).count();
        System.out.printf("%d texts, %d with candidate events (%d events, %d not)%n", total, examples.size(), positives,
                examples.size() - positives);

        // 5-fold cross-validation on the candidates, folds by a fixed shuffle
        List<Example> shuffled = new ArrayList<>(examples);
        java.util.Collections.shuffle(shuffled, new Random(42));
        int correct = 0;
        int fp = 0;
        int fn = 0;
        for (int k = 0; k < 5; k++) {
            List<Example> trainSet = new ArrayList<>();
            List<Example> testSet = new ArrayList<>();
            for (int i = 0; i < shuffled.size(); i++) {
                (i % 5 == k ? testSet : trainSet).add(shuffled.get(i));
            }
            RelevanceGate m = fit(trainSet);
            for (Example e : testSet) {
                boolean pred = probability(m, e) >= 0.5;
                if (pred == e.label()) {
                    correct++;
                } else if (pred) {
                    fp++;
                } else {
                    fn++;
                }
            }
        }
        System.out.printf("5-fold CV on candidates: accuracy %.3f (%d wrongly kept, %d wrongly dropped of %d)%n",
                correct / (double) shuffled.size(), fp, fn, shuffled.size());

        Fit f = train(examples);
        RelevanceGate model = new RelevanceGate(VERSION, f.bias(), f.weights(), 0.5);
        Files.writeString(out, RelevanceGate.format(VERSION, 0.5, f.bias(), f.weights(), List.of(
                "Countersight relevance gate " + VERSION + ": logistic regression trained by nlp-service eval/GateTrainer",
                "on our own texts (eval/dev, dev2, dev3, train, fold A of negatives) and fold A of the real-world records;",
                String.format(java.util.Locale.ROOT, "%d candidate articles (%d events), L2 %.3f, %d epochs, min count %d.",
                        examples.size(), positives, L2, EPOCHS, MIN_COUNT),
                "Regenerate with the command in GateTrainer's Javadoc after any change to rules, grammar or training texts.")));
        System.out.println("wrote " + out + " (" + f.weights().size() + " features), training accuracy "
                + String.format("%.3f", examples.stream().filter(e -> (probability(model, e) >= 0.5) == e.label()).count()
                / (double) examples.size()));
    }

    static double probability(RelevanceGate m, Example e) {
        return m.probabilityOf(e.features());
    }

    record Fit(double bias, Map<String, Double> weights) {
    }

    static RelevanceGate fit(List<Example> examples) {
        Fit f = train(examples);
        return new RelevanceGate("cv", f.bias, f.weights, 0.5);
    }

    static Fit train(List<Example> examples) {
        Map<String, Integer> counts = new HashMap<>();
        for (Example e : examples) {
            e.features().keySet().forEach(k -> counts.merge(k, 1, Integer::sum));
        }
        Map<String, Integer> index = new HashMap<>();
        counts.forEach((k, c) -> {
            if (c >= MIN_COUNT) {
                index.put(k, index.size());
            }
        });
        int n = examples.size();
        int[][] keys = new int[n][];
        double[][] vals = new double[n][];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            Example e = examples.get(i);
            List<Integer> ks = new ArrayList<>();
            List<Double> vs = new ArrayList<>();
            e.features().forEach((k, v) -> {
                Integer j = index.get(k);
                if (j != null) {
                    ks.add(j);
                    vs.add(v);
                }
            });
            keys[i] = ks.stream().mapToInt(Integer::intValue).toArray();
            vals[i] = vs.stream().mapToDouble(Double::doubleValue).toArray();
            y[i] = e.label() ? 1 : 0;
        }
        // balanced classes: the few non-events among the candidates weigh as much in total as the events (capped)
        long pos = java.util.Arrays.stream(y).filter(v -> v == 1).count();
        double negWeight = Math.min(NEG_WEIGHT_CAP, Math.max(1, pos / (double) Math.max(1, n - pos)));
        double[] w = new double[index.size()];
        double b = 0;
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            double[] grad = new double[w.length];
            double gb = 0;
            for (int i = 0; i < n; i++) {
                double z = b;
                for (int k = 0; k < keys[i].length; k++) {
                    z += w[keys[i][k]] * vals[i][k];
                }
                double err = (1 / (1 + Math.exp(-z)) - y[i]) * (y[i] == 1 ? 1 : negWeight);
                gb += err;
                for (int k = 0; k < keys[i].length; k++) {
                    grad[keys[i][k]] += err * vals[i][k];
                }
            }
            for (int j = 0; j < w.length; j++) {
                w[j] -= RATE * (grad[j] / n + L2 * w[j]);
            }
            b -= RATE * gb / n;
        }
        Map<String, Double> weights = new HashMap<>();
        double[] wf = w;
        index.forEach((k, j) -> weights.put(k, wf[j]));
        return new Fit(b, weights);
    }

    private GateTrainer() {
    }
}
