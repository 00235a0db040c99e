package org.countersight.nlp.relevance;

import org.countersight.events.TaggedArticle;
import org.countersight.nlp.text.Lemmas;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relevance gate: a logistic regression over an article whose rules and grammar found candidate events. The
 * rules give evidence; the gate decides whether the article as a whole reports a surveillance event (a TV review
 * that mentions cameras, a column on privacy in general, a course on big data do not) and gives the probability
 * that calibrates the events' confidence. Features come from the tagged article alone (categories found, their
 * confidence, actors, vendors, countries, and the lemmas of the evidence sentences and of the whole text), so the
 * gate is trained by {@code eval/GateTrainer} on tagged texts and applied in one pass. Immutable, thread-safe.
 */
public final class RelevanceGate {

    public static final String DEFAULT_RESOURCE = "gate/gate-v1.tsv";
    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}\\p{M}'’]*");
    /** Function words carry no evidence either way and only add noise to a small training set. */
    private static final Set<String> STOP = Set.of("the", "and", "for", "that", "with", "from", "this", "was",
            "were", "are", "has", "have", "had", "its", "their", "his", "her", "they", "them", "which", "who", "whom",
            "will", "would", "been", "being", "into", "onto", "about", "after", "before", "than", "then", "there",
            "these", "those", "also", "but", "not", "all", "any", "can", "our", "out", "over", "said", "say", "says",
            "such", "some", "more", "most", "other", "one", "two", "new", "she", "him", "what", "when", "where",
            "while", "why", "how", "per", "via", "did", "does", "each", "may", "only", "own", "same", "very", "you");

    private final String version;
    private final double bias;
    private final Map<String, Double> weights;
    private final double threshold;

    public RelevanceGate(String version, double bias, Map<String, Double> weights, double threshold) {
        this.version = version;
        this.bias = bias;
        this.weights = Map.copyOf(weights);
        this.threshold = threshold;
    }

    public String version() {
        return version;
    }

    public double threshold() {
        return threshold;
    }

    /** Probability that a tagged article with candidate events reports a surveillance event. */
    public double probability(TaggedArticle a) {
        return probabilityOf(features(a));
    }

    /** Probability for feature values made by {@link #features}. */
    public double probabilityOf(Map<String, Double> features) {
        double z = bias;
        for (Map.Entry<String, Double> f : features.entrySet()) {
            Double w = weights.get(f.getKey());
            if (w != null) {
                z += w * f.getValue();
            }
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** The feature values of one tagged article (shared by training and use, so both see the same thing). */
    public static Map<String, Double> features(TaggedArticle a) {
        Map<String, Double> f = new LinkedHashMap<>();
        Map<String, Double> best = new HashMap<>();
        boolean actors = false;
        boolean vendors = false;
        boolean country = false;
        boolean denied = false;
        Set<String> evidence = new TreeSet<>();
        for (TaggedArticle.Event e : a.events()) {
            best.merge(e.category(), e.confidence(), Math::max);
            actors |= !e.actors().isEmpty();
            vendors |= !e.vendors().isEmpty();
            country |= e.country() != null;
            denied |= e.denied();
            evidence.addAll(lemmas(e.sentence()));
        }
        best.forEach((c, v) -> {
            f.put("cat:" + c, 1.0);
            f.put("conf:" + c, v);
        });
        f.put("categories", Math.min(best.size(), 4) / 4.0);
        f.put("events", Math.min(a.events().size(), 8) / 8.0);
        f.put("actors", actors ? 1.0 : 0.0);
        f.put("vendors", vendors ? 1.0 : 0.0);
        f.put("country", country ? 1.0 : 0.0);
        f.put("denied", denied ? 1.0 : 0.0);
        for (String l : evidence) {
            f.put("e:" + l, 1.0);
        }
        Set<String> all = new TreeSet<>(lemmas(a.title() == null ? "" : a.title()));
        all.addAll(lemmas(a.text() == null ? "" : a.text()));
        for (String l : all) {
            f.put("w:" + l, 1.0);
        }
        return f;
    }

    static Set<String> lemmas(String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            String w = m.group();
            if (w.length() >= 3 && !STOP.contains(w)) {
                out.add(Lemmas.of(w));
            }
        }
        return out;
    }

    /** Loads the trained model: a header ("gate", version, threshold, bias) then one "feature TAB weight" per line. */
    public static RelevanceGate load() {
        return load(DEFAULT_RESOURCE);
    }

    public static RelevanceGate load(String resource) {
        try (InputStream in = RelevanceGate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing relevance model " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String version = null;
            double threshold = 0.5;
            double bias = 0;
            Map<String, Double> weights = new HashMap<>();
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split("\t");
                if (cols.length != 2) {
                    throw new IllegalArgumentException(resource + ":" + n + ": expected 'name TAB value'");
                }
                switch (cols[0]) {
                    case "@version" -> version = cols[1];
                    case "@threshold" -> threshold = Double.parseDouble(cols[1]);
                    case "@bias" -> bias = Double.parseDouble(cols[1]);
                    default -> weights.put(cols[0], Double.parseDouble(cols[1]));
                }
            }
            if (version == null) {
                throw new IllegalArgumentException(resource + ": missing @version line");
            }
            return new RelevanceGate(version, bias, weights, threshold);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a model in the format {@link #load} reads (used by the trainer). */
    public static String format(String version, double threshold, double bias, Map<String, Double> weights,
            List<String> header) {
        StringBuilder b = new StringBuilder();
        header.forEach(h -> b.append("# ").append(h).append('\n'));
        b.append("@version\t").append(version).append('\n');
        b.append("@threshold\t").append(threshold).append('\n');
        b.append("@bias\t").append(String.format(Locale.ROOT, "%.5f", bias)).append('\n');
        weights.entrySet().stream().filter(e -> Math.abs(e.getValue()) >= 1e-4)
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.append(e.getKey()).append('\t')
                        .append(String.format(Locale.ROOT, "%.5f", e.getValue())).append('\n'));
        return b.toString();
    }
}
