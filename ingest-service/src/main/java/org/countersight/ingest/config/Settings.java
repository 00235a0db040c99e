package org.countersight.ingest.config;

import org.countersight.events.UrlSafety;
import org.countersight.events.kafka.KafkaConnection;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Plain-value settings of the ingest engine, so the engine can be built without CDI (tests run two of them). */
public final class Settings {

    private Settings() {
    }

    /** @param minInsyncReplicas {@code min.insync.replicas} of the topics created; 0 keeps the broker's default */
    public record KafkaSettings(String bootstrapServers, Map<String, String> clientOverrides, int partitions,
                                short replicationFactor, int minInsyncReplicas, String groupId) {
        public KafkaSettings(String bootstrapServers, Map<String, String> clientOverrides, int partitions,
                             short replicationFactor, String groupId) {
            this(bootstrapServers, clientOverrides, partitions, replicationFactor, 0, groupId);
        }

        /** The client properties, with {@code clientOverrides} applied to every client. */
        public KafkaConnection connection() {
            return new KafkaConnection(bootstrapServers, clientOverrides);
        }
    }

    /** @param allowedNetworks CIDR blocks fetched even though they are not public (one internal feed host, not the LAN) */
    public record FetchSettings(boolean allowPrivateNetworks, Duration connectTimeout, Duration readTimeout,
                                Duration deadline, long maxBytes, int maxRedirects, String userAgent,
                                Duration perHostInterval, int concurrency, List<String> allowedNetworks) {

        public FetchSettings {
            allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        }

        public FetchSettings(boolean allowPrivateNetworks, Duration connectTimeout, Duration readTimeout,
                             Duration deadline, long maxBytes, int maxRedirects, String userAgent,
                             Duration perHostInterval, int concurrency) {
            this(allowPrivateNetworks, connectTimeout, readTimeout, deadline, maxBytes, maxRedirects, userAgent,
                    perHostInterval, concurrency, List.of());
        }

        public UrlSafety.AddressPolicy addressPolicy() {
            return new UrlSafety.AddressPolicy(allowPrivateNetworks, allowedNetworks);
        }

        public static String userAgentFor(String contactUrl) {
            return "Countersight/0.1 (+" + contactUrl + ")";
        }
    }

    public record PollSettings(Duration defaultInterval, Duration minInterval, Duration maxInterval,
                               Duration errorBackoff, Duration maxBackoff, int pauseAfterFailures, Limits limits) {

        /** With the default {@link Limits}. */
        public PollSettings(Duration defaultInterval, Duration minInterval, Duration maxInterval,
                            Duration errorBackoff, Duration maxBackoff, int pauseAfterFailures) {
            this(defaultInterval, minInterval, maxInterval, errorBackoff, maxBackoff, pauseAfterFailures, Limits.DEFAULTS);
        }
    }

    /**
     * What one source may cost per poll and per day (hostile or broken feeds: item floods, slow pages).
     * @param maxItemsPerDocument items read from one feed document (the newest), the rest cut before parsing
     * @param maxNewItemsPerPoll  new articles sent per poll (the newest); the rest wait for the next poll
     * @param dailyNewItemsQuota  new articles per source per UTC day
     * @param timeBudget          one poll's time including full-text page fetches
     */
    public record Limits(int maxItemsPerDocument, int maxNewItemsPerPoll, int dailyNewItemsQuota, Duration timeBudget) {
        public static final Limits DEFAULTS = new Limits(1000, 200, 2000, Duration.ofMinutes(2));

        public Limits {
            if (maxItemsPerDocument < 1 || maxNewItemsPerPoll < 1 || dailyNewItemsQuota < 1
                    || timeBudget == null || timeBudget.isNegative() || timeBudget.isZero()) {
                throw new IllegalArgumentException("countersight.poll limits must be positive: " + maxItemsPerDocument
                        + ", " + maxNewItemsPerPoll + ", " + dailyNewItemsQuota + ", " + timeBudget);
            }
        }
    }

    /**
     * What happens to new articles before they are sent: full text of short items, story identity.
     * @param fullText         fetch the page of items whose text is shorter than {@code fullTextMinChars}
     * @param fullTextMaxPages at most this many pages per feed poll
     * @param storyMinChars    shortest normalised text that gets a fingerprint
     * @param storyIndexSize   fingerprints remembered (a ring)
     */
    public record EnrichSettings(boolean fullText, int fullTextMinChars, int fullTextMaxPages, int storyMinChars,
                                 int storyIndexSize) {
        /** Full text off (tests whose feeds link to hosts that do not exist), story identity on. */
        public static final EnrichSettings DEFAULTS_NO_FULL_TEXT = new EnrichSettings(false, 400, 20, 500, 100_000);
    }

    public static EnrichSettings enrich(IngestConfig config) {
        IngestConfig.FullText f = config.fulltext();
        IngestConfig.Story s = config.story();
        return new EnrichSettings(f.enabled(), f.minChars(), f.maxPagesPerPoll(), s.minChars(), s.indexSize());
    }

    public static KafkaSettings kafka(String bootstrapServers, IngestConfig config) {
        IngestConfig.Kafka k = config.kafka();
        return new KafkaSettings(bootstrapServers, Map.copyOf(k.client()), k.partitions(), k.replicationFactor(),
                k.minInsyncReplicas(), k.groupId());
    }

    public static FetchSettings fetch(IngestConfig config) {
        IngestConfig.Fetch f = config.fetch();
        return new FetchSettings(f.allowPrivateNetworks(), f.connectTimeout(), f.readTimeout(), f.deadline(), f.maxBytes(),
                f.maxRedirects(), FetchSettings.userAgentFor(f.contactUrl()), f.perHostInterval(), f.concurrency(),
                f.allowedNetworks().orElse(List.of()));
    }

    public static PollSettings poll(IngestConfig config) {
        IngestConfig.Poll p = config.poll();
        return new PollSettings(p.defaultInterval(), p.minInterval(), p.maxInterval(), p.errorBackoff(), p.maxBackoff(),
                p.pauseAfterFailures(), new Limits(p.maxItemsPerDocument(), p.maxNewItemsPerPoll(), p.dailyNewItemsQuota(),
                p.timeBudget()));
    }
}
