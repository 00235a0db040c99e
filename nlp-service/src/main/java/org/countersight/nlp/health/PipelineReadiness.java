package org.countersight.nlp.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.nlp.service.TaggingService;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** DOWN until the CoreNLP models are loaded and warmed up: a replica takes no traffic before it can tag. */
@Readiness
@ApplicationScoped
public class PipelineReadiness implements HealthCheck {

    private final TaggingService service;

    public PipelineReadiness(TaggingService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        var b = HealthCheckResponse.named("nlp-pipeline").status(service.ready());
        if (service.ready()) {
            b.withData("readyAfterMs", service.readyMillis());
        } else if (service.failure() != null) {
            b.withData("error", service.failure());
        } else {
            b.withData("state", "loading models");
        }
        return b.build();
    }
}
