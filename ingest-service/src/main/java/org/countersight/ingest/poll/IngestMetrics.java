package org.countersight.ingest.poll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Micrometer meters of the poller: fetches by outcome, fetch latency, articles sent, bytes fetched. */
public final class IngestMetrics {

    public static final String FETCHES = "countersight.ingest.fetches";
    public static final String FETCH_LATENCY = "countersight.ingest.fetch.latency";
    public static final String ARTICLES_SENT = "countersight.ingest.articles.sent";
    public static final String BYTES = "countersight.ingest.fetch.bytes";

    private final MeterRegistry registry;
    private final Map<String, Counter> fetches = new ConcurrentHashMap<>();
    private final Map<String, Timer> latency = new ConcurrentHashMap<>();
    private final Counter articlesSent;
    private final Counter bytes;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.articlesSent = Counter.builder(ARTICLES_SENT).description("articles acknowledged on articles.raw").register(registry);
        this.bytes = Counter.builder(BYTES).description("feed bytes received (after decompression)").baseUnit("bytes").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** @param outcome ok, not_modified, fetch_error, parse_error, publish_error, error */
    void fetched(String outcome, Duration took) {
        fetches.computeIfAbsent(outcome, o -> Counter.builder(FETCHES).tag("outcome", o)
                .description("feed fetches by outcome").register(registry)).increment();
        latency.computeIfAbsent(outcome, o -> Timer.builder(FETCH_LATENCY).tag("outcome", o)
                .description("time of one fetch, parse and publish").register(registry)).record(took);
    }

    void articlesSent(int n) {
        articlesSent.increment(n);
    }

    void bytes(long n) {
        bytes.increment(n);
    }
}
