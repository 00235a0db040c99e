package org.countersight.nlp.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** Everything nlp-service reads from configuration under {@code countersight.*}. */
@ConfigMapping(prefix = "countersight")
public interface NlpConfig {

    Kafka kafka();

    Nlp nlp();

    Alerts alerts();

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
