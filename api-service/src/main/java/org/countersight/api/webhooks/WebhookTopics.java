package org.countersight.api.webhooks;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.countersight.events.Topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The two topics only api-service uses for webhooks, created by it at start-up (the shared list in
 * {@code events.Topics} stays as it is):
 * <ul>
 *   <li>{@code alerts.webhooks}: delivery state per (subscription, alert); compacted so the latest state per key
 *       survives, and deleted after 7 days so finished deliveries do not pile up (retries end after 24 h).</li>
 *   <li>{@code alerts.webhooks.dlq}: deliveries given up on, for operators; delete policy, 14 days.</li>
 * </ul>
 */
public final class WebhookTopics {

    public static final String DELIVERIES = Topics.ALERTS + ".webhooks";
    public static final String DLQ = DELIVERIES + Topics.DLQ_SUFFIX;
    public static final String GROUP = "api-webhooks";
    static final Duration DELIVERIES_RETENTION = Duration.ofDays(7);
    static final Duration DLQ_RETENTION = Duration.ofDays(14);

    private WebhookTopics() {
    }

    public static List<String> ensure(String bootstrap, int partitions, short replicationFactor) throws Exception {
        return ensure(bootstrap, partitions, replicationFactor, 0);
    }

    /** @param minInsyncReplicas the topics' {@code min.insync.replicas}; 0 keeps the broker's default */
    public static List<String> ensure(String bootstrap, int partitions, short replicationFactor, int minInsyncReplicas) throws Exception {
        Map<String, String> isr = minInsyncReplicas > 0
                ? Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInsyncReplicas)) : Map.of();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            if (!existing.contains(DELIVERIES)) {
                missing.add(new NewTopic(DELIVERIES, partitions, replicationFactor).configs(with(isr, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(DELIVERIES_RETENTION.toMillis())))));
            }
            if (!existing.contains(DLQ)) {
                missing.add(new NewTopic(DLQ, partitions, replicationFactor).configs(with(isr, Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(DLQ_RETENTION.toMillis())))));
            }
            List<String> created = new ArrayList<>();
            for (var e : admin.createTopics(missing).values().entrySet()) {
                try {
                    e.getValue().get(60, TimeUnit.SECONDS);
                    created.add(e.getKey());
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw ex;
                    }
                }
            }
            return created;
        }
    }

    private static Map<String, String> with(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new java.util.HashMap<>(b);
        m.putAll(a);
        return m;
    }
}
