package org.countersight.ingest.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the seen-set and the source statuses are rebuilt from Kafka and the sources consumer runs. */
@Readiness
@ApplicationScoped
public class IngestReadinessCheck implements HealthCheck {

    @Inject
    IngestService service;

    @Override
    public HealthCheckResponse call() {
        IngestEngine engine = service.engine();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("ingest");
        if (engine == null) {
            return b.down().withData("reason", "not started").build();
        }
        if (!engine.isReady()) {
            String problem = engine.problem();
            return b.down().withData("reason", problem == null ? "starting" : problem).build();
        }
        return b.up()
                .withData("sources", engine.poller().sourceCount())
                .withData("seenArticleIds", engine.seenIds())
                .build();
    }
}
