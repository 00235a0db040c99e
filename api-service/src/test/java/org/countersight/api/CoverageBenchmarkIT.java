package org.countersight.api;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countersight.events.Json;
import org.countersight.events.Source;
import org.countersight.events.SourceStatus;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not a test (skipped unless -Dbenchmark=true). The packaged jar against the in-JVM broker with
 * {@code -Dbenchmark.sources} (default 5,000) sources in 120 countries, their statuses (OK, network and HTTP failures,
 * paused) and {@code -Dbenchmark.articles} (default 150,000) articles over the last 30 days; then
 * {@code GET /api/v1/coverage} from {@code -Dbenchmark.clients} (default 4) concurrent clients, 250 requests each.
 * Command and figures: docs/benchmarks.md, "Coverage".
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class CoverageBenchmarkIT {

    static final int SOURCES = Integer.getInteger("benchmark.sources", 5_000);
    static final int ARTICLES = Integer.getInteger("benchmark.articles", 150_000);
    static final int CLIENTS = Integer.getInteger("benchmark.clients", 4);
    static final int REQUESTS = Integer.getInteger("benchmark.requests", 250);

    @Test
    void coverageOfFiveThousandSources(@TempDir Path data) throws Exception {
        List<String> countries = new ArrayList<>();
        for (String cc : Locale.getISOCountries()) {
            if (countries.size() < 120) {
                countries.add(cc);
            }
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
            int port = KillRestartIT.freePort();
            Process p = new ApiBenchmarkIT().start(kafka.bootstrapServers(), port, data);
            try {
                new KillRestartIT().awaitReady(port, p);
                Random r = new Random(5);
                Instant now = Instant.now();
                List<Source> sources = new ArrayList<>();
                long t0 = System.nanoTime();
                try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "1",
                        ProducerConfig.LINGER_MS_CONFIG, "20", ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
                        new StringSerializer(), new ByteArraySerializer())) {
                    for (int i = 0; i < SOURCES; i++) {
                        String cc = countries.get(i % countries.size());
                        String url = "https://news" + i + ".bench-" + cc.toLowerCase(Locale.ROOT) + ".example.org/feed.xml";
                        Source s = new Source(Source.SCHEMA_VERSION, Source.idFor(url), url, "Bench " + i, cc, "en", 15,
                                now.minus(Duration.ofDays(60)));
                        sources.add(s);
                        producer.send(new ProducerRecord<>(Topics.SOURCES, s.id(), Json.write(s)));
                        int kind = r.nextInt(20);
                        SourceStatus st = kind < 15
                                ? new SourceStatus(1, s.id(), url, SourceStatus.State.OK, now, now, 200, null, 20, 1, 500, 0, now.plusSeconds(900), null, null, null)
                                : kind < 17 ? new SourceStatus(1, s.id(), url, SourceStatus.State.ERROR, now, now.minusSeconds(3600), null,
                                "could not connect to news" + i + " within 10 s", 0, 0, 500, 2, now.plusSeconds(600), null, null, SourceStatus.Failure.CONNECT_TIMEOUT)
                                : kind < 19 ? new SourceStatus(1, s.id(), url, SourceStatus.State.ERROR, now, now.minusSeconds(3600), 503,
                                "HTTP 503 Service Unavailable", 0, 0, 500, 2, now.plusSeconds(600), null, null, SourceStatus.Failure.HTTP)
                                : new SourceStatus(1, s.id(), url, SourceStatus.State.PAUSED, now, now.minus(Duration.ofDays(2)), 404,
                                "HTTP 404 Not Found (paused after 10 consecutive failures)", 0, 0, 500, 10, null, null, null, SourceStatus.Failure.HTTP);
                        producer.send(new ProducerRecord<>(Topics.SOURCES_STATUS, s.id(), Json.write(st)));
                    }
                    for (int i = 0; i < ARTICLES; i++) {
                        Source s = sources.get(r.nextInt(sources.size()));
                        Instant published = now.minusSeconds((long) (r.nextDouble() * Duration.ofDays(30).toSeconds()));
                        TaggedArticle a = Fixtures.article("https://bench.example.org/cov/" + i, "Bulletin " + i, "Council notes " + i,
                                published, List.of(), List.of());
                        a = new TaggedArticle(a.schemaVersion(), a.id(), a.url(), s.id(), s.name(), a.storyId(), a.title(), a.summary(),
                                a.text(), a.language(), a.publishedAt(), a.fetchedAt(), a.taggedAt(), a.surveillance(), a.relevance(),
                                a.truncated(), a.entities(), a.countries(), a.vendors(), a.events(), a.versions());
                        producer.send(new ProducerRecord<>(Topics.ARTICLES_TAGGED, a.id(), Json.write(a)));
                    }
                    producer.flush();
                }
                System.out.printf("BENCH published %d sources with statuses and %d articles in %.1f s%n", SOURCES, ARTICLES,
                        (System.nanoTime() - t0) / 1e9);
                KillRestartIT support = new KillRestartIT();
                while (support.total(port) < ARTICLES) {
                    Thread.sleep(2000);
                }
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                URI uri = URI.create("http://localhost:" + port + "/api/v1/coverage?sort=-failing");
                // the registry and the volumes (refreshed every minute) must cover every source before measuring
                long w0 = System.nanoTime();
                while (true) {
                    String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                    if (body.contains("\"sources\":" + SOURCES + ",") && body.contains("\"volumesAt\"")) {
                        var tree = Json.MAPPER.readTree(body);
                        int last24 = 0;
                        for (var c : tree.path("countries")) {
                            last24 += c.path("articles").path("last24Hours").asInt();
                        }
                        if (last24 > 0) {
                            System.out.printf("BENCH coverage complete after %.1f s: %d countries, %d bytes, %d articles in the last 24 h%n",
                                    (System.nanoTime() - w0) / 1e9, tree.path("countries").size(), body.length(), last24);
                            break;
                        }
                    }
                    Thread.sleep(2000);
                }
                run(http, uri, 50, null);
                run(http, uri, REQUESTS, "GET /api/v1/coverage?sort=-failing");
                run(http, URI.create("http://localhost:" + port + "/api/v1/coverage/" + countries.get(7)), REQUESTS,
                        "GET /api/v1/coverage/" + countries.get(7));
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    void run(HttpClient http, URI uri, int perClient, String label) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        long start = System.nanoTime();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            all.add(CompletableFuture.runAsync(() -> {
                for (int q = 0; q < perClient; q++) {
                    long t = System.nanoTime();
                    try {
                        HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
                        if (res.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - t);
                }
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        if (label == null) {
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("BENCH %s, %d clients x %d: %.0f req/s; p50 %.1f / p90 %.1f / p99 %.1f / max %.1f ms; %d errors%n",
                label, CLIENTS, perClient, sorted.size() / seconds, pct(sorted, 0.5), pct(sorted, 0.9), pct(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1e6, errors.get());
        assertEquals(0, errors.get());
    }

    static double pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
