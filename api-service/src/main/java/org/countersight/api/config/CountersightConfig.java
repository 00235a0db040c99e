package org.countersight.api.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Everything under {@code countersight.*} that api-service reads (see README for the table). */
@ConfigMapping(prefix = "countersight")
public interface CountersightConfig {

    Kafka kafka();

    Index index();

    Api api();

    Fetch fetch();

    Alerts alerts();

    Demo demo();

    interface Kafka {
        @WithDefault("3")
        int partitions();

        @WithName("replication-factor")
        @WithDefault("1")
        short replicationFactor();
    }

    interface Index {
        /** Folder of the Lucene index; a view of {@code articles.tagged} that can be deleted and rebuilt. */
        Path dir();

        /** How often indexed work is committed to disk together with the Kafka offsets it covers. */
        @WithName("commit-interval")
        @WithDefault("5s")
        Duration commitInterval();

        /** When true the index folder is wiped at start-up and rebuilt from the start of the topic. */
        @WithDefault("false")
        boolean rebuild();
    }

    interface Api {
        /** Bearer keys accepted on mutating endpoints; none configured means every mutation is refused. */
        Optional<List<String>> keys();
    }

    interface Fetch {
        @WithName("allow-private-networks")
        @WithDefault("false")
        boolean allowPrivateNetworks();
    }

    interface Alerts {
        /** How many recent alerts each replica keeps for GET /alerts and Last-Event-ID replay. */
        @WithName("buffer-size")
        @WithDefault("10000")
        int bufferSize();

        @WithName("keep-alive")
        @WithDefault("15s")
        Duration keepAlive();
    }

    interface Demo {
        @WithDefault("false")
        boolean enabled();
    }
}
