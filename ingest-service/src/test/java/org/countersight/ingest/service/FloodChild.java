package org.countersight.ingest.service;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.countersight.ingest.config.Settings.FetchSettings;
import org.countersight.ingest.config.Settings.KafkaSettings;
import org.countersight.ingest.config.Settings.Limits;
import org.countersight.ingest.config.Settings.PollSettings;

import java.time.Duration;
import java.util.Map;

/**
 * The ingest engine on its own, for {@link FloodFeedTest} to run in a JVM with a small heap: production limits
 * (the default {@link org.countersight.ingest.config.Settings.Limits}), polls every few seconds. Runs until killed.
 * Arguments: Kafka bootstrap servers, the body cap in bytes, items read per document.
 */
public final class FloodChild {

    public static void main(String[] args) throws Exception {
        KafkaSettings k = new KafkaSettings(args[0], Map.of(), 2, (short) 1, "ingest");
        FetchSettings f = new FetchSettings(true, Duration.ofSeconds(5), Duration.ofSeconds(20), Duration.ofSeconds(60),
                Long.parseLong(args[1]), 5, FetchSettings.userAgentFor("http://flood.test/"), Duration.ZERO, 2);
        Limits d = Limits.DEFAULTS;
        PollSettings p = new PollSettings(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(4),
                Duration.ofSeconds(1), Duration.ofSeconds(2), 3,
                new Limits(Integer.parseInt(args[2]), d.maxNewItemsPerPoll(), d.dailyNewItemsQuota(), d.timeBudget()));
        IngestEngine engine = new IngestEngine(k, f, p, new SimpleMeterRegistry(), "flood-child").start();
        Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
        System.out.println("flood child started, max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB");
        Thread.currentThread().join();
    }
}
