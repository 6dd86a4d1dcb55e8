package io.agentevents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.streams.app.ProjectionsSetting;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The container stack without Docker: {@code docker-compose.yml}, the {@code Dockerfile} and
 * {@code .dockerignore} at the repository root, read as data and checked against each other, against
 * the projections' settings ({@link ProjectionsSetting}), the {@code eventbus} command line, the
 * images of the Testcontainers test platform and {@code docs/docker-compose.md}.
 */
class DockerComposeStructureTest {
    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String KAFKA = "kafka";
    private static final String REGISTRY = "schema-registry";
    private static final String PROJECTIONS = "projections";
    private static final String DEMO = "demo";
    /** The internal listener the other containers use. */
    private static final String INTERNAL_BOOTSTRAP = "kafka:19092";

    private final JsonNode compose = readYaml(ROOT.resolve("docker-compose.yml"));
    private final JsonNode services = compose.path("services");
    private final Dockerfile dockerfile = Dockerfile.parse(read(ROOT.resolve("Dockerfile")));

    // ---- docker-compose.yml ---------------------------------------------------------------------

    @Test
    void theFourServicesExist() {
        assertThat(names(services)).contains(KAFKA, REGISTRY, PROJECTIONS, DEMO);
    }

    @Test
    void kafkaIsTheOfficialImageAsOneKraftNodeWithAListenerForContainersAndOneForTheHost() {
        JsonNode kafka = service(KAFKA);
        assertThat(kafka.path("image").asText()).matches("apache/kafka:[0-9][\\w.-]*");

        Map<String, String> env = environment(kafka);
        assertThat(env.get("KAFKA_PROCESS_ROLES")).as("combined broker and controller").contains("broker", "controller");
        assertThat(env).containsKeys("CLUSTER_ID", "KAFKA_NODE_ID", "KAFKA_CONTROLLER_QUORUM_VOTERS", "KAFKA_CONTROLLER_LISTENER_NAMES");

        Map<String, String> advertised = listeners(env.get("KAFKA_ADVERTISED_LISTENERS"));
        assertThat(advertised.values()).as("advertised listeners").contains(INTERNAL_BOOTSTRAP, "localhost:9092");
        Map<String, String> bound = listeners(env.get("KAFKA_LISTENERS"));
        Map<String, String> protocols = listeners(env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"));
        for (String name : advertised.keySet()) {
            assertThat(bound).as("listener %s is bound", name).containsKey(name);
            assertThat(protocols).as("listener %s has a security protocol", name).containsKey(name);
            assertThat(port(bound.get(name))).as("listener %s binds the port it advertises", name)
                    .isEqualTo(port(advertised.get(name)));
        }
        assertThat(bound).containsKey(env.get("KAFKA_CONTROLLER_LISTENER_NAMES"));

        // one broker: internal topics with one replica, or transactions (exactly_once_v2) never start
        assertThat(env).containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
    }

    @Test
    void theRegistryIsConfluentsImageStoringItsSchemasThroughTheInternalListener() {
        JsonNode registry = service(REGISTRY);
        assertThat(registry.path("image").asText()).matches("confluentinc/cp-schema-registry:[0-9][\\w.-]*");
        Map<String, String> env = environment(registry);
        String store = env.get("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS");
        assertThat(store).isNotNull();
        assertThat(store.replaceFirst("^[A-Z_]+://", "")).isEqualTo(INTERNAL_BOOTSTRAP);
        assertThat(env.get("SCHEMA_REGISTRY_LISTENERS")).endsWith(":8081");
    }

    @Test
    void theImagesAreThoseTheContainersTestPlatformRunsTheTestsOn() {
        String source = read(ROOT.resolve("test-kit/src/main/java/io/agentevents/local/testing/ContainersTestPlatform.java"));
        assertThat(service(KAFKA).path("image").asText()).isEqualTo(defaultImage(source, "eventbus.test.kafka-image"));
        assertThat(service(REGISTRY).path("image").asText()).isEqualTo(defaultImage(source, "eventbus.test.registry-image"));
    }

    @Test
    void projectionsAndDemoAreBuiltFromTheRootDockerfile() {
        for (String name : List.of(PROJECTIONS, DEMO)) {
            JsonNode build = service(name).path("build");
            assertThat(build.isMissingNode()).as("%s has a build section", name).isFalse();
            String context = build.isTextual() ? build.asText() : build.path("context").asText();
            String file = build.isTextual() ? "Dockerfile" : build.path("dockerfile").asText("Dockerfile");
            assertThat(Path.of(context).normalize()).as("%s build context", name).isEqualTo(Path.of(""));
            assertThat(file).as("%s dockerfile", name).isEqualTo("Dockerfile");
            assertThat(service(name).has("image")).as("%s is built, not pulled", name).isFalse();
        }
    }

    @Test
    void thePublishedPortsAreThoseOfTheLocalPlatform() {
        assertThat(publishedPorts(service(KAFKA))).containsEntry(9092, 9092);
        assertThat(publishedPorts(service(REGISTRY))).containsEntry(8081, 8081);
        int apiPort = Integer.parseInt(environment(service(PROJECTIONS)).get("EVENTBUS_PROJECTIONS_HTTP_PORT"));
        assertThat(publishedPorts(service(PROJECTIONS))).containsEntry(8080, apiPort);
    }

    @Test
    void everyServiceStartedByDefaultHasAHealthCheck() {
        List<String> started = names(services).stream().filter(name -> !service(name).has("profiles")).toList();
        assertThat(started).contains(KAFKA, REGISTRY, PROJECTIONS);
        for (String name : started) {
            assertThat(hasHealthCheck(service(name))).as("%s has a health check", name).isTrue();
        }
    }

    @Test
    void theHealthChecksAskTheServicesThemselves() {
        assertThat(healthCheck(service(KAFKA))).contains("/opt/kafka/bin/kafka-", INTERNAL_BOOTSTRAP);
        assertThat(healthCheck(service(REGISTRY))).containsPattern("http://(localhost|127\\.0\\.0\\.1):8081/subjects");
        String port = environment(service(PROJECTIONS)).get("EVENTBUS_PROJECTIONS_HTTP_PORT");
        String projections = healthCheck(service(PROJECTIONS));
        assertThat(projections).containsPattern("http://(localhost|127\\.0\\.0\\.1):" + port + "/health");
        if (projections.contains("curl")) {
            assertThat(dockerfile.runtimeStage().image())
                    .as("curl is in the Ubuntu-based eclipse-temurin images, not in the Alpine ones").doesNotContain("alpine");
        }
    }

    @Test
    void eachServiceWaitsUntilWhatItNeedsIsHealthy() {
        assertThat(dependsOn(service(REGISTRY))).containsEntry(KAFKA, "service_healthy");
        assertThat(dependsOn(service(PROJECTIONS))).containsEntry(REGISTRY, "service_healthy");
        assertThat(dependsOn(service(DEMO))).containsEntry(PROJECTIONS, "service_healthy");
        for (String name : names(services)) {
            dependsOn(service(name)).forEach((dependency, condition) -> {
                assertThat(condition).as("%s waits for %s to be healthy", name, dependency).isEqualTo("service_healthy");
                assertThat(hasHealthCheck(service(dependency))).as("%s, which %s waits for, has a health check", dependency, name)
                        .isTrue();
            });
        }
    }

    @Test
    void theNamedVolumesAreDeclaredUsedAndMountedWhereTheDataIs() {
        Set<String> declared = new LinkedHashSet<>(names(compose.path("volumes")));
        Map<String, Map<String, String>> mounts = new LinkedHashMap<>();
        for (String name : names(services)) {
            mounts.put(name, namedVolumes(service(name)));
        }
        Set<String> used = mounts.values().stream().flatMap(m -> m.keySet().stream()).collect(Collectors.toSet());
        assertThat(declared).as("declared volumes").isNotEmpty();
        assertThat(declared).as("declared = used").containsExactlyInAnyOrderElementsOf(used);

        assertThat(mounts.get(KAFKA).values()).as("kafka's log directory is on a named volume")
                .contains(environment(service(KAFKA)).get("KAFKA_LOG_DIRS"));
        assertThat(mounts.get(PROJECTIONS).values()).as("the projections' state directory is on a named volume")
                .contains(environment(service(PROJECTIONS)).get("EVENTBUS_PROJECTIONS_STATE_DIR"));
    }

    @Test
    void theProjectionsEnvironmentHasOnlyKnownSettingsAndMakesAValidConfiguration() {
        Map<String, String> env = environment(service(PROJECTIONS));
        Set<String> known = Arrays.stream(ProjectionsSetting.values()).map(ProjectionsSetting::environmentVariable)
                .collect(Collectors.toSet());
        for (String name : env.keySet()) {
            assertThat(known.contains(name) || name.startsWith("EVENTBUS_KAFKA_"))
                    .as("%s is a ProjectionsSetting (docs/projections.md)", name).isTrue();
        }

        ProjectionsConfig config = ProjectionsConfig.fromEnvironment(env);
        assertThat(config.connection().bootstrapServers()).isEqualTo(INTERNAL_BOOTSTRAP);
        assertThat(config.connection().registryUrls()).isEqualTo(registryUrlInside());
        assertThat(config.httpHost()).as("reachable from outside the container").isEqualTo("0.0.0.0");
        assertThat(config.advertisedHost()).as("the name other containers reach it at").isEqualTo(PROJECTIONS);
        assertThat(config.replicationFactor()).as("one broker").isEqualTo(1);
        assertThat(config.stateDirectory()).as("state kept across restarts").isPresent();
    }

    @Test
    void theDemoRunsOnlyUnderTheDemoProfileAgainstTheStack() {
        JsonNode demo = service(DEMO);
        assertThat(texts(demo.path("profiles"))).containsExactly(DEMO);
        assertThat(hasHealthCheck(demo)).as("a one-shot run").isFalse();

        List<String> command = command(demo);
        assertThat(command.get(0)).isEqualTo(DEMO);
        String port = environment(service(PROJECTIONS)).get("EVENTBUS_PROJECTIONS_HTTP_PORT");
        assertThat(option(command, "--bootstrap")).isEqualTo(INTERNAL_BOOTSTRAP);
        assertThat(option(command, "--registry")).isEqualTo(registryUrlInside());
        assertThat(option(command, "--query-url")).isEqualTo("http://" + PROJECTIONS + ":" + port);
        for (String name : List.of(KAFKA, REGISTRY, PROJECTIONS)) {
            assertThat(service(name).has("profiles")).as("%s starts with a plain `docker compose up`", name).isFalse();
        }
    }

    @Test
    void theCommandsOfTheContainersAreCommandsOfTheEventbusJar() {
        assertThat(command(service(PROJECTIONS))).startsWith(PROJECTIONS);
        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("the Dockerfile's CMD", dockerfile.runtimeStage().execForm("CMD"));
        commands.put("compose service " + PROJECTIONS, command(service(PROJECTIONS)));
        commands.put("compose service " + DEMO, command(service(DEMO)));
        Set<String> subcommands = EventbusCommand.commandLine().getSubcommands().keySet();
        commands.forEach((where, args) -> {
            assertThat(subcommands).as("%s runs `eventbus %s`: a subcommand registered in EventbusCommand", where, args.get(0))
                    .contains(args.get(0));
            assertThatCode(() -> EventbusCommand.commandLine().parseArgs(args.toArray(String[]::new)))
                    .as("%s: eventbus %s", where, String.join(" ", args)).doesNotThrowAnyException();
        });
    }

    // ---- Dockerfile, .dockerignore ------------------------------------------------------------------

    @Test
    void theDockerfileBuildsTheReadmesJarWithMaven() {
        Dockerfile.Stage build = dockerfile.stages().get(0);
        assertThat(dockerfile.stages()).as("multi-stage").hasSizeGreaterThanOrEqualTo(2);
        assertThat(build.image()).startsWith("maven:").contains("17");
        assertThat(build.alias()).isNotBlank();
        assertThat(build.arguments("RUN")).anySatisfy(run -> assertThat(run).contains("mvn", "package", "-DskipTests"));

        String cliPom = read(ROOT.resolve("cli/pom.xml"));
        assertThat(cliPom).as("the shaded jar is cli/target/eventbus.jar").contains("<finalName>eventbus</finalName>");
        assertThat(dockerfile.runtimeStage().arguments("COPY"))
                .anySatisfy(copy -> assertThat(copy).startsWith("--from=" + build.alias() + " ")
                        .contains("cli/target/eventbus.jar").endsWith(" /app/eventbus.jar"));
    }

    @Test
    void theDockerfileCopiesThePomAndSourcesOfEveryModule() {
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(read(ROOT.resolve("pom.xml")));
        List<String> copies = dockerfile.stages().get(0).arguments("COPY");
        int count = 0;
        while (modules.find()) {
            String module = modules.group(1).trim();
            count++;
            assertThat(copies).as("COPY of %s/pom.xml", module).anySatisfy(c -> assertThat(c).startsWith(module + "/pom.xml "));
            assertThat(copies).as("COPY of %s/src", module).anySatisfy(c -> assertThat(c).startsWith(module + "/src "));
        }
        assertThat(count).as("modules in the root pom").isPositive();
        assertThat(copies).anySatisfy(c -> assertThat(c).startsWith("pom.xml "));
    }

    @Test
    void theRuntimeIsAJre17RunningTheJarAsANonRootUser() {
        Dockerfile.Stage runtime = dockerfile.runtimeStage();
        assertThat(runtime.image()).matches("eclipse-temurin:17[\\w.-]*jre[\\w.-]*");
        assertThat(runtime.execForm("ENTRYPOINT")).containsExactly("java", "-jar", "/app/eventbus.jar");
        assertThat(runtime.execForm("CMD")).containsExactly(PROJECTIONS);
        assertThat(runtime.arguments("EXPOSE")).contains("8080");

        List<String> users = runtime.arguments("USER");
        assertThat(users).as("a USER instruction").isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).isNotIn("root", "0");

        String stateDir = environment(service(PROJECTIONS)).get("EVENTBUS_PROJECTIONS_STATE_DIR");
        assertThat(runtime.arguments("RUN"))
                .as("the state directory exists in the image, owned by %s (a new named volume copies that)", user)
                .anySatisfy(run -> assertThat(run).contains("mkdir", stateDir).containsPattern("chown\\s+(-R\\s+)?" + user));
    }

    @Test
    void theDockerignoreKeepsBuildOutputAndGitOutButNotTheSources() {
        List<String> ignored = read(ROOT.resolve(".dockerignore")).lines().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        assertThat(ignored).anySatisfy(line -> assertThat(line).matches("(\\*\\*/)?target/?"));
        assertThat(ignored).contains(".git");
        assertThat(ignored).doesNotContain("src", "src/", "**/src", "**/src/", "pom.xml", "*.xml", "**/pom.xml", "*");
    }

    // ---- the guide ----------------------------------------------------------------------------------

    @Test
    void theGuideNamesEveryServicePortAndVolumeAndHowToResetAndTest() {
        String guide = read(ROOT.resolve("docs/docker-compose.md"));
        for (String name : names(services)) {
            assertThat(guide).as("docs/docker-compose.md names service %s", name).contains("`" + name + "`");
            for (int port : publishedPorts(service(name)).keySet()) {
                assertThat(guide).as("docs/docker-compose.md names port %s", port).contains(Integer.toString(port));
            }
        }
        for (String volume : names(compose.path("volumes"))) {
            assertThat(guide).as("docs/docker-compose.md names volume %s", volume).contains("`" + volume + "`");
        }
        for (String variable : environment(service(PROJECTIONS)).keySet()) {
            assertThat(guide).as("docs/docker-compose.md names %s", variable).contains(variable);
        }
        assertThat(guide).contains("docker compose up -d", "docker compose --profile demo up demo", "docker compose down -v",
                "-Deventbus.test.platform=containers");
    }

    // ---- reading compose ----------------------------------------------------------------------------

    private JsonNode service(String name) {
        JsonNode service = services.path(name);
        assertThat(service.isObject()).as("service %s in docker-compose.yml", name).isTrue();
        return service;
    }

    private String registryUrlInside() {
        return "http://" + REGISTRY + ":" + port(environment(service(REGISTRY)).get("SCHEMA_REGISTRY_LISTENERS"));
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    /** {@code environment:} as a map or as a list of {@code NAME=value}. */
    private static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode node = service.path("environment");
        if (node.isObject()) {
            node.properties().forEach(e -> env.put(e.getKey(), e.getValue().isNull() ? "" : e.getValue().asText()));
        } else {
            node.forEach(item -> {
                String[] parts = item.asText().split("=", 2);
                env.put(parts[0], parts.length == 2 ? parts[1] : "");
            });
        }
        return env;
    }

    /** Published ports, host port to container port, from the short or the long syntax. */
    private static Map<Integer, Integer> publishedPorts(JsonNode service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        for (JsonNode port : service.path("ports")) {
            if (port.isObject()) {
                ports.put(port.path("published").asInt(), port.path("target").asInt());
            } else {
                assertThat(port.isTextual()).as("port %s is quoted (YAML reads unquoted a:b as a number)", port).isTrue();
                String[] parts = port.asText().replaceFirst("/(tcp|udp)$", "").split(":");
                assertThat(parts.length).as("port %s publishes a host port", port).isGreaterThanOrEqualTo(2);
                ports.put(Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1]));
            }
        }
        return ports;
    }

    /** Named volumes of a service (not bind mounts), volume name to mount path. */
    private static Map<String, String> namedVolumes(JsonNode service) {
        Map<String, String> volumes = new LinkedHashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            String source;
            String target;
            if (volume.isObject()) {
                if (!"volume".equals(volume.path("type").asText("volume"))) {
                    continue;
                }
                source = volume.path("source").asText();
                target = volume.path("target").asText();
            } else {
                String[] parts = volume.asText().split(":");
                source = parts[0];
                target = parts.length > 1 ? parts[1] : "";
            }
            if (!source.isEmpty() && !source.startsWith("/") && !source.startsWith(".") && !source.startsWith("~")) {
                volumes.put(source, target);
            }
        }
        return volumes;
    }

    /** {@code depends_on:}, dependency to condition; the list form means {@code service_started}. */
    private static Map<String, String> dependsOn(JsonNode service) {
        Map<String, String> dependencies = new LinkedHashMap<>();
        JsonNode node = service.path("depends_on");
        if (node.isArray()) {
            node.forEach(name -> dependencies.put(name.asText(), "service_started"));
        } else {
            node.properties().forEach(e -> dependencies.put(e.getKey(), e.getValue().path("condition").asText("service_started")));
        }
        return dependencies;
    }

    private static boolean hasHealthCheck(JsonNode service) {
        JsonNode check = service.path("healthcheck");
        if (!check.isObject() || check.path("disable").asBoolean(false)) {
            return false;
        }
        JsonNode test = check.path("test");
        if (test.isArray()) {
            return test.size() >= 2 && !"NONE".equals(test.get(0).asText());
        }
        return test.isTextual() && !test.asText().isBlank();
    }

    private static String healthCheck(JsonNode service) {
        JsonNode test = service.path("healthcheck").path("test");
        return test.isArray() ? String.join(" ", texts(test)) : test.asText();
    }

    /** {@code command:} as its arguments (exec form, or a plain string split at spaces). */
    private static List<String> command(JsonNode service) {
        JsonNode command = service.path("command");
        assertThat(command.isMissingNode()).as("a command").isFalse();
        return command.isArray() ? texts(command) : Arrays.asList(command.asText().trim().split("\\s+"));
    }

    private static String option(List<String> command, String name) {
        int at = command.indexOf(name);
        assertThat(at).as("option %s in %s", name, command).isNotNegative().isLessThan(command.size() - 1);
        return command.get(at + 1);
    }

    /** {@code NAME://host:port,...} (or {@code NAME:PROTOCOL,...}), by name. */
    private static Map<String, String> listeners(String text) {
        assertThat(text).as("a listener list").isNotBlank();
        Map<String, String> listeners = new LinkedHashMap<>();
        for (String item : text.split(",")) {
            String trimmed = item.trim();
            int at = trimmed.indexOf("://");
            if (at >= 0) {
                listeners.put(trimmed.substring(0, at), trimmed.substring(at + 3));
            } else {
                String[] parts = trimmed.split(":", 2);
                listeners.put(parts[0], parts.length == 2 ? parts[1] : "");
            }
        }
        return listeners;
    }

    private static int port(String address) {
        String value = address.contains("://") ? URI.create(address).getPort() + "" : address.substring(address.lastIndexOf(':') + 1);
        return Integer.parseInt(value);
    }

    private static String defaultImage(String source, String property) {
        Matcher matcher = Pattern.compile("\"" + Pattern.quote(property) + "\",\\s*\"([^\"]+)\"").matcher(source);
        assertThat(matcher.find()).as("ContainersTestPlatform's default for %s", property).isTrue();
        return matcher.group(1);
    }

    private static JsonNode readYaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath().normalize(), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath().normalize(), e);
        }
    }

    /** A Dockerfile as stages of instructions; comments dropped, continuation lines joined. */
    private record Dockerfile(List<Stage> stages) {

        /** One stage: its base image, its alias and its instructions (keyword, arguments) in order. */
        record Stage(String image, String alias, List<Map.Entry<String, String>> instructions) {
            List<String> arguments(String keyword) {
                return instructions.stream().filter(i -> i.getKey().equals(keyword)).map(Map.Entry::getValue).toList();
            }

            /** The last {@code keyword ["a", "b"]} as its list; fails when absent or not in exec (JSON) form. */
            List<String> execForm(String keyword) {
                List<String> all = arguments(keyword);
                assertThat(all).as("a %s instruction", keyword).isNotEmpty();
                String last = all.get(all.size() - 1);
                try {
                    return Arrays.asList(JSON.readValue(last, String[].class));
                } catch (IOException e) {
                    throw new AssertionError(keyword + " is not in exec form (a JSON array): " + last, e);
                }
            }
        }

        Stage runtimeStage() {
            return stages.get(stages.size() - 1);
        }

        static Dockerfile parse(String text) {
            List<String> lines = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String raw : text.lines().toList()) {
                String line = raw.strip();
                if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
                    continue;
                }
                if (line.endsWith("\\")) {
                    pending.append(line, 0, line.length() - 1).append(' ');
                    continue;
                }
                pending.append(line);
                lines.add(pending.toString().strip());
                pending.setLength(0);
            }
            List<Stage> stages = new ArrayList<>();
            for (String line : lines) {
                String[] split = line.split("\\s+", 2);
                String keyword = split[0].toUpperCase(java.util.Locale.ROOT);
                String arguments = split.length == 2 ? split[1].strip().replaceAll("\\s+", " ") : "";
                if (keyword.equals("FROM")) {
                    String[] from = arguments.split(" ");
                    String alias = from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : "";
                    stages.add(new Stage(from[0], alias, new ArrayList<>()));
                } else {
                    assertThat(stages).as("%s before any FROM", keyword).isNotEmpty();
                    stages.get(stages.size() - 1).instructions().add(Map.entry(keyword, arguments));
                }
            }
            assertThat(stages).as("FROM instructions in the Dockerfile").isNotEmpty();
            return new Dockerfile(stages);
        }
    }
}
