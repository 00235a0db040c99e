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

    Cors cors();

    Limits limits();

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

    interface Cors {
        /** Origins whose pages may read the API (GET/HEAD); {@code *} for any. Other methods are same-origin only. */
        @WithDefault("*")
        List<String> origins();
    }

    /** What one client may ask of this replica; clients are API keys, anonymous callers their IP address (IPv6: the /64). */
    interface Limits {
        /** Searches (GET /api/v1/articles, /api/v1/timeline) a client may start per minute, on average. */
        @WithName("search-per-minute")
        @WithDefault("120")
        int searchPerMinute();

        /** Searches a client may start at once before the per-minute rate applies. */
        @WithName("search-burst")
        @WithDefault("40")
        int searchBurst();

        @WithName("export-per-minute")
        @WithDefault("6")
        int exportPerMinute();

        @WithName("export-burst")
        @WithDefault("3")
        int exportBurst();

        /** Opens of the SSE alert stream per client per minute (a browser reconnects by itself after a drop). */
        @WithName("stream-per-minute")
        @WithDefault("30")
        int streamPerMinute();

        @WithName("stream-burst")
        @WithDefault("10")
        int streamBurst();

        /** Exports streaming at once on this replica, all clients together. */
        @WithName("max-concurrent-exports")
        @WithDefault("4")
        int maxConcurrentExports();

        /** SSE clients connected at once on this replica. */
        @WithName("max-stream-clients")
        @WithDefault("500")
        int maxStreamClients();

        /**
         * Live alerts waiting for one slow SSE client (beyond its replay); above this the client gets a final
         * {@code event: dropped} and the stream ends, so its browser reconnects and resumes with Last-Event-ID.
         */
        @WithName("stream-buffer")
        @WithDefault("500")
        int streamBuffer();

        /** A search still running after this answers 503 (time-limited collection); applies to search and timeline. */
        @WithName("search-timeout")
        @WithDefault("5s")
        Duration searchTimeout();

        /** Letters a prefix query needs before {@code *}. */
        @WithName("min-prefix")
        @WithDefault("3")
        int minPrefix();

        /** The largest phrase slop ({@code "a b"~N}). */
        @WithName("max-slop")
        @WithDefault("10")
        int maxSlop();

        /** The largest edit distance of a fuzzy term ({@code word~N}). */
        @WithName("max-fuzziness")
        @WithDefault("1")
        int maxFuzziness();

        /** The largest {@code limit} of a search with {@code q} (every hit of the page gets a highlighted snippet). */
        @WithName("max-highlighted")
        @WithDefault("100")
        int maxHighlighted();

        /** Clients with a rate-limit bucket kept in memory; beyond this, new clients share one bucket until old ones refill. */
        @WithName("max-tracked-clients")
        @WithDefault("100000")
        int maxTrackedClients();
    }
}
