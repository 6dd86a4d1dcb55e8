package io.agentevents.cli;

import io.agentevents.platform.LocalAdmin;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.serde.DomainEventSerializer;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs the packaged {@code cli/target/eventbus.jar} as a user would, in its own process. */
// the second longest class of this module (after EventbusDemoIT, @Order(1)): ordered last, because JUnit's
// parallel executor runs classes from the last one back on the thread that submits them while its other worker
// takes them from the first: so the two longest start together instead of one after the other
@Order(Integer.MAX_VALUE)
class EventbusLocalIT {
    private static final Path JAR = Path.of("target", "eventbus.jar");
    /** The repository's examples: the Python and Node agents the demo runs with --agents-from. */
    private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();

    @Test
    void localPrintsReadyServesClientsAndStopsOnSigterm() throws Exception {
        assertThat(JAR).as("the runnable jar built by mvn package").exists();
        Process process = new ProcessBuilder(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString(), "local",
                "--kafka-port", "0", "--registry-port", "0", "--http-port", "0")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            List<String> lines = new ArrayList<>();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            long started = System.nanoTime();
            String ready = CompletableFuture.supplyAsync(() -> readUntil(out, lines, "ready"))
                    .get(90, TimeUnit.SECONDS); // a bound for a stuck start, not a speed check (see eventbus bench)
            Duration toReady = Duration.ofNanos(System.nanoTime() - started);
            assertThat(ready).as("output: %s", lines).contains("ready");
            System.out.println("eventbus local ready in " + toReady.toMillis() + " ms");

            String bootstrap = value(lines, "kafka:");
            String registry = value(lines, "schema registry:");
            DomainEvent event = DomainEvent.builder(EventType.PLAN_CREATED).source("cli-test").planId("p-1").rootPlanId("p-1").build();
            try (var serializer = new DomainEventSerializer()) {
                serializer.configure(Map.of("schema.registry.url", registry), false);
                try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                        new StringSerializer(), serializer)) {
                    RecordMetadata landed = producer.send(new ProducerRecord<>("events.plan", event.correlationId(), event))
                            .get(90, TimeUnit.SECONDS); // a bound for a stuck start, not a speed check (see eventbus bench)
                    assertThat(landed.topic()).isEqualTo("events.plan");
                    // the projections run too: the plan shows up in the query API, and eventbus plan prints it
                    String api = value(lines, "query API:");
                    String token = landed.topic() + "-" + landed.partition() + ":" + landed.offset();
                    CliRun plan = CliRun.run("plan", "p-1", "--query-url", api, "--wait-for", token);
                    assertThat(plan.exitCode()).as("stderr %s", plan.err()).isZero();
                    assertThat(plan.out()).contains("\"planId\":\"p-1\"").contains("\"status\":\"created\"");
                    // issue 17 item 7: --root used to ignore --wait-for; an unmet wait used to exit 0
                    CliRun tree = CliRun.run("plan", "p-1", "--root", "--query-url", api, "--wait-for", token);
                    assertThat(tree.exitCode()).as("stderr %s", tree.err()).isZero();
                    assertThat(tree.out()).contains("\"planId\":\"p-1\"").contains("\"caughtUp\":true");
                    String beyond = landed.topic() + "-" + landed.partition() + ":" + (landed.offset() + 1000);
                    CliRun unmet = CliRun.run("plan", "p-1", "--query-url", api, "--wait-for", beyond, "--timeout", "1");
                    assertThat(unmet.exitCode()).as("stdout %s", unmet.out()).isEqualTo(1);
                    assertThat(unmet.out()).contains("\"caughtUp\":false");
                    assertThat(unmet.err()).contains(beyond + " was not folded in within 1 s");
                    CliRun audit = CliRun.run("audit", event.correlationId(), "--url", api, "--wait-for", token);
                    assertThat(audit.exitCode()).as("stderr %s", audit.err()).isZero();
                    assertThat(audit.out()).contains(event.eventId());
                    // issue 14: the printed metrics address serves Prometheus text: projections, their clients, the API
                    String metricsUrl = value(lines, "metrics:").split(" ")[0];
                    HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(metrics.statusCode()).isEqualTo(200);
                    assertThat(metrics.body()).contains("eventbus_projections_running{").contains("kafka_consumer_")
                            .contains("eventbus_query_requests_seconds_count{route=\"/plans/{planId}\",status=\"200\"}")
                            .as("the console's live feed is a subscriber: its meters are served too")
                            .contains("eventbus_subscriber_consumed_total{group=\"eventbus-console-");
                    // the printed console address serves the web console's page
                    String consoleUrl = value(lines, "console:").split(" ")[0];
                    HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(consoleUrl))
                            .build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(page.statusCode()).isEqualTo(200);
                    assertThat(page.body()).contains("<title>eventbus console</title>");
                }
            }

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            assertThat(process.exitValue()).isIn(0, 143);
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Issue 17, item 4: a restart of a secured platform on the same data directory needed the admin
     * password copied by hand into the environment; it reuses the one the first start wrote.
     */
    @Test
    void aSecuredPlatformRestartsOnItsDataDirectoryWithoutBeingToldThePassword(@TempDir Path dataDir) throws Exception {
        List<String> args = List.of("local", "--sasl", "--data-dir", dataDir.toString(),
                "--kafka-port", "0", "--registry-port", "0", "--http-port", "0");
        for (int start = 1; start <= 2; start++) {
            ProcessBuilder builder = new ProcessBuilder(command(args)).redirectErrorStream(true);
            builder.environment().remove(LocalAdmin.PASSWORD_VARIABLE);
            Process process = builder.start();
            try {
                List<String> lines = new ArrayList<>();
                BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                String ready = CompletableFuture.supplyAsync(() -> readUntil(out, lines, "eventbus local ready"))
                        .get(120, TimeUnit.SECONDS);
                assertThat(ready).as("start %d: %s", start, lines).contains("ready");
                Path settings = dataDir.resolve("admin-client.properties");
                assertThat(value(lines, "client settings:")).startsWith(settings.toString());
                assertThat(value(lines, "admin password:")).isEqualTo(start == 1 ? "a new random one"
                        : "the previous start's, from " + settings);
                // item 5: the written file is the bus's connection as it is
                KafkaEventBusConfig config = KafkaEventBusConfig.defaults(ConnectionSettings.loadClientProperties(settings));
                String position;
                try (KafkaEventBus bus = KafkaEventBus.start(config)) {
                    EmitResult landed = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("cli-test")
                            .planId("secured-" + start).build(), Duration.ofSeconds(30));
                    assertThat(landed.topic()).isEqualTo("events.plan");
                    position = landed.waitFor();
                }
                // issue 15: secured together, the query API answers 401 without the admin's credentials, 200 with them
                String api = value(lines, "query API:");
                String userInfo = ConnectionSettings.loadClientProperties(settings).registry().basicAuthUserInfo()
                        .orElseThrow().value();
                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(api + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode()).as("/metrics without credentials").isEqualTo(401);
                HttpRequest asAdmin = HttpRequest.newBuilder(URI.create(api + "/health")).header("Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8))).build();
                // a restart on the same data directory may rebalance once more after "ready" (503 REBALANCING, seen in
                // CI): the admin is let in at once, and the health answers 200 when that rebalance is over
                HttpResponse<String> admin = http.send(asAdmin, HttpResponse.BodyHandlers.ofString());
                assertThat(admin.statusCode()).as(admin.body()).isIn(200, 503);
                Awaitility.await("health 200 for the admin").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                        .untilAsserted(() -> {
                            HttpResponse<String> answer = http.send(asAdmin, HttpResponse.BodyHandlers.ofString());
                            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                        });
                // the written file also holds the query API's URL and the admin's token: plan reads with it as it is
                CliRun plan = CliRun.run("plan", "secured-" + start, "--command-config", settings.toString(),
                        "--wait-for", position, "--timeout", "30");
                assertThat(plan.exitCode()).as(plan.err()).isZero();
                assertThat(plan.out()).contains("\"planId\":\"secured-" + start + "\"");
                if (start == 2) {
                    // issue 15: the demo logs in with the written file and hands it on to its agent processes
                    String[] user = userInfo.split(":", 2);
                    String apiWithLogin = api.replaceFirst("//", "//" + user[0] + ":"
                            + URLEncoder.encode(user[1], StandardCharsets.UTF_8) + "@");
                    // with the agents of other languages (their real clients: confluent-kafka, kafkajs) where this machine has them
                    CliRun demo = CliRun.run("demo", "--command-config", settings.toString(), "--query-url", apiWithLogin,
                            "--plans", "1", "--prefix", "events", "--timeout", "120", "--agents-from", EXAMPLES.toString());
                    assertThat(demo.exitCode()).as(demo.out() + demo.err()).isZero();
                    assertThat(demo.out()).contains("projections agree with what the agents emitted: OK")
                            .doesNotContain(user[1]);
                    // each example agent that could log in here ran (a note says why one could not)
                    assertThat(demo.out()).containsAnyOf("(python: ", "note: no Python decider");
                    assertThat(demo.out()).containsAnyOf("(node: ", "note: no Node tool runner");
                }
                CompletableFuture.runAsync(() -> drain(out)); // keep the pipe flowing until it stops
                process.destroy(); // SIGTERM
                assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
            } finally {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void badArgumentsPrintUsageAndExitNonZero() throws Exception {
        List<List<String>> badArguments = List.of(List.of("local", "--brokers", "7"),
                List.of("local", "--kafka-port", "abc"), List.of("nonsense"), List.of());
        for (List<String> args : badArguments) {
            Process process = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as("exit code of %s: %s", args, output).isEqualTo(2);
            assertThat(output).as("output of %s", args).contains("Usage: eventbus");
        }
    }

    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(java(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
        command.addAll(args);
        return command;
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // discard
            }
        } catch (IOException ignored) {
            // the process has gone
        }
    }

    /**
     * The JVM the commands run in. They run with the client compiler and the serial collector, as the test JVMs
     * do (the parent pom's test.jvm.args): the same behaviour for less CPU on a build machine shared by two test
     * classes at a time; the bench measures the defaults.
     */
    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String readUntil(BufferedReader out, List<String> lines, String marker) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                lines.add(line);
                if (line.contains(marker)) {
                    return line;
                }
            }
            return "(process ended) " + lines;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String value(List<String> lines, String label) {
        return lines.stream().filter(line -> line.startsWith(label)).findFirst()
                .map(line -> line.substring(label.length()).trim())
                .orElseThrow(() -> new AssertionError("no line '" + label + "' in " + lines));
    }
}
