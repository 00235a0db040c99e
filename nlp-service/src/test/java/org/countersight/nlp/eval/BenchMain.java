package org.countersight.nlp.eval;

import com.fasterxml.jackson.databind.JsonNode;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import org.countersight.events.Json;
import org.countersight.events.RawArticle;
import org.countersight.nlp.pipeline.CoreNlp;
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
 * Throughput benchmark, in one run on the same texts and machine (issue 4, Must show 2): the service's whole
 * tagging (tokenize,ssplit,ner + gazetteer, vendors, rules), CoreNLP's default tokenize,ssplit,pos,lemma,ner, and a
 * bare 3-class-CRF pipeline (tokenize,ssplit,pos,lemma,ner with the 3-class model, no SUTime, no fine-grained, no
 * numeric classifiers), each on one thread and on all cores, with the ratios.
 * <p>
 * Texts: news-style excerpts of about 300 words, made by joining consecutive items of {@code eval/dev.jsonl}
 * (our own texts) until each has at least {@code --words} words (default 300). The default pipeline needs about
 * 3 GB of heap: run with {@code MAVEN_OPTS=-Xmx4g}; {@code --no-default} leaves it out. The heap figure for the
 * service is taken after GC with only the service pipeline loaded (before the other two are built).
 *
 * <pre>MAVEN_OPTS=-Xmx4g ./mvnw -q -pl nlp-service test-compile exec:java -Dexec.mainClass=org.countersight.nlp.eval.BenchMain [-Dexec.args="--rounds=2 --words=300"]</pre>
 */
public final class BenchMain {

    /** Passes over the texts per measurement (each pass on all cores runs cores x texts articles). */
    static int rounds = 2;

    public static void main(String[] args) throws Exception {
        int minWords = 300;
        boolean withDefault = true;
        for (String a : args) {
            if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--words=")) {
                minWords = Integer.parseInt(a.substring(8));
            } else if (a.equals("--no-default")) {
                withDefault = false;
            }
        }
        Path dir = Path.of(System.getProperty("eval.dir", Files.isDirectory(Path.of("eval")) ? "eval" : "nlp-service/eval"));
        List<String> texts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int currentWords = 0;
        for (String line : Files.readAllLines(dir.resolve("dev.jsonl"))) {
            JsonNode n = Json.MAPPER.readTree(line.getBytes(StandardCharsets.UTF_8));
            if (current.length() == 0) {
                current.append(n.path("title").asText("")).append("\n\n");
            } else {
                current.append("\n\n");
            }
            String body = n.path("text").asText("");
            current.append(body);
            currentWords += body.split("\\s+").length;
            if (currentWords >= minWords) {
                texts.add(current.toString());
                current.setLength(0);
                currentWords = 0;
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        long words = texts.stream().mapToLong(t -> t.split("\\s+").length).sum();
        System.out.printf("%d texts, %.0f words each on average, %d cores, %d rounds%n", texts.size(),
                words / (double) texts.size(), cores, rounds);

        CoreNlp nlp = CoreNlp.load();
        Tagger tagger = Tagger.withBundledResources(nlp, 100_000);
        Instant now = Instant.now();
        double[] service = run("service (tokenize,ssplit,ner + rules)", texts, cores, t -> tagger.tag(
                new RawArticle(1, "b", null, null, null, null, null, null, null, t, "en", now, false, now), now));
        Runtime rt = Runtime.getRuntime();
        System.gc();
        System.out.printf("heap used after GC, service pipeline only: %d MB (max %d MB)%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);

        StanfordCoreNLP crfOnly = new StanfordCoreNLP(CoreNlp.properties());
        double[] crfNer = run("bare CRF (tokenize,ssplit,ner)", texts, cores, t -> crfOnly.annotate(new Annotation(t)));
        System.out.printf("ratio service / bare CRF (tokenize,ssplit,ner): 1 thread %.2fx, %d threads %.2fx, CPU per article %.2fx%n",
                service[0] / crfNer[0], cores, service[1] / crfNer[1], crfNer[2] / service[2]);

        Properties bare = new Properties();
        bare.setProperty("annotators", "tokenize,ssplit,pos,lemma,ner");
        bare.setProperty("ner.model", "edu/stanford/nlp/models/ner/english.all.3class.distsim.crf.ser.gz");
        bare.setProperty("ner.useSUTime", "false");
        bare.setProperty("ner.applyFineGrained", "false");
        bare.setProperty("ner.applyNumericClassifiers", "false");
        StanfordCoreNLP barePipeline = new StanfordCoreNLP(bare);
        double[] crf = run("bare 3-class CRF (pos,lemma,ner)", texts, cores, t -> barePipeline.annotate(new Annotation(t)));

        double[] d = null;
        if (withDefault) {
            Properties def = new Properties();
            def.setProperty("annotators", "tokenize,ssplit,pos,lemma,ner");
            StanfordCoreNLP defPipeline = new StanfordCoreNLP(def);
            d = run("CoreNLP default (pos,lemma,ner)", texts, cores, t -> defPipeline.annotate(new Annotation(t)));
        }
        System.out.printf("ratio service / bare CRF:  1 thread %.2fx, %d threads %.2fx%n", service[0] / crf[0], cores, service[1] / crf[1]);
        if (d != null) {
            System.out.printf("ratio service / default:   1 thread %.2fx, %d threads %.2fx%n", service[0] / d[0], cores, service[1] / d[1]);
            System.out.printf("ratio bare CRF / default:  1 thread %.2fx, %d threads %.2fx%n", crf[0] / d[0], cores, crf[1] / d[1]);
        }
        System.gc();
        System.out.printf("heap used after GC, all pipelines loaded: %d MB (max %d MB)%n",
                (rt.totalMemory() - rt.freeMemory()) >> 20, rt.maxMemory() >> 20);
    }

    /** Warm-up pass, then the best of two timed runs on one thread and one run on all cores; articles/s for both. */
    static double[] run(String name, List<String> texts, int cores, Consumer<String> work) throws Exception {
        texts.forEach(work); // warm-up: one whole pass (JIT, caches)
        // one thread: the best of two timed passes, since other processes on a shared machine steal time
        // CPU time per article on that thread as well: steadier than articles/s on a machine other work shares
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double one = 0;
        double cpuMs = Double.MAX_VALUE;
        for (int attempt = 0; attempt < 2; attempt++) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            for (int r = 0; r < rounds; r++) {
                texts.forEach(work);
            }
            one = Math.max(one, rounds * texts.size() / ((System.nanoTime() - t0) / 1e9));
            cpuMs = Math.min(cpuMs, (threads.getCurrentThreadCpuTime() - c0) / 1e6 / (rounds * texts.size()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(cores);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int r = 0; r < cores * rounds; r++) {
            for (String t : texts) {
                fs.add(pool.submit(() -> work.accept(t)));
            }
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double all = texts.size() * cores * rounds / ((System.nanoTime() - t0) / 1e9);
        pool.shutdown();
        System.out.printf("%-40s %6.1f articles/s on 1 thread (%.2f CPU ms each), %6.1f on %d threads%n", name, one,
                cpuMs, all, cores);
        return new double[] {one, all, cpuMs};
    }

    private BenchMain() {
    }
}
