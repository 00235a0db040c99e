package org.countersight.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Topics;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.testsupport.EmbeddedKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged api-service is killed with SIGKILL while it indexes, restarted, and then holds every
 * published article exactly once. Runs the real jar as a process against the in-JVM broker.
 */
class KillRestartIT {

    static final int N = 30_000;
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void killDuringIndexingThenRestartHoldsEveryArticleExactlyOnce(@TempDir Path data) throws Exception {
        assertTrue(Files.exists(JAR), "package the service first: " + JAR.toAbsolutePath());
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
            int port = freePort();
            Process first = start(kafka.bootstrapServers(), port, data, 1);
            Process second = null;
            try {
                awaitReady(port, first);
                AtomicInteger published = new AtomicInteger();
                Thread publisher = new Thread(() -> publish(kafka.bootstrapServers(), published), "publisher");
                publisher.start();
                // kill once a good part is indexed, while articles are still arriving
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> total(port) >= N / 5);
                long before = total(port);
                first.destroyForcibly().waitFor();
                int publishedAtKill = published.get();
                System.out.printf("kill -9 with %d articles indexed and %d published of %d%n", before, publishedAtKill, N);
                assertTrue(before < N, "killed mid-indexing");
                publisher.join(120_000);
                assertEquals(N, published.get());

                second = start(kafka.bootstrapServers(), port, data, 2);
                awaitReady(port, second);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> total(port) >= N);
                Thread.sleep(1000);
                assertEquals(N, total(port), "every article, none twice");

                // each id exactly once, read back through the export
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/articles/export?format=csv")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                List<String> ids = new ArrayList<>();
                try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                    in.readLine();
                    String line;
                    while ((line = in.readLine()) != null) {
                        ids.add(line.substring(0, line.indexOf(',')));
                    }
                }
                Set<String> distinct = new HashSet<>(ids);
                assertEquals(N, ids.size(), "rows exported");
                assertEquals(N, distinct.size(), "distinct ids");
                for (int i = 0; i < N; i += 997) {
                    assertTrue(distinct.contains(article(i).id()), "article " + i);
                }
            } finally {
                first.destroyForcibly();
                if (second != null) {
                    second.destroy();
                    second.waitFor();
                }
            }
        }
    }

    static TaggedArticle article(int i) {
        return Fixtures.article("https://kill.example.org/a/" + i, "Kill test " + i, "Cameras in district " + i,
                Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), List.of("KH"), List.of("cctv"));
    }

    /** Publishes N articles over several seconds, so the kill lands while they are still arriving. */
    static void publish(String bootstrap, AtomicInteger published) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < N; i++) {
                TaggedArticle a = article(i);
                p.send(new ProducerRecord<>(Topics.ARTICLES_TAGGED, a.id(), Json.write(a)));
                if (i % 1000 == 999) {
                    p.flush();
                    published.set(i + 1);
                    Thread.sleep(300);
                }
            }
            p.flush();
            published.set(N);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    Process start(String bootstrap, int port, Path data, int run) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        // it polls the total every 50 ms, far above a person's search rate limit
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-Dcountersight.index.commit-interval=2s",
                "-Dcountersight.limits.search-per-minute=1000000", "-Dcountersight.limits.search-burst=1000000",
                "-jar", JAR.toAbsolutePath().toString());
        pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        pb.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        pb.environment().put("COUNTERSIGHT_DATA", data.toAbsolutePath().toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(Path.of("target", "kill-restart-it-run" + run + ".log").toFile());
        return pb.start();
    }

    void awaitReady(int port, Process p) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            assertTrue(p.isAlive(), "the service exited; see target/kill-restart-it-run*.log");
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });
    }

    long total(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/articles?limit=1&facets=false")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = Json.MAPPER.readTree(r.body());
        return n.get("total").asLong();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
