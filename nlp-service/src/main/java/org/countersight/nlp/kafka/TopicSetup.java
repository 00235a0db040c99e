package org.countersight.nlp.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.nlp.alerts.AlertClaims;
import org.countersight.nlp.alerts.AlertDecider;
import org.countersight.nlp.config.NlpConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Creates the topics before the consumers start (broker auto-creation is off), then restores the shared alert
 * claims ({@code alerts.claims}) so the first article tagged is already judged against every story that alerted,
 * on any instance, before this one started.
 */
@ApplicationScoped
public class TopicSetup {

    private static final Logger LOG = Logger.getLogger(TopicSetup.class);
    private static final Duration RESTORE_TIMEOUT = Duration.ofMinutes(2);

    private AlertClaims claims;

    // Runs before the messaging connectors subscribe (they start at a later StartupEvent priority).
    void ensure(@Observes @Priority(1) StartupEvent ev, NlpConfig config, AlertDecider decider,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) throws InterruptedException {
        var created = TopicProvisioner.ensureTopics(bootstrap, config.kafka().partitions(), config.kafka().replicationFactor(),
                config.kafka().minInsyncReplicas());
        if (!created.isEmpty()) {
            LOG.infof("created topics %s", created);
        }
        if (decider.reprocessing()) {
            return;
        }
        long t0 = System.nanoTime();
        claims = new AlertClaims(bootstrap, Map.of(), "nlp-claims-" + UUID.randomUUID().toString().substring(0, 8),
                config.alerts().storyMemory(), config.alerts().freshWindow()).start();
        if (!claims.awaitRestored(RESTORE_TIMEOUT)) {
            throw new IllegalStateException("could not read alerts.claims to its end within " + RESTORE_TIMEOUT);
        }
        decider.useClaims(claims);
        LOG.infof("alert claims restored from alerts.claims in %d ms", Duration.ofNanos(System.nanoTime() - t0).toMillis());
    }

    void stop(@Observes ShutdownEvent ev) {
        if (claims != null) {
            claims.close();
        }
    }
}
