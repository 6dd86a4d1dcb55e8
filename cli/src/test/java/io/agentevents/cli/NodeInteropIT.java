package io.agentevents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.StartPosition;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.json.EventJson;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.serde.DomainEventDeserializer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Issue 16: the Node.js path of docs/interop.md (kafkajs with @kafkajs/confluent-schema-registry),
 * run for real with the scripts of {@code examples/node} against the shared embedded platform: a
 * Node consumer decodes what the Java producer emits with its default settings, Java reads what a
 * Node producer writes (same key, headers and partition as Java's), and the Node tool runner
 * reacts to approvals as the Java one does. Skipped when node or {@code examples/node/node_modules}
 * is missing ({@code npm ci --prefix examples/node} installs it; {@code .ci/run} does).
 */
@ExtendWith(SharedPlatformExtension.class)
class NodeInteropIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(90);
    private static final int PARTITIONS = 6;
    private static final Path EXAMPLES = repositoryRoot().resolve("examples").resolve("node");

    @BeforeEach // not @BeforeAll: each test is then reported skipped, with the reason
    void nodeAndItsPackages() {
        assumeTrue(nodeVersion() != null, "node is not on the PATH: install Node.js 18+ to run the Node interop tests");
        assumeTrue(Files.isDirectory(EXAMPLES.resolve("node_modules")),
                "examples/node/node_modules is missing: run `npm ci --prefix examples/node` (.ci/run does)");
    }

    /** Issue 16: kafkajs failed its first fetch ("LZ4 compression not implemented") on what Java emitted. */
    @Test
    void aNodeConsumerDecodesEveryFieldOfWhatTheJavaProducerEmitted(TestPlatform platform) throws Exception {
        try (EventTopics topics = EventTopics.provision(platform, "node-read", PARTITIONS);
             KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(),
                     platform.schemaRegistryUrl()).withTopics(topics.layout()))) {
            List<DomainEvent> emitted = javaEvents();
            for (DomainEvent event : emitted) {
                bus.emitAndWait(event);
            }

            Output consumed = runNode(List.of("consume.js", "--bootstrap", platform.bootstrapServers(), "--registry",
                    platform.schemaRegistryUrl(), "--prefix", topics.layout().prefix(), "--domains", "plan,budget,tool",
                    "--max", Integer.toString(emitted.size())), "");

            Map<String, JsonNode> decoded = new LinkedHashMap<>();
            for (String line : consumed.lines()) {
                JsonNode event = JSON.readTree(line);
                decoded.put(event.get("event_id").asText(), event);
            }
            assertThat(decoded).as("stderr: %s", consumed.err()).hasSize(emitted.size());
            for (DomainEvent event : emitted) {
                assertThat(decoded.get(event.eventId())).as("%s as Node decoded it", event.type())
                        .isEqualTo(shown(event));
            }
        }
    }

    @Test
    void javaReadsWhatANodeProducerWritesWithJavasKeyHeadersAndPartitions(TestPlatform platform) throws Exception {
        try (EventTopics topics = EventTopics.provision(platform, "node-write", PARTITIONS);
             KafkaEventBus ignored = KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(),
                     platform.schemaRegistryUrl()).withTopics(topics.layout()))) {   // registers the subjects, as Java does
            List<DomainEvent> events = nodeEvents();
            StringBuilder input = new StringBuilder();
            for (DomainEvent event : events) {
                input.append(JSON.writeValueAsString(EventJson.toMap(event))).append('\n');
            }

            Output landed = runNode(List.of("produce.js", "--bootstrap", platform.bootstrapServers(), "--registry",
                    platform.schemaRegistryUrl(), "--prefix", topics.layout().prefix()), input.toString());
            assertThat(landed.lines()).as("stderr: %s", landed.err()).hasSize(events.size());

            Map<String, DomainEvent> read = new ConcurrentHashMap<>();
            Map<String, Integer> partitions = new ConcurrentHashMap<>();
            SubscriberConfig config = SubscriberConfig.builder(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                    platform.uniqueName("node-write-reader")).topicPrefix(topics.layout().prefix())
                    .startPosition(StartPosition.earliest()).build();
            try (EventSubscriber subscriber = EventSubscriber.builder(config).on(Domain.DECISION, (event, delivery) -> {
                read.put(event.eventId(), event);
                partitions.put(event.eventId(), delivery.partition());
            }).build().start()) {
                await().atMost(60, TimeUnit.SECONDS).until(() -> read.size() >= events.size());
            }
            int latestId = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(platform.schemaRegistryUrl()))
                    .latest(topics.layout().topic(Domain.DECISION) + "-value").id();
            Map<String, ConsumerRecord<String, byte[]>> records = records(platform, topics.layout().topic(Domain.DECISION), events.size());
            for (DomainEvent event : events) {
                assertThat(shown(read.get(event.eventId()))).as("what Java read").isEqualTo(shown(event));
                ConsumerRecord<String, byte[]> record = records.get(event.eventId());
                assertThat(record.key()).isEqualTo(event.correlationId());
                assertThat(headers(record.headers())).as("headers of %s", event.eventId()).isEqualTo(javaHeaders(event));
                int javaPartition = Utils.toPositive(Utils.murmur2(event.correlationId().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
                assertThat(record.partition()).as("partition of key '%s'", event.correlationId()).isEqualTo(javaPartition);
                assertThat(partitions.get(event.eventId())).isEqualTo(javaPartition);
                assertThat(record.value()[0]).isZero();
                assertThat(ByteBuffer.wrap(record.value(), 1, 4).getInt()).as("schema id").isEqualTo(latestId);
            }
        }
    }

    @Test
    void theNodeToolRunnerReactsToApprovalsAsTheJavaOneDoes(TestPlatform platform) throws Exception {
        String run = platform.uniqueName("noderun");
        try (EventTopics topics = EventTopics.provision(platform, "node-agent", PARTITIONS);
             KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(),
                     platform.schemaRegistryUrl()).withTopics(topics.layout()))) {
            Node node = Node.start(List.of("agent.js", "--role", "tool-runner", "--run", run, "--index", "0", "--of", "1",
                    "--plans", "12", "--bootstrap", platform.bootstrapServers(), "--registry", platform.schemaRegistryUrl(),
                    "--prefix", topics.layout().prefix(), "--timeout", "60"));
            Process agent = node.process();
            BlockingQueue<String> out = lines(agent);
            try {
                assertThat(out.poll(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("first line; stderr: %s", node.err()).startsWith("ready ");
                Map<String, DomainEvent> approvals = new LinkedHashMap<>();
                for (int n = 0; n < 12; n++) {
                    String plan = run + "-plan-" + n;
                    DomainEvent approved = DomainEvent.builder(EventType.DECISION_APPROVED).source("/demo/" + run + "/decider-0")
                            .projectName(run).planId(plan).rootPlanId(plan).detail("decision_id", "d-" + n).build();
                    bus.emitAndWait(DomainEvent.builder(EventType.DECISION_APPROVED).source("/elsewhere").projectName("other-run")
                            .planId(plan).build());                     // another run's approval: ignored
                    bus.emitAndWait(approved);
                    approvals.put(plan, approved);
                }
                Map<String, List<ConsumerRecord<String, byte[]>>> byPlan = new ConcurrentHashMap<>();
                await().atMost(60, TimeUnit.SECONDS).until(() -> {
                    byPlan.clear();
                    toolAndBudgetRecords(platform, topics, byPlan);
                    return byPlan.values().stream().mapToInt(List::size).sum() >= 3 * approvals.size();
                });
                agent.getOutputStream().close();                   // the demo is done with it
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(agent.exitValue()).isZero();
                List<String> rest = new ArrayList<>();
                out.drainTo(rest);
                assertThat(rest).anyMatch(line -> line.matches("progress emitted=\\d+ handled=\\d+ done=0"));
                JsonNode summary = JSON.readTree(rest.stream().filter(line -> line.startsWith("summary "))
                        .reduce((a, b) -> b).orElseThrow().substring("summary ".length()));
                assertThat(summary.get("emitted").asLong()).isEqualTo(3L * approvals.size());
                assertThat(summary.get("role").asText()).isEqualTo("tool-runner");

                var deserializer = new DomainEventDeserializer();
                deserializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
                for (DomainEvent approved : approvals.values()) {
                    String plan = approved.planId();
                    List<DomainEvent> reaction = new ArrayList<>();
                    for (ConsumerRecord<String, byte[]> record : byPlan.get(plan)) {
                        DomainEvent event = deserializer.deserialize(record.topic(), record.value());
                        reaction.add(event);
                        assertThat(record.key()).isEqualTo(approved.correlationId());
                        assertThat(headers(record.headers())).isEqualTo(javaHeaders(event));
                        assertThat(event.projectName()).isEqualTo(run);
                        assertThat(event.rootPlanId()).isEqualTo(plan);
                    }
                    boolean fails = demoPlans("toolFails", plan);
                    EventType outcome = fails ? EventType.TOOL_FAILED : EventType.TOOL_SUCCEEDED;
                    assertThat(reaction).extracting(DomainEvent::type).containsExactlyInAnyOrder(EventType.TOOL_INVOKED,
                            EventType.BUDGET_CONSUMED, outcome);
                    DomainEvent invoked = only(reaction, EventType.TOOL_INVOKED);
                    assertThat(invoked.causationId()).isEqualTo(approved.eventId());
                    assertThat(invoked.details()).isEqualTo(Map.of("tool", "search", "args", Map.of("query", "demo " + plan, "limit", 5L)));
                    assertThat(only(reaction, EventType.BUDGET_CONSUMED).causationId()).isEqualTo(invoked.eventId());
                    assertThat(only(reaction, EventType.BUDGET_CONSUMED).details()).isEqualTo(Map.of("amount", 1.25));
                    assertThat(only(reaction, outcome).causationId()).isEqualTo(invoked.eventId());
                    assertThat(only(reaction, outcome).details()).isEqualTo(fails ? Map.of("tool", "search", "error", "upstream timed out")
                            : Map.of("tool", "search", "results", 3L));
                    assertThat(summary.at("/plans/" + plan + "/consumed").asDouble()).isEqualTo(1.25);
                }
                long flaky = approvals.keySet().stream().filter(plan -> demoPlans("passingErrorFirst", plan)).count();
                assertThat(summary.get("retried").asLong()).isEqualTo(flaky);
            } finally {
                agent.destroyForcibly();
            }
        }
    }

    @Test
    void theNodeAgentRefusesARoleItDoesNotPlay() throws Exception {
        Node agent = Node.start(List.of("agent.js", "--role", "planner", "--run", "r1"));
        assertThat(agent.process().waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(agent.process().exitValue()).isEqualTo(2);
        assertThat(agent.err()).contains("tool runner only");
    }

    /** Events of three domains with every field and every kind of detail value, as Java builds them. */
    private static List<DomainEvent> javaEvents() {
        Instant micros = Instant.parse("2026-01-02T03:04:05.123456Z");
        List<DomainEvent> events = new ArrayList<>();
        events.add(DomainEvent.builder(EventType.BUDGET_CONSUMED).timestamp(micros).causationId(DomainEvent.newId())
                .planId("plan-42").rootPlanId("plan-root").sessionId("session-1").actorName("java-agent").projectName("interop")
                .source("/agents/java").detail("amount", 2.5).detail("limit", 10.0).detail("tokens", 1234L)
                .detail("big", 4_503_599_627_370_496L).detail("negative", -7L).detail("final", false).detail("note", null)
                .detail("unit", "usd ✓ naïve 日本").detail("tools", List.of("search", "fetch", List.of(1L, 2.0)))
                .detail("usage", Map.of("prompt_tokens", 1000L, "model", "small", "nested", Map.of("deep", true)))
                .detail("empty_list", List.of()).detail("empty_map", Map.of()).build());
        events.add(DomainEvent.builder(EventType.PLAN_CREATED).timestamp(Instant.parse("2026-01-02T03:04:05Z"))
                .source("/agents/java").build());
        events.add(DomainEvent.builder(EventType.PLAN_PHASE_CHANGED).timestamp(Instant.parse("2026-01-02T03:04:05.120Z"))
                .planId("plan-42").source("/agents/java").detail("to_phase", "executing").build());
        for (int i = 0; i < 20; i++) {
            events.add(DomainEvent.builder(EventType.TOOL_INVOKED).planId("plan-" + i).source("/agents/java")
                    .detail("tool", "search").detail("attempt", (long) i).detail("score", i + 0.5).build());
        }
        return events;
    }

    /**
     * Decision events keyed by correlation ids of 1 to 40 visible ASCII characters (every tail
     * length of murmur2), whole numbers as long and fractions as double (as produce.js sends them).
     */
    private static List<DomainEvent> nodeEvents() {
        Random random = new Random(16);
        List<DomainEvent> events = new ArrayList<>();
        for (int length = 1; length <= 40; length++) {
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < length; i++) {
                key.append((char) ('!' + random.nextInt('~' - '!' + 1)));
            }
            DomainEvent.Builder event = DomainEvent.builder(length % 2 == 0 ? EventType.DECISION_APPROVED : EventType.DECISION_CREATED)
                    .correlationId(key.toString()).source("/agents/node-reviewer").actorName("node-reviewer")
                    .timestamp(Instant.parse("2026-01-02T03:04:05Z").plusNanos(length * 1_001_000L))
                    .detail("decision_id", "d-" + length).detail("score", length + 0.25).detail("rounds", (long) length)
                    .detail("final", length % 3 == 0).detail("tags", List.of("a", "ü")).detail("meta", Map.of("k", "v"));
            if (length % 4 != 0) {
                event.planId("plan-" + length).rootPlanId("plan-0").causationId(DomainEvent.newId());
            }
            events.add(event.build());
        }
        return events;
    }

    private static DomainEvent only(List<DomainEvent> events, EventType type) {
        return events.stream().filter(event -> event.type() == type).findFirst().orElseThrow();
    }

    private static JsonNode shown(DomainEvent event) throws IOException {
        return JSON.readTree(JSON.writeValueAsString(EventJson.toMap(event)));
    }

    private static List<Map.Entry<String, String>> headers(Iterable<Header> headers) {
        List<Map.Entry<String, String>> list = new ArrayList<>();
        headers.forEach(header -> list.add(Map.entry(header.key(), new String(header.value(), StandardCharsets.UTF_8))));
        return list;
    }

    private static List<Map.Entry<String, String>> javaHeaders(DomainEvent event) {
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(headers, event, null);
        return headers(headers);
    }

    /** Every record of {@code topic}, by the {@code ce_id} header, once {@code count} are there. */
    private static Map<String, ConsumerRecord<String, byte[]>> records(TestPlatform platform, String topic, int count) {
        Map<String, ConsumerRecord<String, byte[]>> records = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer(platform)) {
            consumer.subscribe(List.of(topic));
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> records.put(
                        CloudEventHeaders.get(record.headers(), CloudEventHeaders.ID).orElseThrow(), record));
                return records.size() >= count;
            });
        }
        return records;
    }

    private static void toolAndBudgetRecords(TestPlatform platform, EventTopics topics,
                                             Map<String, List<ConsumerRecord<String, byte[]>>> byPlan) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(platform)) {
            consumer.subscribe(List.of(topics.layout().topic(Domain.TOOL), topics.layout().topic(Domain.BUDGET)));
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> byPlan.computeIfAbsent(
                        CloudEventHeaders.get(record.headers(), CloudEventHeaders.SUBJECT).orElseThrow(), plan -> new ArrayList<>())
                        .add(record));
            }
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(TestPlatform platform) {
        return new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, platform.uniqueName("node-check"), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The demo's outcome of a plan, as every Java agent computes it ({@code DemoPlans}, package-private). */
    private static boolean demoPlans(String outcome, String planId) {
        try {
            Method method = Class.forName("io.agentevents.platform.demo.DemoPlans").getDeclaredMethod(outcome, String.class);
            method.setAccessible(true);
            return (Boolean) method.invoke(null, planId);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DemoPlans." + outcome + " is not callable", e);
        }
    }

    /** Runs a script of examples/node to its end with {@code input} on its standard input; its output lines. */
    private static Output runNode(List<String> command, String input) throws Exception {
        Node node = Node.start(command);
        Process process = node.process();
        BlockingQueue<String> out = lines(process);
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        try {
            boolean ended = process.waitFor(NODE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(ended).as("node %s ended within %s; stderr: %s", command, NODE_TIMEOUT, node.err()).isTrue();
            assertThat(process.exitValue()).as("exit code of node %s; stderr: %s", command, node.err()).isZero();
        } finally {
            process.destroyForcibly();
        }
        List<String> lines = new ArrayList<>();
        await().atMost(10, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(50)).until(() -> {
            out.drainTo(lines);
            return lines.contains(END);
        });
        lines.remove(END);
        return new Output(lines, node.err());
    }

    /** A node script's standard output lines and standard error. */
    private record Output(List<String> lines, String err) {
    }

    private static final String END = "\u0000end";

    /** A node process in examples/node, its standard error going to a file. */
    private record Node(Process process, Path errFile) {
        static Node start(List<String> command) throws IOException {
            List<String> full = new ArrayList<>(List.of("node"));
            full.addAll(command);
            Path err = Files.createTempFile("node-", ".err");
            err.toFile().deleteOnExit();
            return new Node(new ProcessBuilder(full).directory(EXAMPLES.toFile()).redirectError(err.toFile()).start(), err);
        }

        /** What it wrote to its standard error (the end of it). */
        String err() throws IOException {
            String text = Files.readString(errFile, StandardCharsets.UTF_8);
            return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
        }
    }

    /** The process's standard output, line by line as it comes, then {@link #END}. */
    private static BlockingQueue<String> lines(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
            lines.add(END);
        }, "node-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String nodeVersion() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0 ? version : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
    }
}
