package org.countersight.api;

import org.countersight.events.ArticleIds;
import org.countersight.events.TaggedArticle;
import org.countersight.events.Taxonomy;
import org.countersight.events.VendorRegistry;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark, not a test (skipped unless -Dbenchmark=true). Runs the packaged jar against the in-JVM broker,
 * indexes {@code -Dbenchmark.articles} (default 1,000,000) synthetic tagged articles, each with one or two events
 * in one of 40 countries, {@code -Dbenchmark.vendorShare} (default 0.3) of them naming one or two of 60 registry
 * vendors, then times GET /api/v1/flows (and /map, /vendors) from one client, one request at a time, per query
 * shape. Command and figures: docs/benchmarks.md, "Vendor flows".
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class FlowsBenchmarkIT {

    static final int N = Integer.getInteger("benchmark.articles", 1_000_000);
    static final double VENDOR_SHARE = Double.parseDouble(System.getProperty("benchmark.vendorShare", "0.3"));
    static final int QUERIES = Integer.getInteger("benchmark.queries", 200);
    static final List<String> COUNTRIES = List.of("KH", "VN", "TH", "MM", "LA", "IN", "PK", "BD", "ID", "PH", "MY", "KE",
            "UG", "TZ", "NG", "ET", "RS", "TR", "IR", "ZW", "ZM", "EG", "SA", "AE", "BR", "EC", "BO", "VE", "MX", "KZ",
            "UZ", "BY", "AZ", "LK", "NP", "SN", "CI", "GH", "RW", "MA");
    static final List<String> CATEGORIES = Taxonomy.ids();
    static final List<String> VENDORS = VendorRegistry.bundled().all().stream().limit(60)
            .map(VendorRegistry.Vendor::name).toList();
    static final Instant START = LocalDate.of(2024, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
    static final long SPAN_SECONDS = Duration.ofDays(730).toSeconds();

    static TaggedArticle article(int i, Random r) {
        String url = "https://bench-flows.example.org/" + i;
        Instant at = START.plusSeconds((long) (r.nextDouble() * SPAN_SECONDS));
        List<TaggedArticle.Event> events = new ArrayList<>();
        boolean vendors = r.nextDouble() < VENDOR_SHARE;
        int n = 1 + r.nextInt(2);
        for (int e = 0; e < n; e++) {
            String country = COUNTRIES.get(r.nextInt(COUNTRIES.size()));
            String sentence = "Synthetic evidence sentence " + i + "/" + e + " about surveillance in " + country + ".";
            List<String> named = !vendors ? List.of() : r.nextInt(4) == 0
                    ? List.of(VENDORS.get(r.nextInt(VENDORS.size())), VENDORS.get(r.nextInt(VENDORS.size())))
                    : List.of(VENDORS.get(r.nextInt(VENDORS.size())));
            events.add(new TaggedArticle.Event(CATEGORIES.get(r.nextInt(CATEGORIES.size())), "trigger", sentence, 0,
                    sentence.length(), 0.3 + 0.69 * r.nextDouble(), country, List.copyOf(new java.util.LinkedHashSet<>(named)),
                    List.of(), false));
        }
        List<TaggedArticle.CountryRef> countries = events.stream().map(TaggedArticle.Event::country).distinct()
                .map(c -> new TaggedArticle.CountryRef(c, TaggedArticle.CountryRef.EVENT)).toList();
        return new TaggedArticle(TaggedArticle.SCHEMA_VERSION, ArticleIds.fromUrl(url), url, "bench", "Bench", null,
                "Synthetic article " + i, "summary " + i, "Synthetic text of article " + i + ".", "en", at, at, at, true,
                0.9, false, List.of(), countries, List.of(), events, new TaggedArticle.Versions("bench", "1.1", "-"));
    }

    @Test
    void benchmark(@TempDir Path data) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 3, (short) 1);
            KillRestartIT support = new KillRestartIT();
            int port = KillRestartIT.freePort();
            Process p = new ApiBenchmarkIT().start(kafka.bootstrapServers(), port, data);
            try {
                support.awaitReady(port, p);
                long t0 = System.nanoTime();
                Random random = new Random(13);
                ApiBenchmarkIT.publishTagged(kafka.bootstrapServers(), N, i -> article(i, random));
                System.out.printf("BENCH published %d articles in %.1f s%n", N, (System.nanoTime() - t0) / 1e9);
                long i0 = System.nanoTime();
                while (support.total(port) < N) {
                    Thread.sleep(5000);
                }
                System.out.printf("BENCH indexed %d articles in %.1f s after publishing%n", N, (System.nanoTime() - i0) / 1e9);
                long m0 = System.nanoTime();
                int idle = 0;
                while (idle < 2 && System.nanoTime() - m0 < TimeUnit.MINUTES.toNanos(15)) {
                    idle = ApiBenchmarkIT.indexState(port).contains("merging 0 ") ? idle + 1 : 0;
                    Thread.sleep(5000);
                }
                Thread.sleep(6000); // one commit interval: the searchers see the merged segments
                System.out.printf("BENCH index: %s%n", ApiBenchmarkIT.indexState(port));
                String base = "http://localhost:" + port + "/api/v1/";
                JsonSize size = new JsonSize();
                measure("flows, no filter (json, 100 edges, 1 sample each)", i -> base + "flows", size);
                measure("flows by vendor, no filter", i -> base + "flows?by=vendor", size);
                measure("flows, no filter, no evidence (samples=0)", i -> base + "flows?samples=0", size);
                // a new far-future 'to' each time matches every article but is a new query: no cached segment helps
                measure("flows, uncached (to=a different far-future day each request)",
                        i -> base + "flows?to=" + LocalDate.of(2040, 1, 1).plusDays(i), size);
                measure("flows, one event country", i -> base + "flows?country=" + COUNTRIES.get(i % COUNTRIES.size()), size);
                measure("flows, 90-day range + category + minConfidence 0.6", i -> {
                    LocalDate from = LocalDate.of(2024, 1, 1).plusDays(i * 7L % 640);
                    return base + "flows?from=" + from + "&to=" + from.plusDays(90) + "&category="
                            + CATEGORIES.get(i % CATEGORIES.size()) + "&minConfidence=0.6";
                }, size);
                measure("flows, gexf, every edge with 1 sample each", i -> base + "flows?format=gexf", size, Math.max(10, QUERIES / 4));
                measure("map, no filter", i -> base + "map", size);
                measure("vendors, no filter", i -> base + "vendors", size);
            } finally {
                p.destroy();
                p.waitFor(30, TimeUnit.SECONDS);
                p.destroyForcibly();
            }
        }
    }

    static final class JsonSize {
        long last;
    }

    void measure(String label, IntFunction<String> url, JsonSize size) throws Exception {
        measure(label, url, size, QUERIES);
    }

    void measure(String label, IntFunction<String> url, JsonSize size, int queries) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 20; i++) { // warm-up
            client.send(HttpRequest.newBuilder(URI.create(url.apply(i + 1000))).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        List<Long> latencies = new ArrayList<>();
        for (int i = 0; i < queries; i++) {
            long t = System.nanoTime();
            HttpResponse<byte[]> resp = client.send(HttpRequest.newBuilder(URI.create(url.apply(i))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            latencies.add(System.nanoTime() - t);
            assertEquals(200, resp.statusCode(), new String(resp.body()));
            size.last = resp.body().length;
        }
        Collections.sort(latencies);
        System.out.printf("BENCH %s, %d requests one at a time: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; "
                        + "last response %,d bytes%n", label, queries, ApiBenchmarkIT.pct(latencies, 50),
                ApiBenchmarkIT.pct(latencies, 90), ApiBenchmarkIT.pct(latencies, 99),
                latencies.get(latencies.size() - 1) / 1e6, size.last);
    }
}
