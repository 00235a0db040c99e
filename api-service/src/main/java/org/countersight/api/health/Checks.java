package org.countersight.api.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.app.Lifecycle;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready: the index is open, topics exist, and the readers run and have caught up with what was in Kafka at start
 * (so searches and the source list are complete). Live: no reader or the webhook dispatcher has died.
 */
public final class Checks {

    private Checks() {
    }

    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        private final Lifecycle lifecycle;

        public Ready(Lifecycle lifecycle) {
            this.lifecycle = lifecycle;
        }

        @Override
        public HealthCheckResponse call() {
            Lifecycle.Status status = lifecycle.status();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("api-service");
            boolean up = status.indexOpen();
            b.withData("index", status.indexOpen() ? "open" : "closed");
            if (status.startupProblem() != null) {
                b.withData("kafka", status.startupProblem());
                up = false;
            }
            for (var reader : status.readers().entrySet()) {
                b.withData(reader.getKey(), reader.getValue().state());
                up &= reader.getValue().running();
            }
            b.withData("webhooks", status.webhooks()); // informational: joining the group does not block reads
            return b.status(up).build();
        }
    }

    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        private final Lifecycle lifecycle;

        public Live(Lifecycle lifecycle) {
            this.lifecycle = lifecycle;
        }

        @Override
        public HealthCheckResponse call() {
            Lifecycle.Status status = lifecycle.status();
            HealthCheckResponseBuilder b = HealthCheckResponse.named("api-service");
            boolean up = true;
            for (var reader : status.readers().entrySet()) {
                Throwable failure = reader.getValue().failure();
                if (failure != null) {
                    b.withData(reader.getKey(), "failed: " + failure.getMessage());
                    up = false;
                }
            }
            if (status.webhookFailure() != null) {
                b.withData("webhooks", "failed: " + status.webhookFailure().getMessage());
                up = false;
            }
            return b.status(up).build();
        }
    }
}
