package org.countersight.ingest.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.countersight.ingest.config.IngestConfig;
import org.countersight.ingest.config.Settings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.InetAddress;
import java.util.UUID;

/** Starts the {@link IngestEngine} with the application and stops it with it. */
@ApplicationScoped
public class IngestService {

    @Inject
    IngestConfig config;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "localhost:9092")
    String bootstrapServers;

    private volatile IngestEngine engine;

    void onStart(@Observes StartupEvent event) {
        engine = new IngestEngine(Settings.kafka(bootstrapServers, config), Settings.fetch(config), Settings.poll(config), Settings.enrich(config),
                registry, instanceName()).start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (engine != null) {
            engine.close();
        }
    }

    public IngestEngine engine() {
        return engine;
    }

    private static String instanceName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
