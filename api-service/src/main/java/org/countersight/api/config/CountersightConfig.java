package org.countersight.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything under {@code countersight.*} that api-service reads (see README for the table). */
@ConfigMapping(prefix = "countersight")
public interface CountersightConfig {

    Kafka kafka();

    Index index();

    Api api();

    Fetch fetch();

    Alerts alerts();

    Demo demo();

    Webhooks webhooks();

    interface Kafka {
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

    interface Index {
        /** Folder of the Lucene index; a view of {@code articles.tagged} that can be deleted and rebuilt. */
        Path dir();

        /** How often indexed work is committed to disk together with the Kafka offsets it covers. */
        @WithName("commit-interval")
        @WithDefault("5s")
        Duration commitInterval();

        /** When true the index folder is wiped at start-up and rebuilt from the start of the topic. */
        @WithDefault("false")
        boolean rebuild();
    }

    interface Api {
        /** Bearer keys accepted on mutating endpoints; none configured means every mutation is refused. */
        Optional<List<String>> keys();
    }

    interface Fetch {
        @WithName("allow-private-networks")
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /** CIDR blocks allowed although not public (one internal host, not the LAN); env COUNTERSIGHT_FETCH_ALLOWED_NETWORKS. */
        @WithName("allowed-networks")
        Optional<List<String>> allowedNetworks();
    }

    interface Alerts {
        /** How many recent alerts each replica keeps for GET /alerts and Last-Event-ID replay. */
        @WithName("buffer-size")
        @WithDefault("10000")
        int bufferSize();

        @WithName("keep-alive")
        @WithDefault("15s")
        Duration keepAlive();
    }

    interface Demo {
        @WithDefault("false")
        boolean enabled();
    }

    interface Webhooks {
        /** Wait before the first retry of a failed delivery; doubled after every further failure. */
        @WithName("initial-backoff")
        @WithDefault("30s")
        Duration initialBackoff();

        /** The longest wait between two attempts. */
        @WithName("max-backoff")
        @WithDefault("1h")
        Duration maxBackoff();

        /** A delivery still failing this long after the alert was read goes to alerts.webhooks.dlq. */
        @WithName("give-up-after")
        @WithDefault("24h")
        Duration giveUpAfter();

        /** Connect and response timeout of one outbound call. */
        @WithDefault("10s")
        Duration timeout();

        /** Outbound calls in flight at once on this replica. */
        @WithDefault("8")
        int concurrency();

        /** Deliveries kept per subscription for GET /api/v1/subscriptions/{id}. */
        @WithDefault("20")
        int history();

        /**
         * Accept and call {@code http://} subscriber URLs. Off by default: deliveries carry alert data and a signature
         * that anyone on the path could read; on for the demo and local tests (env COUNTERSIGHT_WEBHOOKS_ALLOW_HTTP,
         * default COUNTERSIGHT_DEMO_ENABLED).
         */
        @WithName("allow-http")
        @WithDefault("false")
        boolean allowHttp();

        /** Set to false to run a replica that serves the API but sends no webhooks. */
        @WithDefault("true")
        boolean enabled();
    }
}
