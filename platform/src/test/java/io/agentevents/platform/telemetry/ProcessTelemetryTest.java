package io.agentevents.platform.telemetry;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;

import org.junit.jupiter.api.Test;

import java.net.MalformedURLException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 14: when the {@code eventbus} processes set up the SDK, and how they name a bad {@code OTEL_*} value. */
class ProcessTelemetryTest {
    @Test
    void theSdkIsRequestedByAnExporterAnEndpointOrAServiceNameUnlessDisabled() {
        assertThat(ProcessTelemetry.requested(Map.of())).isFalse();
        assertThat(ProcessTelemetry.requested(Map.of("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "PATH", "/bin"))).isFalse();
        assertThat(ProcessTelemetry.requested(Map.of("OTEL_TRACES_EXPORTER", " "))).isFalse();
        assertThat(ProcessTelemetry.requested(Map.of("OTEL_TRACES_EXPORTER", "console"))).isTrue();
        assertThat(ProcessTelemetry.requested(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318"))).isTrue();
        assertThat(ProcessTelemetry.requested(Map.of("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://collector:4318/v1/traces")))
                .isTrue();
        assertThat(ProcessTelemetry.requested(Map.of("OTEL_SERVICE_NAME", "planner"))).isTrue();
        assertThat(ProcessTelemetry.requested(Map.of("OTEL_SERVICE_NAME", "planner", "OTEL_SDK_DISABLED", "TRUE"))).isFalse();
        assertThat(ProcessTelemetry.requested(Map.of("OTEL_SERVICE_NAME", "planner", "OTEL_SDK_DISABLED", "false"))).isTrue();
    }

    @Test
    void theServiceNameIsOursOnlyWhenTheEnvironmentGivesNone() {
        assertThat(ProcessTelemetry.serviceNameUnset(null, Map.of())).isTrue();
        assertThat(ProcessTelemetry.serviceNameUnset("", Map.of("deployment.environment", "test"))).isTrue();
        assertThat(ProcessTelemetry.serviceNameUnset("planner", Map.of())).isFalse();
        assertThat(ProcessTelemetry.serviceNameUnset(null, Map.of("service.name", "planner"))).isFalse();
    }

    @Test
    void aBadValueIsNamedByItsVariable() {
        Map<String, String> environment = Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT", "notaurl");
        assertThat(ProcessTelemetry.problem(new ConfigurationException("Unrecognized value for otel.traces.exporter: bogus"),
                environment)).isEqualTo("OTEL_TRACES_EXPORTER: Unrecognized value for otel.traces.exporter: bogus");
        assertThat(ProcessTelemetry.problem(new ConfigurationException("Unexpected configuration error",
                new ConfigurationException("Invalid duration property otel.bsp.schedule.delay=soon.")), environment))
                .isEqualTo("OTEL_BSP_SCHEDULE_DELAY: Invalid duration property otel.bsp.schedule.delay=soon.");
    }

    @Test
    void aMessageNamingNoPropertyIsPutAfterTheVariablesItIsAbout() {
        Map<String, String> environment = Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_ENDPOINT", "notaurl");
        assertThat(ProcessTelemetry.problem(new ConfigurationException("OTLP endpoint must be a valid URL: notaurl",
                new MalformedURLException("no protocol: notaurl")), environment))
                .isEqualTo("OTEL_EXPORTER_OTLP_ENDPOINT: OTLP endpoint must be a valid URL: notaurl");
        assertThat(ProcessTelemetry.problem(new ConfigurationException("Unexpected configuration error",
                new IllegalStateException("No GrpcSenderProvider found on classpath")),
                Map.of("OTEL_SERVICE_NAME", "x", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc")))
                .startsWith("OTEL_EXPORTER_OTLP_PROTOCOL: the protocol grpc is not supported");
        assertThat(ProcessTelemetry.problem(new IllegalArgumentException("something else"), environment))
                .isEqualTo("one of OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_TRACES_EXPORTER: something else");
    }
}
