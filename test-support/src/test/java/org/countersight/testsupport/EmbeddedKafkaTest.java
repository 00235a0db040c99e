package org.countersight.testsupport;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.countersight.events.Topics;
import org.countersight.events.kafka.TopicProvisioner;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The broker really runs, and the topics come out with the cleanup policies docs/DESIGN.md asks for. */
class EmbeddedKafkaTest {

    @Test
    void provisionsTopicsWithTheirCleanupPolicies() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            List<String> created = TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 2, (short) 1);
            assertEquals(Topics.ALL.size(), created.size());
            assertTrue(TopicProvisioner.ensureTopics(kafka.bootstrapServers(), 2, (short) 1).isEmpty(), "second call is a no-op");

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
                var raw = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ARTICLES_RAW);
                var alerts = new ConfigResource(ConfigResource.Type.TOPIC, Topics.ALERTS);
                Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(raw, alerts)).all().get();
                assertEquals("compact", configs.get(raw).get("cleanup.policy").value());
                assertEquals("delete", configs.get(alerts).get("cleanup.policy").value());
                assertEquals(Long.toString(30L * 24 * 3600 * 1000), configs.get(alerts).get("retention.ms").value());
            }
        }
    }
}
