package io.agentevents.cli;

import io.agentevents.cli.ConsoleExamples.Block;
import io.agentevents.cli.ConsoleExamples.Example;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.topics.TopicLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Python section of {@code docs/interop.md}, run: its {@code console} commands (the Python
 * scripts of {@code examples/python/} with Debian's {@code python3-confluent-kafka} and
 * {@code python3-avro}, and the {@code eventbus} commands between them) in page order, each with
 * the exit code and the JSON fields the page shows, every reading command printing the event the
 * command before it wrote; and its Python excerpts, each a verbatim part of {@code examples/python/}.
 * The commands are skipped (an assumption) when {@code /usr/bin/python3} cannot import the packages.
 */
@ExtendWith(SharedPlatformExtension.class)
class PythonExamplesIT {
    private static final Path ROOT = Path.of("..");
    private static final Path JAR = Path.of("target", "eventbus.jar");
    private static final String PYTHON = "/usr/bin/python3";
    private static final String RUN_HERE = "PythonExamplesIT runs it";
    private static final Pattern JSON_FIELD = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*:");
    private static final Pattern PYTHON_BLOCK = Pattern.compile("```python\\n(.*?)\\n```", Pattern.DOTALL);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Skips the calling test when the Python examples cannot run here. */
    private static void assumePythonHasTheDebianPackages() throws Exception {
        Process probe = new ProcessBuilder(PYTHON, "-c", "import confluent_kafka, avro")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Assumptions.assumeTrue(probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0,
                PYTHON + " cannot import confluent_kafka and avro (apt-get install python3-confluent-kafka python3-avro)");
    }

    @Test
    void everyPythonExcerptOfThePageIsPartOfTheExampleFiles() throws IOException {
        String page = Files.readString(ROOT.resolve("docs/interop.md"), StandardCharsets.UTF_8);
        String section = page.substring(page.indexOf("\n## Python\n"), page.indexOf("\n## Node.js\n"));
        StringBuilder examples = new StringBuilder();
        try (Stream<Path> files = Files.list(ROOT.resolve("examples/python"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".py")).sorted().toList()) {
                examples.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            }
        }
        Matcher block = PYTHON_BLOCK.matcher(section);
        int excerpts = 0;
        while (block.find()) {
            assertThat(examples.toString()).as("examples/python/*.py contain the excerpt of docs/interop.md").contains(block.group(1));
            excerpts++;
        }
        assertThat(excerpts).as("Python excerpts in the Python section").isGreaterThanOrEqualTo(3);
    }

    /**
     * The page's commands against the shared platform, under a prefix of their own whose subjects a
     * Java producer registered first (as {@code KafkaEventBus} does when it starts).
     */
    @Test
    void thePagesCommandsRunAsShownBesideAJavaProducer(TestPlatform platform) throws Exception {
        assumePythonHasTheDebianPackages();
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("py-docs"));
        try (KafkaEventBus provisioning = KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(),
                platform.schemaRegistryUrl()).withTopics(layout))) {
            provisioning.flush();
        }
        runThePage(platform.bootstrapServers(), platform.schemaRegistryUrl(), layout.prefix());
    }

    /**
     * Issue 16: on a fresh {@code eventbus local}, nothing emitted by Java, Python writes with the latest
     * registered schema and {@code eventbus tail} prints it. Failed with the registry's 40401 (subject
     * not found) while nothing registered the subjects before a Java producer ran.
     */
    @Test
    void onAFreshEventbusLocalPythonProducesWithTheLatestSchemaAndTailPrintsIt(@TempDir Path data) throws Exception {
        assumePythonHasTheDebianPackages();
        assertThat(JAR).as("the runnable jar built by mvn package").exists();
        Process local = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", // less CPU, same behaviour (as the test JVMs run)
                JAR.toString(), "local", "--kafka-port", "0", "--registry-port", "0", "--http-port", "0",
                "--data-dir", data.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Map<String, String> addresses = new LinkedHashMap<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(local.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("ready")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    addresses.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                }
            }
            assertThat(line).as("eventbus local printed %s", addresses).isNotNull();
            runThePage(addresses.get("kafka"), addresses.get("schema registry"), "events");
        } finally {
            local.destroy();
            if (!local.waitFor(60, TimeUnit.SECONDS)) {
                local.destroyForcibly();
            }
        }
    }

    /** Runs the page's commands in order with these addresses and prefix. */
    private static void runThePage(String bootstrap, String registry, String prefix) throws Exception {
        List<String> addresses = List.of("--bootstrap", bootstrap, "--registry", registry, "--prefix", prefix);
        String previousEventId = null;
        int ran = 0;
        for (Block block : ConsoleExamples.read(ROOT).blocks()) {
            if (!block.notRunBecause().map(reason -> reason.contains(RUN_HERE)).orElse(false)) {
                continue;
            }
            for (Example example : block.examples()) {
                List<String> words = new ArrayList<>(ConsoleExamplesIT.shellWords(example.command()));
                words.addAll(addresses);
                Optional<List<String>> eventbus = ConsoleExamplesIT.eventbusArguments(words);
                String described = example.where() + ": `" + example.command() + "`";
                int exit;
                String out;
                String err;
                if (eventbus.isPresent()) {
                    CliRun run = CliRun.run(eventbus.get());
                    exit = run.exitCode();
                    out = run.out();
                    err = run.err();
                } else {
                    assertThat(words.get(0)).as("%s runs %s", described, PYTHON).isEqualTo(PYTHON);
                    Process python = new ProcessBuilder(words).directory(ROOT.toFile()).start();
                    out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                    assertThat(python.waitFor(60, TimeUnit.SECONDS)).as(described).isTrue();
                    exit = python.exitValue();
                }
                assertThat(exit).as("%s exit code%nstdout: %s%nstderr: %s", described, out, err).isEqualTo(example.exitCode());
                for (String shown : example.output()) {
                    Matcher field = JSON_FIELD.matcher(shown);
                    while (field.find()) {
                        assertThat(out).as("%s prints the field the page shows%nstdout: %s", described, out)
                                .containsPattern("\"" + field.group(1) + "\"\\s*:");
                    }
                }
                JsonNode printed = JSON.readTree(out.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("{}"));
                String eventId = printed.has("event") ? printed.path("event").path("event_id").asText() : printed.path("event_id").asText();
                boolean reads = example.command().contains(" tail ") || example.command().contains("consume.py");
                if (reads) {
                    assertThat(eventId).as("%s prints the event the command before it wrote", described).isEqualTo(previousEventId);
                }
                previousEventId = eventId;
                ran++;
            }
        }
        assertThat(ran).as("commands of the Python section run").isGreaterThanOrEqualTo(4);
    }
}
