package org.countersight.api.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.alerts.AlertHub;
import org.countersight.api.index.IndexService;
import org.countersight.api.kafka.AllPartitionsReader;
import org.countersight.api.kafka.Lifecycle;
import org.countersight.api.sources.SourceRegistry;
import org.countersight.api.webhooks.SubscriptionRegistry;
import org.countersight.api.webhooks.WebhookDispatcher;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready: the index is open, topics exist, and the three readers run and have caught up with what was in
 * Kafka at start (so searches and the source list are complete). Live: no reader has died.
 */
public final class Checks {

    private Checks() {
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final Lifecycle lifecycle;
        private final IndexService index;
        private final AlertHub alerts;
        private final SourceRegistry sources;
        private final SubscriptionRegistry subscriptions;
        private final WebhookDispatcher webhooks;

        public Ready(Lifecycle lifecycle, IndexService index, AlertHub alerts, SourceRegistry sources,
                     SubscriptionRegistry subscriptions, WebhookDispatcher webhooks) {
            this.subscriptions = subscriptions;
            this.webhooks = webhooks;
            this.lifecycle = lifecycle;
            this.index = index;
            this.alerts = alerts;
            this.sources = sources;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("api-service");
            boolean up = index.isOpen();
            b.withData("index", index.isOpen() ? "open" : "closed");
            String problem = lifecycle.startupProblem();
            if (problem != null) {
                b.withData("kafka", problem);
                up = false;
            }
            up &= reader(b, "indexer", index.reader());
            up &= reader(b, "alerts", alerts.reader());
            up &= reader(b, "sources", sources.reader());
            up &= reader(b, "subscriptions", subscriptions.reader());
            b.withData("webhooks", webhooks.state()); // informational: joining the group does not block reads
            return b.status(up).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        private final IndexService index;
        private final AlertHub alerts;
        private final SourceRegistry sources;
        private final SubscriptionRegistry subscriptions;
        private final WebhookDispatcher webhooks;

        public Live(IndexService index, AlertHub alerts, SourceRegistry sources, SubscriptionRegistry subscriptions,
                    WebhookDispatcher webhooks) {
            this.subscriptions = subscriptions;
            this.webhooks = webhooks;
            this.index = index;
            this.alerts = alerts;
            this.sources = sources;
        }

        @Override
        public HealthCheckResponse call() {
            HealthCheckResponseBuilder b = HealthCheckResponse.named("api-service");
            boolean up = notFailed(b, "indexer", index.reader()) & notFailed(b, "alerts", alerts.reader())
                    & notFailed(b, "sources", sources.reader()) & notFailed(b, "subscriptions", subscriptions.reader());
            if (webhooks.failure() != null) {
                b.withData("webhooks", "failed: " + webhooks.failure().getMessage());
                up = false;
            }
            return b.status(up).build();
        }
    }

    private static boolean reader(HealthCheckResponseBuilder b, String name, AllPartitionsReader r) {
        String state = r == null ? "not started" : !r.isRunning() ? "stopped" : r.isCaughtUp() ? "running" : "catching up";
        b.withData(name, state);
        return "running".equals(state);
    }

    private static boolean notFailed(HealthCheckResponseBuilder b, String name, AllPartitionsReader r) {
        if (r != null && r.failure() != null) {
            b.withData(name, "failed: " + r.failure().getMessage());
            return false;
        }
        return true;
    }
}
