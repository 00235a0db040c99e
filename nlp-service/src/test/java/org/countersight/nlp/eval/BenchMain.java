package org.countersight.nlp.eval;

import com.fasterxml.jackson.databind.JsonNode;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.nlp.gazetteer.Gazetteer;
import org.countersight.nlp.gazetteer.VendorDictionary;
import org.countersight.nlp.pipeline.CoreNlp;
import org.countersight.nlp.tagging.LexiconTagger;
import org.countersight.nlp.tagging.RuleSet;
import org.countersight.nlp.tagging.Tagger;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Throughput benchmark on the same texts and machine: the service's whole tagging vs a bare 3-class-CRF
 * pipeline (tokenize,ssplit,pos,lemma,ner without SUTime/fine-grained/numeric) and, with --default, CoreNLP's
 * default tokenize,ssplit,pos,lemma,ner (needs about 3 GB of heap: MAVEN_OPTS=-Xmx4g).
 *
 * <pre>./mvnw -q -pl nlp-service test-compile exec:java -Dexec.mainClass=org.countersight.nlp.eval.BenchMain [-Dexec.args=--default]</pre>
 */
public final class BenchMain {

    /** Passes over the texts per measurement, so each lasts several seconds. */
    static final int ROUNDS = 4;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(System.getProperty("eval.dir", Files.isDirectory(Path.of("eval")) ? "eval" : "nlp-service/eval"));
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("dev.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(line.getBytes(StandardCharsets.UTF_8));
            texts.add(n.path("title").asText("") + "\n\n" + n.path("text").asText(""));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        long words = texts.stream().mapToLong(t -> t.split("\\s+").length).sum();
        System.out.printf("%d texts, %.0f words each on average, %d cores%n", texts.size(), words / (double) texts.size(), cores);

        CoreNlp nlp = CoreNlp.load();
        Tagger tagger = new Tagger(nlp::annotate, Gazetteer.load(), VendorDictionary.load(), RuleSet.load(),
                LexiconTagger.load(), 100_000);
        Instant now = Instant.now();
        double[] service = run("service (tokenize,ssplit,ner + rules)", texts, cores, t -> tagger.tag(
                new RawArticle(1, "b", null, null, null, null, null, null, null, t, "en", now, false, now), now));

        Properties bare = new Properties();
        bare.setProperty("annotators", "tokenize,ssplit,pos,lemma,ner");
        bare.setProperty("ner.model", "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz");
        bare.setProperty("ner.useSUTime", "false");
        bare.setProperty("ner.applyFineGrained", "false");
        bare.setProperty("ner.applyNumericClassifiers", "false");
        StanfordCoreNLP barePipeline = new StanfordCoreNLP(bare);
        double[] crf = run("bare 3-class CRF (pos,lemma,ner)", texts, cores, t -> barePipeline.annotate(new Annotation(t)));
        System.out.printf("ratio service/bare: 1 thread %.2fx, %d threads %.2fx%n", service[0] / crf[0], cores, service[1] / crf[1]);

        if (List.of(args).contains("--default")) {
            Properties def = new Properties();
            def.setProperty("annotators", "tokenize,ssplit,pos,lemma,ner");
            StanfordCoreNLP defPipeline = new StanfordCoreNLP(def);
            double[] d = run("CoreNLP default ner", texts, cores, t -> defPipeline.annotate(new Annotation(t)));
            System.out.printf("ratio service/default: 1 thread %.2fx, %d threads %.2fx%n", service[0] / d[0], cores, service[1] / d[1]);
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap used after GC: %d MB (max %d MB)%n", (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }

    /** Warm-up pass, then one pass on one thread and one on all cores; returns articles/s for both. */
    static double[] run(String name, List<String> texts, int cores, Consumer<String> work) throws Exception {
        for (int i = 0; i < Math.min(10, texts.size()); i++) {
            work.accept(texts.get(i));
        }
        long t0 = System.nanoTime();
        for (int r = 0; r < ROUNDS; r++) {
            texts.forEach(work);
        }
        double one = ROUNDS * texts.size() / ((System.nanoTime() - t0) / 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int r = 0; r < cores * ROUNDS; r++) {
            for (String t : texts) {
                fs.add(pool.submit(() -> work.accept(t)));
            }
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double all = texts.size() * cores * ROUNDS / ((System.nanoTime() - t0) / 1e9);
        pool.shutdown();
        System.out.printf("%-40s %6.1f articles/s on 1 thread, %6.1f on %d threads%n", name, one, all, cores);
        return new double[] {one, all};
    }

    private BenchMain() {
    }
}
