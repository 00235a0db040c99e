package org.countersight.ingest.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.Topics;
import org.countersight.ingest.config.Settings;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.countersight.ingest.config.Settings.PollSettings;
import org.countersight.ingest.service.IngestEngine;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.awaitility.Awaitility.await;

/**
 * A benchmark, not a test: one ingest instance (the real {@link IngestEngine}: Kafka consumer,
 * poller, fetcher, parser, publisher, production politeness of 1 s per host) against a local server with
 * {@code benchmark.sources} (5,000) feeds polled every 5 minutes, for {@code benchmark.minutes} (7).
 * <p>
 * Every source has its own host name, 127.0.x.y (all of 127.0.0.0/8 is loopback on Linux; the server listens on
 * the wildcard address and answers only loopback peers), so per-host politeness spaces nothing artificially.
 * Each feed has 10 items of ~600 characters (~8 KB); it gains a new item every 15 minutes (staggered over the
 * sources) and answers 304 to a matching If-None-Match otherwise, so about a third of the polls parse and send.
 * The broker and the feed server run in the same JVM, so heap and CPU figures are upper bounds for ingest.
 * <pre>
 * ./mvnw -q -pl ingest-service -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=IngestBenchmark -Dbenchmark=true \
 *     -DargLine=-Xmx512m [-Dbenchmark.sources=5000 -Dbenchmark.minutes=7]
 * </pre>
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class IngestBenchmark {

    private static final Duration INTERVAL = Duration.ofMinutes(5);

    @Test
    void fiveThousandSourcesEveryFiveMinutes() throws Exception {
        int n = Integer.getInteger("benchmark.sources", 5000);
        int minutes = Integer.getInteger("benchmark.minutes", 7);
        long t0 = System.nanoTime();
        AtomicLongArray lastFetch = new AtomicLongArray(n);
        Map<Integer, List<Long>> gaps = new ConcurrentHashMap<>();
        AtomicLong requests = new AtomicLong();
        AtomicLong notModified = new AtomicLong();
        AtomicLong refused = new AtomicLong();

        HttpServer server = HttpServer.create(new InetSocketAddress(0), 512);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "bench-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> serve(ex, t0, lastFetch, gaps, requests, notModified, refused));
        server.start();
        int port = server.getAddress().getPort();

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            KafkaSettings k = new KafkaSettings(kafka.bootstrapServers(), Map.of(), 3, (short) 1, "ingest");
            FetchSettings f = new FetchSettings(true, Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(30),
                    10 * 1024 * 1024, 5, FetchSettings.userAgentFor("http://bench.test/"), Duration.ofSeconds(1), 8);
            PollSettings p = new PollSettings(INTERVAL, INTERVAL, INTERVAL, Duration.ofMinutes(5), Duration.ofHours(6), 10);
            try (IngestEngine engine = new IngestEngine(k, f, p, Settings.EnrichSettings.DEFAULTS_NO_FULL_TEXT,
                    new SimpleMeterRegistry(), "bench").start()) {
                await().atMost(Duration.ofSeconds(120)).until(engine::isReady);
                publishSources(kafka.bootstrapServers(), n, port);
                Instant start = Instant.now();
                System.out.printf("%n[bench] %d sources on 127.0.x.y:%d, interval %s, running %d min%n", n, port, INTERVAL, minutes);
                Sampler sampler = new Sampler();
                long lastReq = 0;
                long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
                while (System.nanoTime() < end) {
                    Thread.sleep(30_000);
                    sampler.sample();
                    long r = requests.get();
                    System.out.printf("[bench] t=%3ds requests %6d (+%5d in 30 s = %5.1f/s), 304 %6d, heap used %4d MB, "
                                    + "live after GC %4d MB, owned %d%n",
                            Duration.between(start, Instant.now()).toSeconds(), r, r - lastReq, (r - lastReq) / 30.0,
                            notModified.get(), sampler.lastUsedMb, sampler.lastLiveMb,
                            engine.poller() == null ? 0 : engine.poller().sourceCount());
                    lastReq = r;
                }
                double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                sampler.sample();
                report(n, seconds, requests.get(), notModified.get(), refused.get(), gaps, lastFetch, sampler);
            }
        } finally {
            server.stop(0);
        }
    }

    private static void serve(HttpExchange ex, long t0, AtomicLongArray lastFetch, Map<Integer, List<Long>> gaps,
                              AtomicLong requests, AtomicLong notModified, AtomicLong refused) throws java.io.IOException {
        try (ex) {
            if (!ex.getRemoteAddress().getAddress().isLoopbackAddress()) {
                refused.incrementAndGet();
                ex.sendResponseHeaders(403, -1);
                return;
            }
            // the host name says which source: 127.0.x.y -> x * 250 + (y - 1)
            String host = ex.getRequestHeaders().getFirst("Host");
            String[] parts = host.split(":")[0].split("\\.");
            int i = Integer.parseInt(parts[2]) * 250 + Integer.parseInt(parts[3]) - 1;
            long now = System.nanoTime();
            long prev = lastFetch.getAndSet(i, now);
            if (prev != 0) {
                gaps.computeIfAbsent(i % 64, x -> java.util.Collections.synchronizedList(new ArrayList<>()))
                        .add(now - prev);
            }
            requests.incrementAndGet();
            // a new item every 15 minutes, staggered over the sources
            long version = (Duration.ofNanos(now - t0).toSeconds() + i * 7L) / 900;
            String etag = "\"v" + version + "\"";
            ex.getResponseHeaders().add("ETag", etag);
            if (etag.equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
                notModified.incrementAndGet();
                ex.sendResponseHeaders(304, -1);
                return;
            }
            byte[] body = feed(i, version).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/rss+xml; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static final String FILLER = ("The council met again on Tuesday to discuss the camera network, the data it keeps "
            + "and who may see it. Residents asked how long recordings are stored and whether faces are matched against "
            + "any list. Officials said a review is due in the spring and that the contract runs for five more years. ").repeat(2);

    private static String feed(int source, long version) {
        StringBuilder sb = new StringBuilder(9000).append("<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\"><channel>")
                .append("<title>Bench feed ").append(source).append("</title><link>https://bench.example.org/")
                .append(source).append("/</link><description>benchmark</description><language>en</language>");
        for (long v = version; v > version - 10; v--) {
            sb.append("<item><title>Story ").append(v).append(" of feed ").append(source).append("</title>")
                    .append("<link>https://bench.example.org/").append(source).append("/").append(v).append("</link>")
                    .append("<description>Item ").append(v).append(" of source ").append(source).append(". ")
                    .append(FILLER).append("</description><pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>");
        }
        return sb.append("</channel></rss>").toString();
    }

    private static void publishSources(String bootstrap, int n, int port) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < n; i++) {
                String url = "http://127.0." + (i / 250) + "." + (i % 250 + 1) + ":" + port + "/feed.xml";
                Source s = new Source(Source.SCHEMA_VERSION, Source.idFor(url), url, "Bench " + i, null, null, 5,
                        Instant.now());
                producer.send(new ProducerRecord<>(Topics.SOURCES, s.id(), Json.write(s)));
            }
            producer.flush();
        }
    }

    /** Heap (used, and live after the last collection of the old generation) and CPU time per thread group. */
    static final class Sampler {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final Map<Long, long[]> cpuByThread = new HashMap<>(); // id -> {nanos, group}
        final Map<Long, String> names = new HashMap<>();
        long maxUsedMb;
        long maxLiveMb;
        long lastUsedMb;
        long lastLiveMb;
        final long cpuStart = processCpu();
        final long wallStart = System.nanoTime();

        void sample() {
            Runtime rt = Runtime.getRuntime();
            lastUsedMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
            long live = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null
                        && (pool.getName().contains("Old") || pool.getName().contains("Tenured"))) {
                    live += pool.getCollectionUsage().getUsed();
                }
            }
            lastLiveMb = live >> 20;
            maxUsedMb = Math.max(maxUsedMb, lastUsedMb);
            maxLiveMb = Math.max(maxLiveMb, lastLiveMb);
            for (long id : threads.getAllThreadIds()) {
                long cpu = threads.getThreadCpuTime(id);
                var info = threads.getThreadInfo(id);
                if (cpu >= 0 && info != null) {
                    cpuByThread.put(id, new long[]{cpu});
                    names.put(id, info.getThreadName());
                }
            }
        }

        Map<String, Double> cpuSecondsByGroup() {
            Map<String, Double> out = new java.util.TreeMap<>();
            cpuByThread.forEach((id, v) -> out.merge(group(names.get(id)), v[0] / 1e9, Double::sum));
            return out;
        }

        static String group(String name) {
            if (name.startsWith("poll-") || name.startsWith("HttpClient") || name.contains("| ingest-")
                    || name.startsWith("ingest")) {
                return "ingest (poller, fetcher, its Kafka clients)";
            }
            if (name.startsWith("bench-server") || name.startsWith("HTTP-Dispatcher") || name.startsWith("server-timer")) {
                return "feed server";
            }
            if (name.startsWith("GC") || name.startsWith("G1") || name.startsWith("C1") || name.startsWith("C2")
                    || name.contains("Compiler") || name.startsWith("VM")) {
                return "JVM (GC, JIT)";
            }
            return "broker and the rest";
        }

        static long processCpu() {
            var os = ManagementFactory.getOperatingSystemMXBean();
            return os instanceof com.sun.management.OperatingSystemMXBean s ? s.getProcessCpuTime() : -1;
        }
    }

    private static void report(int n, double seconds, long requests, long notModified, long refused,
                               Map<Integer, List<Long>> gaps, AtomicLongArray lastFetch, Sampler s) {
        List<Long> all = new ArrayList<>();
        gaps.values().forEach(l -> {
            synchronized (l) {
                all.addAll(l);
            }
        });
        long[] g = all.stream().mapToLong(Long::longValue).sorted().toArray();
        int polled = 0;
        for (int i = 0; i < n; i++) {
            if (lastFetch.get(i) != 0) {
                polled++;
            }
        }
        double cpu = (Sampler.processCpu() - s.cpuStart) / 1e9;
        double wall = (System.nanoTime() - s.wallStart) / 1e9;
        System.out.printf("%n[bench] ==== %d sources, interval %s, %.0f s ====%n", n, INTERVAL, seconds);
        System.out.printf("[bench] requests %d (%.1f/s sustained; the schedule needs %.1f/s), 304 %d, sources polled %d, "
                + "non-loopback refused %d%n", requests, requests / seconds, n / (double) INTERVAL.toSeconds(), notModified, polled, refused);
        if (g.length > 0) {
            System.out.printf("[bench] gap between two polls of one source (%d gaps): min %.1f s, median %.1f s, p99 %.1f s, max %.1f s%n",
                    g.length, g[0] / 1e9, g[g.length / 2] / 1e9, g[(int) (g.length * 0.99)] / 1e9, g[g.length - 1] / 1e9);
        }
        System.out.printf("[bench] process CPU %.1f s over %.0f s wall = %.1f%% of one core (%d cores)%n", cpu, wall,
                100 * cpu / wall, Runtime.getRuntime().availableProcessors());
        s.cpuSecondsByGroup().forEach((k, v) -> System.out.printf("[bench]   %-45s %.1f s CPU%n", k, v));
        System.out.printf("[bench] heap: max used %d MB, max live after old-gen GC %d MB, -Xmx %d MB%n", s.maxUsedMb,
                s.maxLiveMb, Runtime.getRuntime().maxMemory() >> 20);
    }
}
