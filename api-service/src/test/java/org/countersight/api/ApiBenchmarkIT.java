package org.countersight.api;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countersight.events.Alert;
import org.countersight.events.ArticleIds;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not a test (skipped unless -Dbenchmark=true). Runs the packaged jar against the in-JVM
 * broker: indexes {@code -Dbenchmark.articles} (default 1,000,000) synthetic tagged articles from articles.tagged,
 * then measures typical searches (text + country + date range + facets) from 8 concurrent clients, then 500 SSE
 * clients receiving one new alert. Command and figures: README, "Benchmark".
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ApiBenchmarkIT {

    static final int N = Integer.getInteger("benchmark.articles", 1_000_000);
    static final int CLIENTS = 8;
    static final int QUERIES_PER_CLIENT = Integer.getInteger("benchmark.queries", 250);
    static final int SSE_CLIENTS = Integer.getInteger("benchmark.sse", 500);
    static final List<String> COUNTRIES = List.of("KH", "VN", "TH", "MM", "LA", "CN", "IN", "PK", "BD", "ID", "PH", "MY",
            "KE", "UG", "TZ", "NG", "ET", "RS", "TR", "IR");
    static final List<String> CATEGORIES = org.countersight.events.Taxonomy.ids();
    static final List<String> WORDS = List.of("police", "cameras", "facial", "recognition", "drones", "protest", "network",
            "shutdown", "firewall", "spyware", "biometric", "identity", "city", "monitoring", "ministry", "contract",
            "vendor", "installed", "activists", "journalists", "court", "ruling", "surveillance", "system", "border",
            "election", "mobile", "data", "telecom", "students");
    static final Instant START = LocalDate.of(2024, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    static final long SPAN_SECONDS = Duration.ofDays(730).toSeconds();

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(4)).build();

    static TaggedArticle article(int i, Random r) {
        StringBuilder text = new StringBuilder();
        for (int w = 0; w < 60; w++) {
            text.append(WORDS.get(r.nextInt(WORDS.size()))).append(w % 12 == 11 ? ". " : " ");
        }
        String country = COUNTRIES.get(r.nextInt(COUNTRIES.size()));
        String category = CATEGORIES.get(r.nextInt(CATEGORIES.size()));
        String title = WORDS.get(r.nextInt(WORDS.size())) + " " + WORDS.get(r.nextInt(WORDS.size())) + " in " + country + " " + i;
        TaggedArticle a = Fixtures.article("https://bench.example.org/" + i, title, text.toString(),
                START.plusSeconds((long) (r.nextDouble() * SPAN_SECONDS)), List.of(country), List.of(category));
        return a;
    }

    @Test
    void benchmark(@TempDir Path data) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
            KillRestartIT support = new KillRestartIT();
            int port = KillRestartIT.freePort();
            Process p = start(kafka.bootstrapServers(), port, data);
            try {
                support.awaitReady(port, p);

                // 1. publish, then measure how fast the service indexes what is waiting for it (the normal catch-up case)
                long t0 = System.nanoTime();
                Random random = new Random(1);
                publishTagged(kafka.bootstrapServers(), N, i -> article(i, random));
                double publishS = (System.nanoTime() - t0) / 1e9;
                System.out.printf("BENCH published %d articles in %.1f s%n", N, publishS);
                long i0 = System.nanoTime();
                long last = -1;
                while (true) {
                    long total = support.total(port);
                    if (total >= N) {
                        break;
                    }
                    if (total != last) {
                        System.out.printf("BENCH indexed %d after %.0f s%n", total, (System.nanoTime() - i0) / 1e9);
                        last = total;
                    }
                    Thread.sleep(5000);
                }
                double indexS = (System.nanoTime() - i0) / 1e9;
                System.out.printf("BENCH indexing: %d articles in %.1f s after publishing = %.0f articles/s (published+indexed end to end: %.0f articles/s)%n",
                        N, indexS, N / indexS, N / ((System.nanoTime() - t0) / 1e9));

                // 2. typical searches from 8 concurrent clients: first right after the bulk load (a short warm-up:
                //    JIT and caches still cold, merges of the fresh segments may still run), then again once no merge
                //    runs and the searchers see the merged index (steady state)
                queries(port, 40, null); // warm-up
                System.out.printf("BENCH index at query start: %s%n", indexState(port));
                queries(port, QUERIES_PER_CLIENT, "first queries after the bulk load (320 warm-up queries)");
                long m0 = System.nanoTime();
                int idle = 0; // two readings without merges 5 s apart: a cascade of merges can pause between steps
                while (idle < 2 && System.nanoTime() - m0 < TimeUnit.MINUTES.toNanos(15)) {
                    idle = indexState(port).contains("merging 0 ") ? idle + 1 : 0;
                    Thread.sleep(5000);
                }
                Thread.sleep(6000); // one commit interval: the feeder refreshes the searchers onto the merged segments
                System.out.printf("BENCH no merge running %.0f s after that; index: %s%n", (System.nanoTime() - m0) / 1e9, indexState(port));
                queries(port, 40, null); // warm-up on the new searcher
                queries(port, QUERIES_PER_CLIENT, "steady state (no merges running, 2,640 queries before)");

                // 3. 500 SSE clients, one new alert
                sse(port, kafka.bootstrapServers());
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    /** Publishes {@code n} tagged articles as fast as the broker takes them (batched, compressed), then flushes. */
    static void publishTagged(String bootstrap, int n, java.util.function.IntFunction<TaggedArticle> article) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.BATCH_SIZE_CONFIG, "262144",
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < n; i++) {
                TaggedArticle a = article.apply(i);
                producer.send(new ProducerRecord<>(Topics.ARTICLES_TAGGED, a.id(), Json.write(a)));
            }
            producer.flush();
        }
    }

    Process start(String bootstrap, int port, Path data) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + System.getProperty("benchmark.heap", "1g")));
        // e.g. -Dbenchmark.jvmArgs="-XX:StartFlightRecording=filename=target/service.jfr,settings=profile" to profile
        String extra = System.getProperty("benchmark.jvmArgs", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(List.of("-jar", KillRestartIT.JAR.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("COUNTERSIGHT_DATA", data.toAbsolutePath().toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(Path.of("target", "benchmark-service.log").toFile());
        return pb.start();
    }

    /** The index gauges from /q/metrics, e.g. "segments 23 merging 0 ". */
    static String indexState(int port) throws Exception {
        String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return "segments " + gauge(metrics, "countersight_index_segments") + " merging " + gauge(metrics, "countersight_index_merging_segments") + " ";
    }

    static long gauge(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return -1;
    }

    /** {@code label} null: a warm-up, not reported. */
    void queries(int port, int perClient, String label) throws Exception {
        boolean report = label != null;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int seed = c;
            all.add(CompletableFuture.runAsync(() -> {
                Random r = new Random(seed * 31L + (report ? 7 : 3));
                for (int q = 0; q < perClient; q++) {
                    String text = WORDS.get(r.nextInt(WORDS.size())) + (r.nextBoolean() ? " " + WORDS.get(r.nextInt(WORDS.size())) : "");
                    LocalDate from = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(700));
                    String url = "http://localhost:" + port + "/api/v1/articles?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8)
                            + "&country=" + COUNTRIES.get(r.nextInt(COUNTRIES.size()))
                            + "&from=" + from + "&to=" + from.plusDays(30 + r.nextInt(150)) + "&limit=20";
                    long t = System.nanoTime();
                    try {
                        HttpResponse<byte[]> resp = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (resp.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t);
                }
            }, pool));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        if (report) {
            List<Long> sorted = new ArrayList<>(latencies);
            Collections.sort(sorted);
            System.out.printf("BENCH queries, %s (text + country + date range + facets, limit 20), %d clients x %d: %.0f queries/s, "
                            + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d%n", label, CLIENTS, perClient,
                    sorted.size() / seconds, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.get(sorted.size() - 1) / 1e6,
                    errors.get());
        }
    }

    static double pct(List<Long> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    void sse(int port, String bootstrap) throws Exception {
        String marker = "benchmark-alert-" + System.nanoTime();
        CountDownLatch connected = new CountDownLatch(SSE_CLIENTS);
        CountDownLatch received = new CountDownLatch(SSE_CLIENTS);
        AtomicLongArray at = new AtomicLongArray(SSE_CLIENTS);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<?>> streams = new ArrayList<>();
        for (int c = 0; c < SSE_CLIENTS; c++) {
            int idx = c;
            Flow.Subscriber<String> lines = new Flow.Subscriber<>() {
                boolean got;

                @Override
                public void onSubscribe(Flow.Subscription s) {
                    s.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(String line) {
                    if (line.startsWith(": connected") || line.startsWith(":connected")) {
                        connected.countDown();
                    } else if (!got && line.startsWith("data:") && line.contains(marker)) {
                        got = true;
                        at.set(idx, System.nanoTime());
                        received.countDown();
                    }
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onComplete() {
                }
            };
            streams.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/alerts/stream")).build(),
                    HttpResponse.BodyHandlers.fromLineSubscriber(lines)));
        }
        boolean allConnected = connected.await(120, TimeUnit.SECONDS);
        System.out.printf("BENCH SSE: %d of %d clients connected%n", SSE_CLIENTS - connected.getCount(), SSE_CLIENTS);
        Thread.sleep(1000);
        String url = "https://bench.example.org/alert/" + marker;
        TaggedArticle.Event e = new TaggedArticle.Event("cctv", "cameras", marker, 0, marker.length(), 0.9, "KH", List.of(), List.of(), false);
        Alert alert = new Alert(Alert.SCHEMA_VERSION, ArticleIds.fromUrl(url), null, url, marker, "bench", "Bench", Instant.now(),
                Instant.now(), 0.9, List.of("KH"), List.of("cctv"), List.of(e));
        long sent;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            producer.partitionsFor(Topics.ALERTS); // metadata first, so the clock starts at the send
            sent = System.nanoTime();
            producer.send(new ProducerRecord<>(Topics.ALERTS, alert.articleId(), Json.write(alert))).get();
        }
        boolean all = received.await(30, TimeUnit.SECONDS);
        List<Long> lat = new ArrayList<>();
        for (int c = 0; c < SSE_CLIENTS; c++) {
            if (at.get(c) != 0) {
                lat.add(at.get(c) - sent);
            }
        }
        Collections.sort(lat);
        System.out.printf("BENCH SSE: %d clients, %d received the new alert (all connected: %s); from send to receipt: "
                        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", SSE_CLIENTS, lat.size(), allConnected,
                lat.isEmpty() ? 0 : pct(lat, 50), lat.isEmpty() ? 0 : pct(lat, 99), lat.isEmpty() ? 0 : lat.get(lat.size() - 1) / 1e6);
        streams.forEach(s -> s.cancel(true));
        assertEquals(SSE_CLIENTS, lat.size(), "every SSE client received the alert");
    }
}
