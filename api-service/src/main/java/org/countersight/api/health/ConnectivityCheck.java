package org.countersight.api.health;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.countersight.api.coverage.SilenceDetector;
import org.countersight.api.coverage.SilenceMonitor;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The monitor's own connectivity, at {@code /q/health/well} (a wellness check: it warns, it does not take the
 * instance out of service). DOWN when sources of several countries fail at network level at once, which is what the
 * monitor losing its own network looks like; the silence signal stays quiet then.
 */
@Wellness
@ApplicationScoped
public class ConnectivityCheck implements HealthCheck {

    private final SilenceMonitor monitor;

    public ConnectivityCheck(SilenceMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("source-connectivity");
        SilenceDetector.Assessment a = monitor.assessment();
        if (a == null) {
            return b.up().withData("state", "not evaluated yet").build();
        }
        b.withData("hosts", a.knownHosts()).withData("failingAtNetworkLevel", a.networkHosts());
        if (a.monitorOffline()) {
            return b.down().withData("warning", a.monitorReason()).build();
        }
        return b.up().build();
    }
}
