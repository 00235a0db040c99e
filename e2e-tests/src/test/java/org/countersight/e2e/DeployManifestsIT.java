package org.countersight.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.countersight.events.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * deploy/k8s (a kustomize base, rendered here by reading kustomization.yaml's resources, no kubectl) and
 * deploy/compose.yaml checked against the code: each service's HTTP port from its application.properties, the
 * health probe paths, every environment variable name one that the service's configuration reads, the Kafka
 * bootstrap address, and the topics with the cleanup policies of {@link Topics#ALL}. Fast: reads files only.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeployManifestsIT {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> SERVICES = List.of("api-service", "ingest-service", "nlp-service");
    /** Read by the image's entrypoint (deploy/docker/Dockerfile.jvm), not by the service's configuration. */
    private static final String JAVA_OPTS = "JAVA_OPTS";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Set<String> KUSTOMIZE_FIELDS = Set.of("apiVersion", "kind", "resources", "labels", "namespace");

    private Path root;
    private final Map<String, ServiceConfig> services = new LinkedHashMap<>();
    private List<JsonNode> rendered;

    /** What a service's configuration accepts: its HTTP port and the environment names it reads. */
    record ServiceConfig(String module, int port, Set<String> envNames) {
    }

    @BeforeAll
    void readCodeAndRender() throws IOException {
        root = Path.of(System.getProperty("countersight.repo.root", "..")).toAbsolutePath().normalize();
        for (String module : SERVICES) {
            services.put(module, serviceConfig(module));
        }
        rendered = render(root.resolve("deploy/k8s"));
    }

    // ---------------------------------------------------------------------------------------------- k8s

    @Test
    void everyServiceRunsAsAWorkloadWithTheRightPortProbesResourcesAndABudget() {
        for (ServiceConfig service : services.values()) {
            JsonNode workload = workloadOf(service.module());
            String kind = workload.get("kind").asText();
            assertEquals(service.module().equals("api-service") ? "StatefulSet" : "Deployment", kind, service.module());
            assertTrue(workload.at("/spec/replicas").asInt() >= 2, service.module() + " runs two replicas");
            JsonNode container = containerOf(workload, service.module());
            int containerPort = namedPort(container, "http");
            assertEquals(service.port(), containerPort, service.module() + " containerPort vs quarkus.http.port");

            assertProbe(container, "readinessProbe", "/q/health/ready", service);
            assertProbe(container, "livenessProbe", "/q/health/live", service);
            if (container.has("startupProbe")) {
                assertProbe(container, "startupProbe", "/q/health/ready", service);
            }
            for (String what : List.of("requests", "limits")) {
                for (String resource : List.of("cpu", "memory")) {
                    assertFalse(container.at("/resources/" + what + "/" + resource).isMissingNode(),
                            service.module() + " has resources." + what + "." + resource);
                }
            }
            // the heap must fit in the memory limit with room for metaspace, threads and (api) Lucene's buffers
            String javaOpts = envValue(container, JAVA_OPTS);
            assertNotNull(javaOpts, service.module() + " sets JAVA_OPTS with its heap");
            long heap = bytes(javaOpts.replaceAll(".*-Xmx(\\S+).*", "$1"));
            long limit = bytes(container.at("/resources/limits/memory").asText());
            assertTrue(limit >= heap * 5 / 4, service.module() + ": memory limit " + limit + " too close to heap " + heap);

            JsonNode selector = workload.at("/spec/selector/matchLabels");
            assertTrue(labelsMatch(selector, workload.at("/spec/template/metadata/labels")), service.module() + " selector");
            JsonNode budget = one("PodDisruptionBudget", d -> labelsMatch(d.at("/spec/selector/matchLabels"),
                    workload.at("/spec/template/metadata/labels")), service.module());
            assertTrue(budget.at("/spec/minAvailable").asInt(0) >= 1 || budget.at("/spec/maxUnavailable").asInt(0) >= 1,
                    service.module() + " budget");
            JsonNode svc = one("Service", d -> d.at("/metadata/name").asText().equals(service.module()), service.module());
            assertTrue(labelsMatch(svc.at("/spec/selector"), workload.at("/spec/template/metadata/labels")));
            JsonNode port = svc.at("/spec/ports/0");
            assertEquals(service.port(), port.get("port").asInt(), service.module() + " Service port");
            assertTrue(port.get("targetPort").asText().equals("http") || port.get("targetPort").asInt() == service.port());
        }
    }

    @Test
    void everyEnvironmentNameIsOneTheServiceReadsAndEveryReferenceResolves() {
        for (ServiceConfig service : services.values()) {
            JsonNode container = containerOf(workloadOf(service.module()), service.module());
            for (String name : envNames(container)) {
                assertTrue(service.envNames().contains(name) || name.equals(JAVA_OPTS),
                        service.module() + " does not read environment variable " + name + "; it reads " + service.envNames().stream()
                                .filter(n -> !n.startsWith("MP_") && !n.startsWith("QUARKUS_")).sorted().toList() + " and more");
            }
        }
        JsonNode api = containerOf(workloadOf("api-service"), "api-service");
        JsonNode keys = api.findValue("secretKeyRef");
        assertNotNull(keys, "COUNTERSIGHT_API_KEYS comes from a Secret");
        JsonNode secret = one("Secret", d -> d.at("/metadata/name").asText().equals(keys.get("name").asText()), "api keys");
        assertTrue(secret.at("/stringData").has(keys.get("key").asText()) || secret.at("/data").has(keys.get("key").asText()));
        // the index lives on the pod's own claim, where COUNTERSIGHT_DATA points
        JsonNode statefulSet = workloadOf("api-service");
        String claim = statefulSet.at("/spec/volumeClaimTemplates/0/metadata/name").asText();
        String mount = null;
        for (JsonNode m : api.withArray("volumeMounts")) {
            if (m.get("name").asText().equals(claim)) {
                mount = m.get("mountPath").asText();
            }
        }
        assertEquals(envValue(api, "COUNTERSIGHT_DATA"), mount, "index volume mounted at COUNTERSIGHT_DATA");

        JsonNode nlp = containerOf(workloadOf("nlp-service"), "nlp-service");
        int threads = Integer.parseInt(envValue(nlp, "COUNTERSIGHT_NLP_CONCURRENCY"));
        assertTrue(threads <= Math.ceil(cpu(nlp.at("/resources/limits/cpu").asText())),
                "nlp tagging threads within its CPU limit");
    }

    @Test
    void kafkaIsAThreeNodeKraftClusterAndTheServicesPointAtItsBootstrap() throws IOException {
        JsonNode kafka = one("Kafka", d -> true, "Kafka");
        assertEquals("enabled", kafka.at("/metadata/annotations").path("strimzi.io/kraft").asText());
        assertEquals("enabled", kafka.at("/metadata/annotations").path("strimzi.io/node-pools").asText());
        JsonNode config = kafka.at("/spec/kafka/config");
        assertEquals(3, config.get("default.replication.factor").asInt());
        assertEquals(2, config.get("min.insync.replicas").asInt());
        assertEquals(3, config.get("offsets.topic.replication.factor").asInt());
        assertFalse(config.get("auto.create.topics.enable").asBoolean(true), "the topics are declared, not auto-created");
        String cluster = kafka.at("/metadata/name").asText();
        int brokers = 0;
        int controllers = 0;
        for (JsonNode pool : all("KafkaNodePool")) {
            assertEquals(cluster, pool.at("/metadata/labels").path("strimzi.io/cluster").asText());
            List<String> roles = new ArrayList<>();
            pool.at("/spec/roles").forEach(r -> roles.add(r.asText()));
            brokers += roles.contains("broker") ? pool.at("/spec/replicas").asInt() : 0;
            controllers += roles.contains("controller") ? pool.at("/spec/replicas").asInt() : 0;
        }
        assertEquals(3, brokers, "brokers");
        assertTrue(controllers >= 3 && controllers % 2 == 1, "an odd KRaft quorum of at least 3: " + controllers);
        // the broker's minor version matches the services' kafka-clients
        assertEquals(minor(pomProperty("kafka.version")), minor(kafka.at("/spec/kafka/version").asText()));

        int plainPort = -1;
        for (JsonNode listener : kafka.at("/spec/kafka/listeners")) {
            if (!listener.path("tls").asBoolean() && "internal".equals(listener.path("type").asText())) {
                plainPort = listener.get("port").asInt();
            }
        }
        String bootstrap = cluster + "-kafka-bootstrap:" + plainPort;
        for (String module : SERVICES) {
            assertEquals(bootstrap, resolvedEnv(containerOf(workloadOf(module), module), "KAFKA_BOOTSTRAP_SERVERS"), module);
            assertEquals("3", resolvedEnv(containerOf(workloadOf(module), module), "COUNTERSIGHT_KAFKA_REPLICATION_FACTOR"),
                    module + " creates any missing topic with the cluster's replication");
        }
    }

    @Test
    void everyTopicOfTheCodeIsDeclaredWithItsCleanupPolicyAndNoOther() throws IOException {
        Map<String, JsonNode> topics = new HashMap<>();
        for (JsonNode t : all("KafkaTopic")) {
            String name = t.at("/spec/topicName").asText(t.at("/metadata/name").asText());
            assertEquals("countersight", t.at("/metadata/labels").path("strimzi.io/cluster").asText(), name);
            assertEquals(3, t.at("/spec/replicas").asInt(), name + " replicas");
            assertEquals(2, t.at("/spec/config").path("min.insync.replicas").asInt(), name + " min.insync.replicas");
            assertTrue(topics.put(name, t) == null, "declared twice: " + name);
        }
        for (Topics.Spec spec : Topics.ALL) {
            JsonNode t = topics.get(spec.name());
            assertNotNull(t, "no KafkaTopic for " + spec.name() + " (events Topics.ALL)");
            int partitions = fixedPartitions(spec);
            if (partitions > 0) {
                assertEquals(partitions, t.at("/spec/partitions").asInt(), spec.name() + " has exactly this many partitions");
            }
            JsonNode config = t.at("/spec/config");
            if (spec.compacted() && spec.retention() != null) {
                assertEquals("compact,delete", config.path("cleanup.policy").asText().replace(" ", ""), spec.name());
                assertEquals(spec.retention().toMillis(), config.path("retention.ms").asLong(), spec.name() + " retention");
            } else if (spec.compacted()) {
                assertEquals("compact", config.path("cleanup.policy").asText(), spec.name());
                assertEquals(-1L, config.path("retention.ms").asLong(-1), spec.name() + " kept indefinitely");
            } else {
                assertEquals("delete", config.path("cleanup.policy").asText(), spec.name());
                assertEquals(spec.retention().toMillis(), config.path("retention.ms").asLong(), spec.name() + " retention");
            }
        }
        // any other topic is one a service derives from these names in its own code (e.g. api-service's webhook schedule)
        Set<String> known = new HashSet<>();
        Topics.ALL.forEach(s -> known.add(s.name()));
        String sources = mainSources();
        for (String name : topics.keySet()) {
            if (known.contains(name)) {
                continue;
            }
            String base = name.endsWith(Topics.DLQ_SUFFIX) ? name.substring(0, name.length() - Topics.DLQ_SUFFIX.length()) : name;
            String prefix = known.stream().filter(k -> base.startsWith(k + ".")).findFirst().orElse(null);
            assertNotNull(prefix, "KafkaTopic " + name + " is not a topic of the code");
            String suffix = base.substring(prefix.length());
            assertTrue(sources.contains("\"" + suffix + "\""), "KafkaTopic " + name + ": no service names it (\"" + suffix + "\")");
        }
    }

    // ---------------------------------------------------------------------------------------------- compose

    @Test
    void composeRunsEachServiceOnItsPortWithEnvironmentItReads() throws IOException {
        JsonNode compose = YAML.readTree(root.resolve("deploy/compose.yaml").toFile());
        JsonNode kafka = compose.at("/services/kafka");
        String image = kafka.get("image").asText();
        assertEquals(pomProperty("kafka.version"), image.substring(image.indexOf(':') + 1), "broker image = kafka-clients version");
        String listeners = kafka.at("/environment/KAFKA_ADVERTISED_LISTENERS").asText();
        for (ServiceConfig service : services.values()) {
            JsonNode s = compose.at("/services/" + service.module());
            assertFalse(s.isMissingNode(), "compose has " + service.module());
            assertEquals(service.module(), s.at("/build/args/MODULE").asText(), "image built from its module");
            assertTrue(Files.isDirectory(root.resolve(service.module())));
            boolean published = false;
            for (JsonNode port : s.withArray("ports")) {
                String[] parts = port.asText().split(":");
                published |= Integer.parseInt(parts[parts.length - 1]) == service.port();
            }
            assertTrue(published, service.module() + " publishes its port " + service.port());
            Iterator<String> names = s.path("environment").fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                assertTrue(service.envNames().contains(name) || name.equals(JAVA_OPTS),
                        "compose " + service.module() + " sets " + name + ", which the service does not read");
            }
            String bootstrap = s.at("/environment/KAFKA_BOOTSTRAP_SERVERS").asText();
            assertTrue(listeners.contains("://" + bootstrap), service.module() + " bootstrap " + bootstrap + " vs " + listeners);
        }
        assertTrue(Files.readString(root.resolve("deploy/docker/Dockerfile.jvm")).contains("$JAVA_OPTS"),
                "the image's entrypoint reads JAVA_OPTS");
    }

    // ---------------------------------------------------------------------------------------------- rendering

    /** kustomize build, for the subset this base uses: resources (files, in order), common labels, namespace. */
    static List<JsonNode> render(Path dir) throws IOException {
        JsonNode kustomization = YAML.readTree(dir.resolve("kustomization.yaml").toFile());
        kustomization.fieldNames().forEachRemaining(f -> assertTrue(KUSTOMIZE_FIELDS.contains(f),
                "kustomization.yaml uses '" + f + "', which this test's renderer does not apply"));
        Map<String, String> labels = new LinkedHashMap<>();
        for (JsonNode l : kustomization.path("labels")) {
            l.path("pairs").fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        }
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode resource : kustomization.withArray("resources")) {
            Path file = dir.resolve(resource.asText());
            assertTrue(Files.isRegularFile(file), "resource " + file + " is missing");
            try (InputStream in = Files.newInputStream(file);
                 MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(in)) {
                while (docs.hasNext()) {
                    JsonNode doc = docs.next();
                    if (doc == null || doc.isNull() || doc.isEmpty()) {
                        continue;
                    }
                    assertTrue(doc.hasNonNull("apiVersion") && doc.hasNonNull("kind") && doc.at("/metadata/name").isTextual(),
                            file + ": a document without apiVersion, kind or metadata.name");
                    ObjectNode metadata = (ObjectNode) doc.get("metadata");
                    labels.forEach((k, v) -> metadata.withObject("labels").put(k, v));
                    if (kustomization.hasNonNull("namespace")) {
                        metadata.put("namespace", kustomization.get("namespace").asText());
                    }
                    out.add(doc);
                }
            }
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode d : out) {
            assertTrue(ids.add(d.get("kind").asText() + "/" + d.at("/metadata/name").asText()), "duplicate " + d.get("kind") + " "
                    + d.at("/metadata/name"));
        }
        return out;
    }

    private ServiceConfig serviceConfig(String module) throws IOException {
        String text = Files.readString(root.resolve(module).resolve("src/main/resources/application.properties"));
        Properties props = new Properties();
        props.load(new java.io.StringReader(text));
        Set<String> env = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            env.add(m.group(1));
        }
        for (String key : props.stringPropertyNames()) {
            if (!key.startsWith("%")) {
                // SmallRye Config reads any property from the environment under this name
                env.add(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT));
            }
        }
        String port = props.getProperty("quarkus.http.port");
        assertNotNull(port, module + " sets quarkus.http.port");
        // the probes use Quarkus' default health paths: nothing may move them
        assertFalse(props.containsKey("quarkus.http.non-application-root-path"), module);
        assertFalse(props.containsKey("quarkus.smallrye-health.root-path"), module);
        assertTrue(Files.readString(root.resolve(module).resolve("pom.xml")).contains("quarkus-smallrye-health"),
                module + " has the health extension");
        return new ServiceConfig(module, Integer.parseInt(port), env);
    }

    private JsonNode workloadOf(String module) {
        return one("workload", d -> (d.get("kind").asText().equals("Deployment") || d.get("kind").asText().equals("StatefulSet"))
                && d.at("/metadata/name").asText().equals(module), module);
    }

    private static JsonNode containerOf(JsonNode workload, String module) {
        for (JsonNode c : workload.at("/spec/template/spec/containers")) {
            if (c.path("image").asText().startsWith("countersight/" + module + ":")) {
                return c;
            }
        }
        return fail(module + ": no container with image countersight/" + module);
    }

    private void assertProbe(JsonNode container, String probe, String path, ServiceConfig service) {
        JsonNode get = container.at("/" + probe + "/httpGet");
        assertFalse(get.isMissingNode(), service.module() + " has an HTTP " + probe);
        assertEquals(path, get.get("path").asText(), service.module() + " " + probe);
        JsonNode port = get.get("port");
        int resolved = port.isInt() ? port.asInt() : namedPort(container, port.asText());
        assertEquals(service.port(), resolved, service.module() + " " + probe + " port");
    }

    private static int namedPort(JsonNode container, String name) {
        for (JsonNode p : container.withArray("ports")) {
            if (name.equals(p.path("name").asText())) {
                return p.get("containerPort").asInt();
            }
        }
        return fail("no container port named " + name);
    }

    /** Names set on the container: env entries and the keys of every ConfigMap/Secret it takes whole. */
    private List<String> envNames(JsonNode container) {
        List<String> names = new ArrayList<>();
        container.withArray("env").forEach(e -> names.add(e.get("name").asText()));
        for (JsonNode from : container.withArray("envFrom")) {
            String kind = from.has("configMapRef") ? "ConfigMap" : "Secret";
            String ref = from.has("configMapRef") ? from.at("/configMapRef/name").asText() : from.at("/secretRef/name").asText();
            JsonNode source = one(kind, d -> d.at("/metadata/name").asText().equals(ref), ref);
            source.path("data").fieldNames().forEachRemaining(names::add);
            source.path("stringData").fieldNames().forEachRemaining(names::add);
        }
        return names;
    }

    private static String envValue(JsonNode container, String name) {
        for (JsonNode e : container.withArray("env")) {
            if (e.get("name").asText().equals(name)) {
                return e.path("value").isMissingNode() ? null : e.get("value").asText();
            }
        }
        return null;
    }

    /** A variable's value from env or from a ConfigMap the container takes whole. */
    private String resolvedEnv(JsonNode container, String name) {
        String direct = envValue(container, name);
        if (direct != null) {
            return direct;
        }
        for (JsonNode from : container.withArray("envFrom")) {
            if (from.has("configMapRef")) {
                String ref = from.at("/configMapRef/name").asText();
                JsonNode map = one("ConfigMap", d -> d.at("/metadata/name").asText().equals(ref), ref);
                if (map.at("/data").has(name)) {
                    return map.at("/data").get(name).asText();
                }
            }
        }
        return null;
    }

    private List<JsonNode> all(String kind) {
        return rendered.stream().filter(d -> d.get("kind").asText().equals(kind)).toList();
    }

    private JsonNode one(String what, java.util.function.Predicate<JsonNode> match, String context) {
        List<JsonNode> found = rendered.stream()
                .filter(d -> what.equals("workload") || d.get("kind").asText().equals(what))
                .filter(match).toList();
        assertEquals(1, found.size(), "exactly one " + what + " for " + context);
        return found.get(0);
    }

    private static boolean labelsMatch(JsonNode selector, JsonNode labels) {
        if (selector == null || selector.isMissingNode() || selector.isEmpty()) {
            return false;
        }
        Iterator<Map.Entry<String, JsonNode>> it = selector.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText())) {
                return false;
            }
        }
        return true;
    }

    private String pomProperty(String name) throws IOException {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(Files.readString(root.resolve("pom.xml")));
        assertTrue(m.find(), "root pom has " + name);
        return m.group(1).trim();
    }

    private String mainSources() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String module : SERVICES) {
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    all.append(Files.readString(f));
                }
            }
        }
        return all.toString();
    }

    /** A topic whose readers depend on one total order declares its partition count in its Spec (0: any). */
    private static int fixedPartitions(Topics.Spec spec) {
        try {
            return (int) Topics.Spec.class.getMethod("partitions").invoke(spec);
        } catch (NoSuchMethodException e) {
            return 0; // a Spec without a partition count
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String minor(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1];
    }

    static long bytes(String quantity) {
        Matcher m = Pattern.compile("(\\d+)([a-zA-Z]*)").matcher(quantity.trim());
        assertTrue(m.matches(), "a size: " + quantity);
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "", "b" -> n;
            case "k", "K", "Ki" -> n << 10;
            case "m", "M", "Mi" -> n << 20;
            case "g", "G", "Gi" -> n << 30;
            default -> fail("unknown unit in " + quantity);
        };
    }

    static double cpu(String quantity) {
        return quantity.endsWith("m") ? Integer.parseInt(quantity.substring(0, quantity.length() - 1)) / 1000.0
                : Double.parseDouble(quantity);
    }
}
