package org.countersight.nlp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Everything nlp-service reads from configuration under {@code countersight.*}. */
@ConfigMapping(prefix = "countersight")
public interface NlpConfig {

    Api api();

    interface Api {
        /** Keys for the operator endpoints (env COUNTERSIGHT_API_KEYS, the ones api-service takes); comma-separated. */
        java.util.Optional<String> keys();
    }

    Kafka kafka();

    Nlp nlp();

    Alerts alerts();

    /** {@code POST /diagnostics/tag}: tagging on its own bounded executor, never on the pipeline's workers. */
    interface Diagnostics {
        /** Threads tagging diagnostics requests. */
        @WithDefault("1")
        int threads();

        /** Requests that may wait besides the running ones; beyond that the endpoint answers 429. */
        @WithDefault("2")
        int queued();
    }

    interface Kafka {
        /** Partitions of topics this service creates when missing. */
        @WithDefault("3")
        int partitions();

        @WithName("replication-factor")
        @WithDefault("1")
        short replicationFactor();

        /** {@code min.insync.replicas} of the topics this service creates; 0 keeps the broker's default. */
        @WithName("min-insync-replicas")
        @WithDefault("0")
        int minInsyncReplicas();
    }

    interface Nlp {
        /** Text longer than this is cut and the article flagged {@code truncated}. */
        @WithName("max-chars")
        @WithDefault("100000")
        int maxChars();

        /** Longest CoreNLP may spend on one article before it is dead-lettered. */
        @WithName("article-timeout")
        @WithDefault("PT60S")
        Duration articleTimeout();

        /**
         * The one concurrency setting: tagging threads sharing the one pipeline, and so the articles in flight
         * (one Kafka consumer feeds them whatever the partitions). Set it to the cores this instance may use.
         */
        @WithDefault("2")
        int concurrency();

        /**
         * Articles read ahead besides the {@code concurrency} being tagged; they are tagged round-robin by source, so
         * one flooding source cannot starve the rest (an article of another source read behind the flood waits for
         * one article of each source, not for the flood). Each read-ahead article stays uncommitted until it is
         * tagged: keep {@code queued-articles} × the slowest tagging time / {@code concurrency} well below the
         * connector's {@code throttled.unprocessed-record-max-age.ms} (5 min).
         */
        /** {@code POST /diagnostics/tag}. */
        Diagnostics diagnostics();

        @WithName("queued-articles")
        @WithDefault("256")
        int queuedArticles();

        /** Build the pipeline at start-up (tests of other parts may switch it off). */
        @WithName("warm-up-documents")
        @WithDefault("3")
        int warmUpDocuments();

        /**
         * Re-tagging run over history (README, "Reprocess"): consume articles.raw under its own group, rewrite
         * articles.tagged, raise no alerts.
         */
        @WithDefault("false")
        boolean reprocess();
    }

    interface Alerts {
        /** Only articles published within this window raise alerts (replays never flood subscribers). */
        @WithName("fresh-window")
        @WithDefault("PT72H")
        Duration freshWindow();

        @WithName("min-confidence")
        @WithDefault("0.5")
        double minConfidence();

        /** How many recent storyIds are remembered to alert a story once. */
        @WithName("story-memory")
        @WithDefault("10000")
        int storyMemory();
    }
}
