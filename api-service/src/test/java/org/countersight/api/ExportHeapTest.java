package org.countersight.api;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.countersight.api.index.ArticleIndex;
import org.countersight.api.index.IndexService;
import org.countersight.events.Json;
import org.countersight.events.TaggedArticle;
import org.countersight.testsupport.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export streams every matching article once, as CSV. The articles are written through the indexer's own upsert
 * path (Kafka would only add minutes), into an index of their own, while the feeder's periodic refresh runs.
 * <p>
 * With {@code -Dbenchmark=true} (opt-in: heap figures depend on the machine and the collector) it writes 100,000
 * articles and measures live heap (after a full GC) every 10,000 rows received, while the server is mid-stream,
 * asserting it stays flat. The default suite writes {@value #DEFAULT_N} and checks only what a user sees.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(ExportHeapTest.OwnIndex.class)
class ExportHeapTest {

    public static class OwnIndex implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("countersight.index.dir", "target/test-data/api-export/index");
        }
    }

    static final boolean BENCHMARK = Boolean.getBoolean("benchmark");
    static final int DEFAULT_N = 20_000;
    static final int N = BENCHMARK ? 100_000 : DEFAULT_N;

    @Inject
    IndexService indexService;

    @TestHTTPResource("/api/v1/articles/export")
    URL exportUrl;

    @Test
    void exportsEveryArticleOnceAndWithAFlatHeapInTheBenchmark() throws Exception {
        Fixtures.awaitReady();
        ArticleIndex index = indexService.index();
        Instant base = Instant.parse("2025-01-01T00:00:00Z");
        for (int i = 0; i < N; i++) {
            TaggedArticle a = Fixtures.article("https://export.example.org/a/" + i, "Export article " + i,
                    "Cameras were installed in district " + i + " according to the city.", base.plusSeconds(i * 60L),
                    List.of(i % 2 == 0 ? "KH" : "VN"), List.of(i % 3 == 0 ? "cctv" : "drones"));
            index.upsert(a, Json.write(a));
        }
        index.refresh();
        assertEquals(N, index.documentCount(), "every article written is searchable after refresh()");

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long baseline = BENCHMARK ? liveHeap(memory) : 0;
        List<Long> samples = new ArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(exportUrl + "?format=csv&q=cameras")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        int rows = 0;
        long bytes = 0;
        Set<String> seenSample = new HashSet<>();
        Set<String> ids = BENCHMARK ? null : new HashSet<>(N * 2); // not in the benchmark: it would be live heap
        try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String header = r.readLine();
            assertTrue(header.startsWith("id,"), header);
            String line;
            while ((line = r.readLine()) != null) {
                rows++;
                bytes += line.length() + 2;
                if (ids != null) {
                    ids.add(line.substring(0, line.indexOf(',')));
                }
                if (rows % 10_000 == 0) {
                    if (BENCHMARK) {
                        samples.add(liveHeap(memory) - baseline);
                    }
                    seenSample.add(line.substring(0, line.indexOf(',')));
                }
            }
        }
        assertEquals(N, rows, "one row per article");
        assertEquals(N / 10_000, seenSample.size());
        if (ids != null) {
            assertEquals(N, ids.size(), "each article exported once");
        }
        if (!BENCHMARK) {
            return;
        }
        long max = samples.stream().mapToLong(Long::longValue).max().orElseThrow();
        long growth = samples.get(samples.size() - 1) - samples.get(0);
        System.out.printf("export: %d rows, %.1f MB of CSV; live heap above baseline every 10k rows (MB): %s%n", rows,
                bytes / 1e6, samples.stream().map(s -> String.format("%.1f", s / 1e6)).toList());
        assertTrue(max < 48L * 1024 * 1024, "live heap while streaming stays under 48 MB above the baseline: " + max);
        assertTrue(Math.abs(growth) < 16L * 1024 * 1024, "and does not grow with the rows sent: " + growth);
        assertTrue(bytes > 3 * max, "the result (" + bytes + " bytes) is larger than the heap it needed (" + max + ")");
    }

    /** Heap used after a full collection: the data actually kept alive at this moment. */
    private static long liveHeap(MemoryMXBean memory) {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
