package org.countersight.api.app;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.countersight.api.alerts.AlertHub;
import org.countersight.api.config.CountersightConfig;
import org.countersight.api.index.IndexService;
import org.countersight.api.kafka.KafkaClients;
import org.countersight.api.sources.SourceRegistry;
import org.countersight.api.webhooks.SubscriptionRegistry;
import org.countersight.api.webhooks.WebhookDispatcher;
import org.countersight.api.webhooks.WebhookTopics;
import org.countersight.events.Topics;
import org.countersight.events.kafka.TopicProvisioner;
import org.countersight.events.kafka.TopicReader;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The api-service's composition root. Start-up order: open the index (fails fast if the folder is unusable), then, on a background thread so
 * the HTTP server and health endpoints come up even while Kafka is still starting, create the topics and
 * start the readers and the webhook dispatcher. Readiness stays DOWN until all of that has happened and the readers
 * caught up; {@link #status()} is what the health checks report.
 */
@ApplicationScoped
public class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private final CountersightConfig config;
    private final KafkaClients clients;
    private final IndexService index;
    private final AlertHub alerts;
    private final SourceRegistry sources;
    private final SubscriptionRegistry subscriptions;
    private final WebhookDispatcher webhooks;
    private volatile boolean stopping;
    private volatile String startupProblem = "connecting to Kafka";
    private Thread starter;

    public Lifecycle(CountersightConfig config, KafkaClients clients, IndexService index, AlertHub alerts, SourceRegistry sources,
                     SubscriptionRegistry subscriptions, WebhookDispatcher webhooks) {
        this.subscriptions = subscriptions;
        this.webhooks = webhooks;
        this.config = config;
        this.clients = clients;
        this.index = index;
        this.alerts = alerts;
        this.sources = sources;
    }

    void onStart(@Observes StartupEvent event) {
        index.open();
        starter = new Thread(this::connect, "kafka-starter");
        starter.setDaemon(true);
        starter.start();
    }

    private void connect() {
        long backoff = 1000;
        while (!stopping) {
            try {
                List<String> created = TopicProvisioner.ensureTopics(clients.bootstrapServers(),
                        config.kafka().partitions(), config.kafka().replicationFactor(), config.kafka().minInsyncReplicas());
                created = new java.util.ArrayList<>(created);
                created.addAll(WebhookTopics.ensure(clients.bootstrapServers(), config.kafka().partitions(),
                        config.kafka().replicationFactor(), config.kafka().minInsyncReplicas()));
                if (!created.isEmpty()) {
                    LOG.infof("created topics %s", created);
                }
                index.startFeeding(topicId(Topics.ARTICLES_TAGGED));
                alerts.start();
                sources.topic().start();
                subscriptions.topic().start();
                webhooks.start();
                startupProblem = null;
                return;
            } catch (Exception e) {
                startupProblem = "Kafka at " + clients.bootstrapServers() + " not usable yet: " + e.getMessage();
                LOG.warnf("%s; retrying in %d ms", startupProblem, backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 15_000);
            }
        }
    }

    private String topicId(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, clients.bootstrapServers()))) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return d.topicId().toString();
        }
    }

    /** Null once connected; otherwise what start-up is waiting for. */
    public String startupProblem() {
        return startupProblem;
    }

    /** One reader of a topic: "not started", "stopped", "catching up" or "running", and why it died if it did. */
    public record ReaderState(String state, Throwable failure) {
        static ReaderState of(TopicReader r) {
            if (r == null || !r.isStarted()) {
                return new ReaderState("not started", null);
            }
            return new ReaderState(!r.isRunning() ? "stopped" : r.isCaughtUp() ? "running" : "catching up", r.failure());
        }

        public boolean running() {
            return "running".equals(state);
        }
    }

    /** The parts' state, for the health checks. */
    public record Status(String startupProblem, boolean indexOpen, Map<String, ReaderState> readers,
                         String webhooks, Throwable webhookFailure) {
    }

    public Status status() {
        Map<String, ReaderState> readers = new java.util.LinkedHashMap<>();
        readers.put("indexer", ReaderState.of(index.reader()));
        readers.put("alerts", ReaderState.of(alerts.reader()));
        readers.put("sources", ReaderState.of(sources.topic().reader()));
        readers.put("subscriptions", ReaderState.of(subscriptions.topic().reader()));
        return new Status(startupProblem, index.isOpen(), readers, webhooks.state(), webhooks.failure());
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (starter != null) {
            starter.interrupt();
        }
        webhooks.stop();
        subscriptions.topic().close();
        sources.topic().close();
        alerts.stop();
        index.close();
    }
}
