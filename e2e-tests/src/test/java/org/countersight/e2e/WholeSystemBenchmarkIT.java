package org.countersight.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import org.countersight.events.ArticleIds;
import org.countersight.events.Json;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole-system benchmark (issue 11, item 4; a benchmark, not a test: skipped unless -Dbenchmark=true). Runs a
 * real KRaft broker (in this JVM), the three packaged services as separate JVMs and a local feed server, all on this
 * machine's cores, and measures in one run, after warm-up rounds that let the JIT compilers of all processes finish
 * (a service runs for days; a fresh JVM spends a third to a half of its CPU compiling for its first minutes):
 * <ol>
 *   <li>fetch to index: {@code benchmark.articles} (default 3,000) generated ~300-word articles in one feed, from
 *       the first feed request until search counts them all, as articles/s per core, with the CPU seconds each
 *       process used, split into work, JIT and GC threads ({@link ThreadCpu}); also the steady rate, from 10 % to
 *       90 % of the articles searchable;</li>
 *   <li>the bare 3-class CRF CoreNLP pipeline ({@code tokenize,ssplit,ner} with the service's NER options) on the
 *       same texts, one thread per core sharing one pipeline, as articles/s per core, and the ratio (also against
 *       the same pipeline with {@code pos,lemma}, the "bare CRF" of nlp-service's BenchMain);</li>
 *   <li>fetch to alert: {@code benchmark.polls} (default 100) times one new event item, then ingest's poll-now,
 *       until the alert arrives on the SSE stream: p50, p99, max.</li>
 * </ol>
 * Command and figures: docs/benchmarks.md, "Whole system: fetch to index and alert".
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class WholeSystemBenchmarkIT {

    /** Measured articles: enough that the start (first fetch) and the end (the api's 1 s refresh) weigh little. */
    static final int ARTICLES = Integer.getInteger("benchmark.articles", 3000);
    static final int POLLS = Integer.getInteger("benchmark.polls", 100);
    static final int WORDS = Integer.getInteger("benchmark.words", 300);
    /**
     * Warm-up rounds of articles through the whole system before measuring, until the JIT compilers of all processes
     * spend less than {@link #SETTLED_JIT_SHARE} of the CPU (a service that runs for days has long finished
     * compiling; a fresh JVM spends a third of its CPU on it for the first minute), at most {@link #WARM_UP_ROUNDS}.
     */
    static final int WARM_UP = Integer.getInteger("benchmark.warmup", 300);
    static final int WARM_UP_ROUNDS = Integer.getInteger("benchmark.warmupRounds", 40);
    static final double SETTLED_JIT_SHARE = 0.10;
    static final int LIVE_FEED_ITEMS = 20;
    /** The CoreNLP settings of nlp-service, read by its CoreNlp as a class-path resource. */
    static final String CORENLP_PROPERTIES = "nlp-service/src/main/resources/pipeline/corenlp.properties";
    private static final String API_KEY = "benchmark-key";
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServiceProcess api;
    private ServiceProcess ingest;

    @Test
    void wholeSystem() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        Path repoRoot = Path.of(System.getProperty("countersight.repo.root", "..")).toAbsolutePath().normalize();
        Path logDir = Files.createDirectories(repoRoot.resolve("e2e-tests/target/benchmark-logs"));
        Path dataDir = Files.createTempDirectory("countersight-benchmark-");
        BenchmarkTexts generator = new BenchmarkTexts(11);
        BenchmarkTexts warmGenerator = new BenchmarkTexts(7); // its own, so the measured texts never depend on it
        List<BenchmarkTexts.Text> bulk = new ArrayList<>();
        for (int i = 0; i < ARTICLES; i++) {
            bulk.add(generator.next(i % 3 == 0, WORDS)); // a third are surveillance events
        }
        double words = bulk.stream().mapToInt(BenchmarkTexts.Text::words).average().orElse(0);
        System.out.printf("%nBENCHMARK whole system: %d articles (%.0f words on average), %d cores, load %s%n",
                ARTICLES, words, cores, loadAverage());

        ZonedDateTime old = ZonedDateTime.now(ZoneOffset.UTC).minusDays(10); // bulk is history: no alert flood
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); Feeds feeds = new Feeds()) {
            feeds.put("/bulk.xml", rss(feeds, "bulk", bulk, old));
            feeds.put("/live.xml", rss(feeds, "live", List.of(), old));

            Map<String, String> props = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
            Map<String, String> env = Map.of(
                    "COUNTERSIGHT_DATA", dataDir.toString(),
                    "COUNTERSIGHT_API_KEYS", API_KEY,
                    "COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS", "true",
                // these tests poll search far faster than a person; the per-client limits have tests of their own
                "COUNTERSIGHT_LIMITS_SEARCH_PER_MINUTE", "100000", "COUNTERSIGHT_LIMITS_SEARCH_BURST", "100000",
                "COUNTERSIGHT_LIMITS_STREAM_BURST", "1000", "COUNTERSIGHT_LIMITS_MAX_HIGHLIGHTED", "500",
                    "COUNTERSIGHT_NLP_CONCURRENCY", Integer.toString(cores));
            api = new ServiceProcess("api-service", repoRoot, logDir, "512m", props, env).start();
            // the bulk feed is one document of ARTICLES items, all new at once: lift the per-poll and daily caps
            // (a flood guard) above it, so the benchmark measures the pipeline, not the guard
            String bulkCap = Integer.toString(Math.max(1000, ARTICLES + 100));
            Map<String, String> ingestProps = Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "countersight.poll.max-items-per-document", bulkCap,
                    "countersight.poll.max-new-items-per-poll", bulkCap,
                    "countersight.poll.daily-new-items-quota", Integer.toString(ARTICLES + (WARM_UP_ROUNDS + 1) * WARM_UP + 1000));
            ingest = new ServiceProcess("ingest-service", repoRoot, logDir, "384m", ingestProps, env).start();
            ServiceProcess nlp = new ServiceProcess("nlp-service", repoRoot, logDir, "1g", props, env).start();
            try {
                api.awaitReady(READY_TIMEOUT);
                ingest.awaitReady(READY_TIMEOUT);
                nlp.awaitReady(READY_TIMEOUT);

                // warm-up: until the JIT of all three services has compiled the path
                for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
                    List<BenchmarkTexts.Text> warm = new ArrayList<>();
                    for (int i = 0; i < WARM_UP; i++) {
                        warm.add(warmGenerator.next(i % 3 == 0, WORDS));
                    }
                    String path = "/warm-" + round + ".xml";
                    feeds.put(path, rss(feeds, "warm-" + round, warm, old));
                    Map<String, ThreadCpu> before = cpu(nlp);
                    awaitIndexed(register(feeds.url(path), "warm-up " + round), WARM_UP, Duration.ofMinutes(5));
                    ThreadCpu used = total(cpu(nlp), before);
                    System.out.printf("warm-up round %d: %d articles, CPU %.1f s of which JIT %.1f s (%.0f %%)%n", round,
                            WARM_UP, used.total(), used.jit(), 100 * used.jit() / used.total());
                    if (used.jit() < SETTLED_JIT_SHARE * used.total()) {
                        break;
                    }
                }

                // 1. fetch -> index
                Map<String, ThreadCpu> cpuBefore = cpu(nlp);
                long start = System.nanoTime();
                String bulkId = register(feeds.url("/bulk.xml"), "bulk");
                List<long[]> counts = new ArrayList<>();
                long done = awaitIndexed(bulkId, ARTICLES, Duration.ofMinutes(30), counts);
                long firstFetch = feeds.firstRequest("/bulk.xml");
                Map<String, ThreadCpu> cpuAfter = cpu(nlp);
                double seconds = (done - firstFetch) / 1e9;
                double systemPerCore = ARTICLES / seconds / cores;
                System.out.printf("fetch->index: %d articles in %.1f s (first feed request to all searchable; registration "
                        + "to first request %.0f ms) = %.1f articles/s = %.1f per core%n", ARTICLES, seconds,
                        (firstFetch - start) / 1e6, ARTICLES / seconds, systemPerCore);
                double steadyPerCore = steadyRate(counts) / cores;
                System.out.printf("fetch->index, steady rate (searchable count from 10 %% to 90 %% of the articles, read "
                        + "every 250 ms): %.1f articles/s = %.1f per core%n", steadyRate(counts), steadyPerCore);
                StringBuilder cpu = new StringBuilder("CPU seconds during fetch->index, total (work + JIT + GC):");
                for (String k : cpuAfter.keySet()) {
                    ThreadCpu used = cpuAfter.get(k).minus(cpuBefore.get(k));
                    cpu.append(String.format(" %s %.1f (%.1f + %.1f + %.1f),", k, used.total(), used.work(), used.jit(),
                            used.gc()));
                }
                ThreadCpu all = total(cpuAfter, cpuBefore);
                System.out.printf("%s all %.1f (%.1f + %.1f + %.1f) of %.1f available (%d cores x %.1f s)%n", cpu,
                        all.total(), all.work(), all.jit(), all.gc(), cores * seconds, cores, seconds);
                double systemCpuMs = all.total() * 1000 / ARTICLES;
                double systemWorkMs = all.work() * 1000 / ARTICLES;

                // 2. fetch -> alert, one item at a time, polled on demand
                String liveId = register(feeds.url("/live.xml"), "live");
                List<Double> latencies = fetchToAlert(feeds, liveId, generator);
                double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                System.out.printf("fetch->alert: %d of %d polls alerted; p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        sorted.length, POLLS, percentile(sorted, 0.50), percentile(sorted, 0.99),
                        sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);

                // 3. the bare pipeline on the same texts, with the services idle
                List<String> texts = bulk.stream().map(t -> t.title() + "\n\n" + t.body()).toList();
                Bare bare = bareCrf(texts, cores, false);
                Bare bareOne = bareCrf(texts, 1, false);
                System.out.printf("bare CRF (tokenize,ssplit,ner): %.1f articles/s per core on %d threads (work %.1f ms, "
                        + "JIT %.1f ms per article); %.1f on 1 thread (work %.1f ms)%n", bare.perSecond() / cores, cores,
                        bare.workMs(), bare.jitMs(), bareOne.perSecond(), bareOne.workMs());
                // the "bare 3-class CRF" of nlp-service's BenchMain and of issue 11's first figures: with pos,lemma
                double withPosPerCore = bareCrf(texts, cores, true).perSecond() / cores;
                System.out.printf("bare CRF with pos,lemma (tokenize,ssplit,pos,lemma,ner): %.1f articles/s per core on %d threads%n",
                        withPosPerCore, cores);
                double barePerCore = bare.perSecond() / cores;
                System.out.printf("RATIO whole system / bare CRF per core: %.2f (steady rate: %.2f; vs the pos,lemma variant: "
                        + "%.2f); load %s%n", systemPerCore / barePerCore, steadyPerCore / barePerCore,
                        systemPerCore / withPosPerCore, loadAverage());
                // CPU time per article is steadier than wall-clock rates on a machine other work shares; the work
                // (without JIT and GC threads) is what a long-running system spends
                System.out.printf("CPU per article, work only: whole system %.1f ms (all processes; with JIT and GC %.1f ms), "
                        + "bare CRF %.1f ms on %d threads, %.1f ms on 1 thread: RATIO by CPU %.2f (%.2f against 1 thread)%n%n",
                        systemWorkMs, systemCpuMs, bare.workMs(), cores, bareOne.workMs(), bare.workMs() / systemWorkMs,
                        bareOne.workMs() / systemWorkMs);
                assertEquals(POLLS, sorted.length, "every poll raised its alert");
            } finally {
                nlp.close();
                ingest.close();
                api.close();
            }
        }
    }

    /** One event item at a time: add it to the live feed, ask ingest to poll now, wait for the alert on SSE. */
    private List<Double> fetchToAlert(Feeds feeds, String sourceId, BenchmarkTexts generator) throws Exception {
        List<BenchmarkTexts.Text> items = new CopyOnWriteArrayList<>();
        List<String> slugs = new CopyOnWriteArrayList<>();
        Map<String, Long> arrivals = new ConcurrentHashMap<>();
        List<String> awaited = new CopyOnWriteArrayList<>();
        HttpRequest sseRequest = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/alerts/stream"))
                .header("Accept", "text/event-stream").timeout(Duration.ofHours(1)).build();
        var sse = HTTP.sendAsync(sseRequest, HttpResponse.BodyHandlers.ofLines());
        sse.thenAccept(r -> r.body().forEach(line -> {
            if (line.startsWith("data:")) {
                long now = System.nanoTime();
                for (String id : awaited) {
                    if (line.contains(id)) {
                        arrivals.putIfAbsent(id, now);
                    }
                }
            }
        }));
        // ingest learns of the source through the sources topic: wait until it owns it
        long until = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (post(ingest.baseUrl() + "/ingest/sources/" + sourceId + "/poll", "", API_KEY).statusCode() != 202) {
            assertTrue(System.nanoTime() < until, "ingest never took source " + sourceId);
            Thread.sleep(200);
        }
        Thread.sleep(2000); // the SSE client is connected and the empty first polls are done
        List<Double> latencies = new ArrayList<>();
        for (int i = 0; i < POLLS; i++) {
            BenchmarkTexts.Text text = generator.next(true, WORDS);
            String slug = "live-" + i;
            String id = ArticleIds.fromUrl(feeds.url("/news/" + slug));
            awaited.add(id);
            items.add(text);
            slugs.add(slug);
            // like a real feed, the live one carries its latest items only
            int from = Math.max(0, items.size() - LIVE_FEED_ITEMS);
            feeds.put("/live.xml", rss(feeds, slugs.subList(from, slugs.size()), items.subList(from, items.size()),
                    ZonedDateTime.now(ZoneOffset.UTC)));
            long t0 = System.nanoTime();
            HttpResponse<String> accepted = post(ingest.baseUrl() + "/ingest/sources/" + sourceId + "/poll", "", API_KEY);
            assertEquals(202, accepted.statusCode(), accepted.body());
            long deadline = t0 + Duration.ofSeconds(30).toNanos();
            while (!arrivals.containsKey(id) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Long at = arrivals.get(id);
            if (at != null) {
                latencies.add((at - t0) / 1e6);
            } else {
                System.out.printf("poll %d: no alert for %s within 30 s%n", i, id);
            }
            awaited.remove(id);
            Thread.sleep(20);
        }
        sse.cancel(true);
        return latencies;
    }

    /**
     * The bare pipeline's rate and CPU: {@code workMs} is its threads' CPU per article, {@code jitMs} this JVM's
     * compiler threads meanwhile.
     */
    record Bare(double perSecond, double workMs, double jitMs) {
    }

    /** The bare CRF pipeline on {@code threads} threads sharing one pipeline, after a warm-up of 300 texts. */
    static Bare bareCrf(List<String> texts, int threads, boolean withPosLemma) throws Exception {
        // the service's own pipeline settings (nlp-service CoreNlp.properties() reads the same file)
        Properties p = new Properties();
        Path repoRoot = Path.of(System.getProperty("countersight.repo.root", "..")).toAbsolutePath().normalize();
        try (var in = Files.newBufferedReader(repoRoot.resolve(CORENLP_PROPERTIES), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        if (withPosLemma) {
            p.setProperty("annotators", "tokenize,ssplit,pos,lemma,ner");
        }
        StanfordCoreNLP pipeline = new StanfordCoreNLP(p);
        for (int i = 0; i < Math.min(300, texts.size()); i++) {
            pipeline.annotate(new Annotation(texts.get(i)));
        }
        var mx = ManagementFactory.getThreadMXBean();
        AtomicInteger next = new AtomicInteger();
        java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ThreadCpu before = ThreadCpu.of(ProcessHandle.current().pid());
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long c0 = mx.getCurrentThreadCpuTime();
                for (int i = next.getAndIncrement(); i < texts.size(); i = next.getAndIncrement()) {
                    pipeline.annotate(new Annotation(texts.get(i)));
                }
                cpuNanos.addAndGet(mx.getCurrentThreadCpuTime() - c0);
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        ThreadCpu used = ThreadCpu.of(ProcessHandle.current().pid()).minus(before);
        pool.shutdown();
        return new Bare(texts.size() / seconds, cpuNanos.get() / 1e6 / texts.size(), used.jit() * 1000 / texts.size());
    }

    private String register(String url, String name) throws Exception {
        HttpResponse<String> created = post(api.baseUrl() + "/api/v1/sources",
                "{\"url\":\"" + url + "\",\"name\":\"" + name + "\"}", API_KEY);
        assertEquals(201, created.statusCode(), created.body());
        return Json.MAPPER.readTree(created.body()).get("id").asText();
    }

    private long awaitIndexed(String sourceId, int count, Duration timeout) throws Exception {
        return awaitIndexed(sourceId, count, timeout, new ArrayList<>());
    }

    /**
     * Polls the search every 250 ms (each search computes facets: cheap, but not free for the api), adding each
     * reading to {@code counts} as (System.nanoTime(), searchable articles).
     * @return System.nanoTime() when {@code count} articles of the source were searchable
     */
    private long awaitIndexed(String sourceId, int count, Duration timeout, List<long[]> counts) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long total = -1;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(
                    api.baseUrl() + "/api/v1/articles?limit=1&source=" + sourceId)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JsonNode body = Json.MAPPER.readTree(r.body());
                total = body.get("total").asLong();
                counts.add(new long[] {System.nanoTime(), total});
                if (total >= count) {
                    return System.nanoTime();
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("only " + total + " of " + count + " articles of " + sourceId + " indexed within " + timeout);
    }

    /**
     * Articles per second between the first readings with 10 % and with 90 % of the articles searchable: the rate
     * the system keeps up, without the time to the first article and the last refresh (latency, not throughput).
     */
    static double steadyRate(List<long[]> counts) {
        long last = counts.get(counts.size() - 1)[1];
        long[] from = counts.stream().filter(c -> c[1] >= last / 10).findFirst().orElseThrow();
        long[] to = counts.stream().filter(c -> c[1] >= last * 9 / 10).findFirst().orElseThrow();
        return to == from ? Double.NaN : (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
    }

    /** The CPU all processes used between two readings of {@link #cpu}. */
    private static ThreadCpu total(Map<String, ThreadCpu> after, Map<String, ThreadCpu> before) {
        ThreadCpu all = new ThreadCpu(0, 0, 0);
        for (String k : after.keySet()) {
            ThreadCpu used = after.get(k).minus(before.get(k));
            all = new ThreadCpu(all.total() + used.total(), all.jit() + used.jit(), all.gc() + used.gc());
        }
        return all;
    }

    /** CPU used so far by each service process and by this JVM (the broker, the feed server, the client). */
    private Map<String, ThreadCpu> cpu(ServiceProcess nlp) {
        Map<String, ThreadCpu> cpu = new java.util.LinkedHashMap<>();
        cpu.put("ingest", ingest.threadCpu());
        cpu.put("nlp", nlp.threadCpu());
        cpu.put("api", api.threadCpu());
        cpu.put("broker+feeds+client", ThreadCpu.of(ProcessHandle.current().pid()));
        return cpu;
    }

    private static HttpResponse<String> post(String url, String body, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank))];
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static byte[] rss(Feeds feeds, String prefix, List<BenchmarkTexts.Text> items, ZonedDateTime published) {
        List<String> slugs = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            slugs.add(prefix + "-" + i);
        }
        return rss(feeds, slugs, items, published);
    }

    /** RSS 2.0 with the whole text in the description (as many feeds carry it): no article page to fetch. */
    private static byte[] rss(Feeds feeds, List<String> slugs, List<BenchmarkTexts.Text> items, ZonedDateTime published) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>Benchmark wire</title><link>http://127.0.0.1/</link><description>generated</description>\n");
        for (int i = 0; i < items.size(); i++) {
            BenchmarkTexts.Text t = items.get(i);
            String link = feeds.url("/news/" + slugs.get(i));
            xml.append("<item><title>").append(escape(t.title())).append("</title><link>").append(link)
                    .append("</link><guid>").append(link).append("</guid><pubDate>")
                    .append(DateTimeFormatter.RFC_1123_DATE_TIME.format(published.minusSeconds(items.size() - i)))
                    .append("</pubDate><description>").append(escape(t.body())).append("</description></item>\n");
        }
        return xml.append("</channel></rss>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** A real HTTP server on loopback serving prepared feed documents; remembers each path's first request. */
    static final class Feeds implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, byte[]> documents = new ConcurrentHashMap<>();
        private final Map<String, AtomicLong> firstRequest = new ConcurrentHashMap<>();

        Feeds() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.setExecutor(Executors.newFixedThreadPool(4));
            server.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                firstRequest.computeIfAbsent(path, k -> new AtomicLong(System.nanoTime()));
                byte[] body = documents.get(path);
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                    exchange.close();
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", "application/rss+xml; charset=utf-8");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }

        String url(String path) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + path;
        }

        void put(String path, byte[] document) {
            documents.put(path, document);
        }

        long firstRequest(String path) {
            return firstRequest.get(path).get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
