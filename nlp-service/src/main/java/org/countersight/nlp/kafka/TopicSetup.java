package org.countersight.nlp.kafka;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.annotation.Priority;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.nlp.config.NlpConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Creates the topics before the consumers start (broker auto-creation is off). */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    // Runs before the messaging connectors subscribe (they start at a later StartupEvent priority).
    void ensure(@Observes @Priority(1) StartupEvent ev, NlpConfig config,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        var created = TopicProvisioner.ensureTopics(bootstrap, config.kafka().partitions(), config.kafka().replicationFactor());
        if (!created.isEmpty()) {
            LOG.infof("created topics %s", created);
        }
    }
}
