package org.countersight.events.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.countersight.events.Topics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of {@link Topics#ALL} with their cleanup policies, so nothing depends on broker
 * auto-creation. Idempotent: every service calls it at start-up.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /** As {@link #ensureTopics(String, int, short, int)} with the broker's own {@code min.insync.replicas}. */
    public static List<String> ensureTopics(String bootstrapServers, int partitions, short replicationFactor) {
        return ensureTopics(bootstrapServers, partitions, replicationFactor, 0);
    }

    /**
     * @param minInsyncReplicas the topics' {@code min.insync.replicas} (with acks=all: how many copies a write needs);
     *                          0 leaves the broker's default
     * @return the names of the topics this call created (empty when all existed)
     */
    public static List<String> ensureTopics(String bootstrapServers, int partitions, short replicationFactor, int minInsyncReplicas) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : Topics.ALL) {
                if (!existing.contains(spec.name())) {
                    int count = spec.partitions() > 0 ? spec.partitions() : partitions;
                    Map<String, String> config = configOf(spec);
                    if (minInsyncReplicas > 0) {
                        config.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas));
                    }
                    missing.add(new NewTopic(spec.name(), count, replicationFactor).configs(config));
                }
            }
            List<String> created = new ArrayList<>();
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                    created.add(entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e; // another service created it at the same moment: fine; anything else is not
                    }
                }
            }
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    static Map<String, String> configOf(Topics.Spec spec) {
        Map<String, String> config = new HashMap<>();
        if (spec.compacted() && spec.retention() != null) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE);
            config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retention().toMillis()));
        } else if (spec.compacted()) {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
            config.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        } else {
            config.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            config.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retention().toMillis()));
        }
        return config;
    }
}
