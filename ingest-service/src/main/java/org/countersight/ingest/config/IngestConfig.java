package org.countersight.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything under {@code countersight.*} that ingest-service reads (see the module README for the table). */
@ConfigMapping(prefix = "countersight")
public interface IngestConfig {

    Kafka kafka();

    Fetch fetch();

    Poll poll();

    FullText fulltext();

    Story story();

    Api api();

    interface Api {
        /** Keys for the operator actions (env COUNTERSIGHT_API_KEYS, the ones api-service takes); comma-separated. */
        java.util.Optional<String> keys();
    }

    interface FullText {
        /** Fetch the article page of items that carry only a short text. */
        @WithDefault("true")
        boolean enabled();

        /** Items whose text is shorter than this get their page fetched. */
        @WithDefault("400")
        int minChars();

        /** At most this many article pages per feed poll. */
        @WithDefault("20")
        int maxPagesPerPoll();
    }

    interface Story {
        /** Shortest normalised text that gets a fingerprint (shorter ones are their own story). */
        @WithDefault("500")
        int minChars();

        /** How many recent fingerprints are remembered. */
        @WithDefault("100000")
        int indexSize();
    }

    interface Kafka {
        /** Partitions of topics this service creates at start-up. */
        @WithDefault("3")
        int partitions();

        @WithDefault("1")
        short replicationFactor();

        /** {@code min.insync.replicas} of the topics this service creates; 0 keeps the broker's default. */
        @WithDefault("0")
        int minInsyncReplicas();

        /** The one consumer group that shards the {@code sources} topic among ingest instances. */
        @WithDefault("ingest")
        String groupId();

        /** Extra Kafka client properties (security etc.), e.g. {@code countersight.kafka.client."security.protocol"=SSL}. */
        Map<String, String> client();
    }

    interface Fetch {
        /** Allow fetching private, loopback and link-local addresses (env COUNTERSIGHT_FETCH_ALLOW_PRIVATE_NETWORKS). */
        @WithDefault("false")
        boolean allowPrivateNetworks();

        /**
         * CIDR blocks fetched even though they are not public, e.g. {@code 127.0.0.1/32} for one local demo feed
         * (env COUNTERSIGHT_FETCH_ALLOWED_NETWORKS, comma-separated); everything else private stays refused.
         */
        Optional<List<String>> allowedNetworks();

        @WithDefault("PT10S")
        Duration connectTimeout();

        /** Longest wait for the response headers of one request (one redirect hop). */
        @WithDefault("PT15S")
        Duration readTimeout();

        /** Total time for one fetch: all redirect hops and the whole body (cuts off slow-drip servers). */
        @WithDefault("PT30S")
        Duration deadline();

        /** Largest body accepted, counted while reading and again after gzip/deflate decoding. */
        @WithDefault("10485760")
        long maxBytes();

        @WithDefault("5")
        int maxRedirects();

        /** Contact URL put in the User-Agent: {@code Countersight/0.1 (+<contact-url>)}. */
        @WithDefault("https://example.org/countersight")
        String contactUrl();

        /** At most one request per host per this interval (politeness). */
        @WithDefault("PT1S")
        Duration perHostInterval();

        /** How many fetches run at the same time. */
        @WithDefault("8")
        int concurrency();
    }

    interface Poll {
        /** Interval of a source that does not set pollIntervalMinutes. */
        @WithDefault("PT15M")
        Duration defaultInterval();

        /** No source is polled more often than this, whatever it asks for or its adaptation says. */
        @WithDefault("PT10M")
        Duration minInterval();

        /** No source that answers is polled less often than this (the adaptation's ceiling). */
        @WithDefault("PT24H")
        Duration maxInterval();

        /** First retry delay after an error; doubles with every further consecutive error (with jitter). */
        @WithDefault("PT5M")
        Duration errorBackoff();

        @WithDefault("PT6H")
        Duration maxBackoff();

        /** After this many consecutive failures a source is PAUSED until it is re-registered or resumed. */
        @WithDefault("10")
        int pauseAfterFailures();

        /**
         * Items read from one feed document, the newest by date (undated ones in document order after them); the
         * rest are cut from the text before it is parsed into a tree, so a flood of tiny items stays small.
         */
        @WithDefault("1000")
        int maxItemsPerDocument();

        /** New articles sent per poll of one source, the newest first; the rest wait for the next poll. */
        @WithDefault("200")
        int maxNewItemsPerPoll();

        /** New articles one source may send per UTC day; the rest wait for the next day. */
        @WithDefault("2000")
        int dailyNewItemsQuota();

        /**
         * Time one poll may take including full-text page fetches: once it is spent no further page is fetched
         * (the items keep the feed's text); a fetch in flight ends within its own {@code fetch.deadline}.
         */
        @WithDefault("PT2M")
        Duration timeBudget();
    }
}
