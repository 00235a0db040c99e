package org.countersight.e2e;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Three real Kafka nodes (KRaft, broker and controller combined, static quorum), each a separate JVM started from
 * the Kafka jars on the test classpath, so a node can be killed with SIGKILL and started again on its own data.
 * Replication factor 3 and min.insync.replicas 2 for everything, as {@code deploy/local/up --cluster} runs it.
 */
final class BrokerCluster implements AutoCloseable {

    private final int size;
    private final Path dir;
    private final Path logDir;
    private final int[] ports;
    private final int[] controllerPorts;
    private final Process[] processes;
    private final String clusterId = Uuid.randomUuid().toString();

    BrokerCluster(int size, Path dir, Path logDir) {
        this.size = size;
        this.dir = dir;
        this.logDir = logDir;
        this.ports = new int[size];
        this.controllerPorts = new int[size];
        this.processes = new Process[size];
        for (int i = 0; i < size; i++) {
            ports[i] = ServiceProcess.freePort();
            controllerPorts[i] = ServiceProcess.freePort();
        }
    }

    String bootstrapServers() {
        List<String> servers = new ArrayList<>();
        for (int port : ports) {
            servers.add("127.0.0.1:" + port);
        }
        return String.join(",", servers);
    }

    /** Writes the configs, formats every node's storage and starts all nodes; waits until all are registered. */
    BrokerCluster start(Duration timeout) throws Exception {
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < size; i++) {
            voters.append(i == 0 ? "" : ",").append(i + 1).append("@127.0.0.1:").append(controllerPorts[i]);
        }
        for (int i = 0; i < size; i++) {
            Path data = Files.createDirectories(dir.resolve("node-" + (i + 1)));
            Files.writeString(config(i), String.join("\n",
                    "process.roles=broker,controller",
                    "node.id=" + (i + 1),
                    "controller.quorum.voters=" + voters,
                    "listeners=PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i],
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports[i] + ",CONTROLLER://127.0.0.1:" + controllerPorts[i],
                    "controller.listener.names=CONTROLLER",
                    "inter.broker.listener.name=PLAINTEXT",
                    "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                    "log.dirs=" + data.toAbsolutePath(),
                    "auto.create.topics.enable=false",
                    "default.replication.factor=3",
                    "min.insync.replicas=2",
                    "offsets.topic.replication.factor=3",
                    "offsets.topic.num.partitions=6",
                    "transaction.state.log.replication.factor=3",
                    "transaction.state.log.min.isr=2",
                    "share.coordinator.state.topic.replication.factor=3",
                    "share.coordinator.state.topic.min.isr=2",
                    "group.initial.rebalance.delay.ms=0",
                    "log.cleaner.dedupe.buffer.size=16777216",
                    "log.cleaner.threads=1",
                    "num.network.threads=2",
                    "num.io.threads=2",
                    "num.recovery.threads.per.data.dir=1",
                    // a killed node is noticed in a few seconds, not the default 9
                    "broker.session.timeout.ms=6000",
                    "broker.heartbeat.interval.ms=1000",
                    ""));
            Process format = java("kafka.tools.StorageTool", List.of("format", "--ignore-formatted", "--cluster-id", clusterId,
                    "--config", config(i).toString()), logDir.resolve("kafka-" + (i + 1) + "-format.log"));
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting node " + (i + 1) + " failed; see " + logDir);
            }
        }
        for (int i = 0; i < size; i++) {
            startNode(i);
        }
        awaitBrokers(size, timeout);
        return this;
    }

    void startNode(int i) {
        processes[i] = java("kafka.Kafka", List.of(config(i).toString()), logDir.resolve("kafka-" + (i + 1) + ".log"));
    }

    /** SIGKILL: the node gets no chance to hand over leadership or flush anything. */
    void kill9(int i) throws InterruptedException {
        processes[i].destroyForcibly();
        processes[i].waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits until {@code count} brokers are registered and unfenced. */
    void awaitBrokers(int count, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = admin()) {
            while (true) {
                try {
                    int live = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
                    if (live >= count) {
                        return;
                    }
                } catch (Exception notYet) {
                    // no controller quorum or broker yet
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(count + " brokers not up within " + timeout + "; logs in " + logDir);
                }
                ServiceProcess.sleep(500);
            }
        }
    }

    /** Waits until every partition of {@code topics} has all {@code size} replicas in sync again. */
    void awaitFullyReplicated(List<String> topics, Duration timeout) throws Exception {
        Instant deadline = Instant.now().plus(timeout);
        try (Admin admin = admin()) {
            while (true) {
                boolean all = true;
                try {
                    for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                        for (TopicPartitionInfo p : d.partitions()) {
                            all &= p.isr().size() == size;
                        }
                    }
                } catch (Exception notYet) {
                    all = false;
                }
                if (all) {
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("topics " + topics + " not fully replicated within " + timeout);
                }
                ServiceProcess.sleep(500);
            }
        }
    }

    /** The index (0-based) of the node leading {@code topic} partition {@code partition}. */
    int leaderOf(String topic, int partition) throws Exception {
        try (Admin admin = admin()) {
            TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            return d.partitions().get(partition).leader().id() - 1;
        }
    }

    Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
    }

    private Path config(int i) {
        return dir.resolve("node-" + (i + 1) + ".properties");
    }

    private static Process java(String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-Xms128m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        try {
            return new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + mainClass, e);
        }
    }

    @Override
    public void close() {
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroy();
            }
        }
        for (Process p : processes) {
            try {
                if (p != null && !p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
