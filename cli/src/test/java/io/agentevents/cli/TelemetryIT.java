package io.agentevents.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 14: the {@code eventbus} processes set up the OpenTelemetry SDK from the standard {@code OTEL_*}
 * variables ({@link Telemetry}). Runs the real jar ({@code target/eventbus.jar}, so its merged service files
 * too) in a child process against the shared platform, exporting to an OTLP/HTTP receiver run here.
 */
@ExtendWith(SharedPlatformExtension.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TelemetryIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path JAR = Path.of("target", "eventbus.jar");

    /** The bodies POSTed to {@code /v1/traces}, uncompressed. */
    private final List<byte[]> exports = new CopyOnWriteArrayList<>();
    private HttpServer receiver;

    @TempDir
    Path dir;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/v1/traces", this::receive);
        receiver.start();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            InputStream body = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                body = new GZIPInputStream(body);
            }
            exports.add(body.readAllBytes());
            exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1); // an empty ExportTraceServiceResponse: all accepted
        }
    }

    private String endpoint() {
        return "http://" + receiver.getAddress().getHostString() + ":" + receiver.getAddress().getPort();
    }

    @Test
    void emitExportsItsProducerSpanOverOtlpWithTheEventIdAndADefaultServiceName(TestPlatform platform) throws Exception {
        Child emit = eventbus(Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint()), "emit", "--type", "plan.created", "--plan-id",
                platform.uniqueName("traced"), "--bootstrap", platform.bootstrapServers(), "--registry", platform.schemaRegistryUrl());

        assertThat(emit.exitCode()).as("stderr: %s", emit.err()).isZero();
        String eventId = JSON.readTree(emit.out()).at("/event/event_id").asText();
        assertThat(eventId).hasSize(26);
        // the span ends on the acknowledgement; the SDK's shutdown hook exports it as the process ends
        await().atMost(Duration.ofSeconds(10)).until(() -> !exported().isEmpty());
        List<ExportedSpan> spans = exported();
        assertThat(spans).as("spans exported").anySatisfy(exported -> {
            assertThat(exported.span().getName()).isEqualTo("events.plan send");
            assertThat(exported.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_PRODUCER);
            assertThat(attribute(exported.span().getAttributesList(), "messaging.message.id")).isEqualTo(eventId);
            assertThat(attribute(exported.resource().getResource().getAttributesList(), "service.name"))
                    .isEqualTo("eventbus-emit");
        });
    }

    @Test
    void theServiceNameOfTheEnvironmentWins(TestPlatform platform) throws Exception {
        Child emit = eventbus(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(),
                "OTEL_RESOURCE_ATTRIBUTES", "service.name=planner-7,deployment.environment=test"), "emit", "--type",
                "tool.invoked", "--bootstrap", platform.bootstrapServers(), "--registry", platform.schemaRegistryUrl());

        assertThat(emit.exitCode()).as("stderr: %s", emit.err()).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> !exported().isEmpty());
        assertThat(exported()).extracting(exported -> exported.span().getName()).contains("events.tool send");
        assertThat(exported()).allSatisfy(exported -> assertThat(attribute(
                exported.resource().getResource().getAttributesList(), "service.name")).isEqualTo("planner-7"));
    }

    @Test
    void withoutTheVariablesNothingIsExportedAndNoSdkClassIsLoaded(TestPlatform platform) throws Exception {
        String[] emit = {"emit", "--type", "plan.created", "--bootstrap", platform.bootstrapServers(), "--registry",
                platform.schemaRegistryUrl()};
        Child plain = eventbus(List.of("-Xlog:class+load=info"), Map.of(), emit);
        // every variable pointing here, but the SDK disabled
        Child disabled = eventbus(List.of(), Map.of("OTEL_SDK_DISABLED", "true", "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint()), emit);

        assertThat(plain.exitCode()).as("stderr: %s", plain.err()).isZero();
        assertThat(disabled.exitCode()).as("stderr: %s", disabled.err()).isZero();
        assertThat(plain.out()).contains("io.opentelemetry.api.GlobalOpenTelemetry source:")
                .doesNotContain("io.opentelemetry.sdk.");
        assertThat(plain.err() + disabled.err()).doesNotContain("GlobalOpenTelemetry").doesNotContain("autoconfigur");
        // both processes have ended: anything they exported would be here
        assertThat(exports).isEmpty();
    }

    @Test
    void aBadValueIsABadEnvironmentNamingTheVariableWithExit2() throws Exception {
        Child run = eventbus(Map.of("OTEL_TRACES_EXPORTER", "carrier-pigeon"), "emit", "--type", "plan.created");
        Child grpc = eventbus(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint(), "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
                "emit", "--type", "plan.created");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("bad environment: OTEL_TRACES_EXPORTER: ").contains("carrier-pigeon")
                .contains("Usage: eventbus emit").doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(grpc.exitCode()).isEqualTo(2);
        assertThat(grpc.err()).startsWith("bad environment: OTEL_EXPORTER_OTLP_PROTOCOL: the protocol grpc is not supported")
                .doesNotContain("\tat ");
        assertThat(run.out() + grpc.out()).isEmpty();
    }

    /** Every span exported so far, with its resource. */
    private List<ExportedSpan> exported() throws IOException {
        List<ExportedSpan> spans = new ArrayList<>();
        for (byte[] body : exports) {
            for (ResourceSpans resource : ExportTraceServiceRequest.parseFrom(body).getResourceSpansList()) {
                for (ScopeSpans scope : resource.getScopeSpansList()) {
                    scope.getSpansList().forEach(span -> spans.add(new ExportedSpan(resource, span)));
                }
            }
        }
        return spans;
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(attribute -> attribute.getKey().equals(key))
                .map(attribute -> attribute.getValue().getStringValue()).findFirst().orElse(null);
    }

    private record ExportedSpan(ResourceSpans resource, Span span) {
    }

    private record Child(int exitCode, String out, String err) {
    }

    private Child eventbus(Map<String, String> otel, String... args) throws Exception {
        return eventbus(List.of(), otel, args);
    }

    /** Runs {@code java -jar eventbus.jar args...} with the test JVM's environment, less its OTEL_* variables, plus {@code otel}. */
    private Child eventbus(List<String> jvmOptions, Map<String, String> otel, String... args) throws Exception {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("OTEL_"));
        builder.environment().putAll(otel);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("eventbus " + String.join(" ", args) + " did not end within 90 s: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Child(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
