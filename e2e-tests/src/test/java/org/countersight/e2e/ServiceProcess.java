package org.countersight.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One packaged Quarkus service run as a separate JVM, the way deploy/local/up runs it. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path jar;
    private final List<String> jvmArgs;
    private final Map<String, String> env;
    private final Path log;
    final int port;
    private Process process;

    ServiceProcess(String name, Path repoRoot, Path logDir, String heap, Map<String, String> systemProperties, Map<String, String> env) {
        this(name, name, repoRoot, logDir, heap, systemProperties, env);
    }

    /** @param instance names the log file and messages when a module runs more than once (e.g. "api-service-2") */
    ServiceProcess(String name, String instance, Path repoRoot, Path logDir, String heap, Map<String, String> systemProperties,
                   Map<String, String> env) {
        this.name = instance;
        this.jar = repoRoot.resolve(name).resolve("target/quarkus-app/quarkus-run.jar");
        this.port = freePort();
        this.env = env;
        this.log = logDir.resolve(instance + ".log");
        this.jvmArgs = new ArrayList<>(List.of("-Xmx" + heap, "-Dquarkus.http.port=" + port));
        systemProperties.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
        if (Boolean.getBoolean("benchmark.jfr")) { // CPU profile of each service for the benchmarks (docs/benchmarks.md)
            jvmArgs.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
                    + logDir.resolve(instance + ".jfr"));
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    ServiceProcess start() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
        return this;
    }

    /** Waits for /q/health/ready to answer 200; fails with the log's tail otherwise. */
    ServiceProcess awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "\n" + logTail());
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        throw new IllegalStateException(name + " not ready within " + timeout + "\n" + logTail());
    }

    /** SIGKILL: no shutdown hooks, no final commits — the crash the pipeline must survive. */
    void kill9() {
        process.destroyForcibly();
        waitFor();
    }

    /** SIGTERM and wait: an orderly stop (final commits, leaving the consumer groups), as in a rolling restart. */
    void stop() {
        close();
    }

    String name() {
        return name;
    }

    /** CPU time so far, split into the JIT, the GC and the work (see {@link ThreadCpu}). */
    ThreadCpu threadCpu() {
        return ThreadCpu.of(process.pid());
    }

    /** CPU time the process has used so far (0 when the platform does not tell). */
    double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(0.0);
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitFor();
        }
    }

    private void waitFor() {
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
