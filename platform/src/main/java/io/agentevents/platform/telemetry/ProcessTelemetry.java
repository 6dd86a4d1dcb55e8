package io.agentevents.platform.telemetry;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenTelemetry SDK of an {@code eventbus} process (the command line, the bench), configured by the standard {@code OTEL_*}
 * variables (the SDK's autoconfiguration) when they ask for it, and registered as
 * {@code GlobalOpenTelemetry}, which the buses and subscribers use. Without those variables (or with
 * {@code OTEL_SDK_DISABLED=true}) it registers the no-op and loads no SDK class: the libraries' spans stay no-ops.
 *
 * <p>Our defaults, each only when the environment leaves it unset: the service name
 * {@code eventbus-<command>}, no metric or log exporter (metrics are served to Prometheus), and OTLP
 * over HTTP ({@code http/protobuf}: the jar has no gRPC sender).
 * The autoconfiguration's shutdown hook closes the SDK when the process ends, exporting the spans
 * still buffered.
 */
public final class ProcessTelemetry {
    /** Any of these set (not blank) asks for the SDK. */
    static final List<String> TRIGGERS = List.of("OTEL_TRACES_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_SERVICE_NAME");
    static final String DISABLED = "OTEL_SDK_DISABLED";
    /**
     * Our defaults, below every {@code OTEL_*} variable: no metric or log exporter (metrics go to Prometheus);
     * OTLP over HTTP, the only transport the jar has a sender for (the JDK's HttpClient).
     */
    static final Map<String, String> DEFAULTS = Map.of("otel.metrics.exporter", "none", "otel.logs.exporter", "none",
            "otel.exporter.otlp.protocol", "http/protobuf");
    /** The autoconfiguration's message around a failure it did not expect: its cause tells what. */
    private static final String UNTOLD = "Unexpected configuration error";
    private static final Pattern PROPERTY = Pattern.compile("otel\\.[a-z0-9._-]*[a-z0-9]");

    private ProcessTelemetry() {
    }

    /** Whether {@code environment} asks for the SDK: one of {@link #TRIGGERS} set and {@code OTEL_SDK_DISABLED} not true. */
    static boolean requested(Map<String, String> environment) {
        if ("true".equalsIgnoreCase(environment.getOrDefault(DISABLED, "").strip())) {
            return false;
        }
        for (String trigger : TRIGGERS) { // a loop, not a stream: a short command pays for no lambda here
            String value = environment.get(trigger);
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets up the SDK for {@code command} (a subcommand's name) when {@code environment} asks for it, else
     * registers the no-op (which {@code GlobalOpenTelemetry.get()} would otherwise settle on only after
     * noticing the autoconfiguration in the jar and logging that it is disabled). Does nothing when an
     * OpenTelemetry is registered already (the OpenTelemetry Java agent's).
     *
     * @param command the subcommand's name; the service is {@code eventbus-<command>} unless the environment names it
     * @throws IllegalArgumentException naming the variable when an {@code OTEL_*} value is bad ("bad environment: ...")
     */
    public static void start(String command, Map<String, String> environment) {
        if (GlobalOpenTelemetry.isSet()) {
            return;
        }
        if (requested(environment)) {
            Sdk.start("eventbus-" + command, environment);
        } else {
            none();
        }
    }

    /**
     * Registers the no-op as {@code GlobalOpenTelemetry} unless one is registered already: the process records
     * no span, and OpenTelemetry does not look for its autoconfiguration (and log that it is disabled) when
     * a library first asks.
     */
    public static void none() {
        if (!GlobalOpenTelemetry.isSet()) {
            GlobalOpenTelemetry.set(OpenTelemetry.noop());
        }
    }

    /**
     * What is wrong, for the one line {@code eventbus} prints: the variable named by the first message of
     * {@code failure}'s causes that names an autoconfiguration property ({@code otel.traces.exporter} is
     * {@code OTEL_TRACES_EXPORTER}) and that message; else the first telling message, after the set
     * {@code OTEL_*} variables it seems to be about (by their last word: {@code endpoint}, {@code protocol},
     * ...), or after all set ones.
     */
    static String problem(Throwable failure, Map<String, String> environment) {
        String told = null;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            Matcher property = PROPERTY.matcher(message == null ? "" : message);
            if (property.find()) {
                return property.group().toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_') + ": " + message;
            }
            if (message != null && message.contains("GrpcSenderProvider")) {
                told = "the protocol grpc is not supported (eventbus.jar sends OTLP over HTTP): use http/protobuf (the default) "
                        + "or http/json";
            } else if (told == null && message != null && !message.isBlank() && !message.equals(UNTOLD)) {
                told = message;
            }
        }
        String about = told == null ? "" : told.toLowerCase(Locale.ROOT);
        List<String> set = environment.keySet().stream().filter(name -> name.startsWith("OTEL_")).sorted().toList();
        List<String> named = set.stream()
                .filter(name -> about.contains(name.substring(name.lastIndexOf('_') + 1).toLowerCase(Locale.ROOT))).toList();
        return (named.isEmpty() ? "one of " + String.join(", ", set) : String.join(" or ", named)) + ": "
                + (told == null ? failure.getClass().getSimpleName() : told);
    }

    /** Whether the service name is ours to choose: neither {@code otel.service.name} nor a {@code service.name} resource attribute set. */
    static boolean serviceNameUnset(String serviceName, Map<String, String> resourceAttributes) {
        return (serviceName == null || serviceName.isBlank()) && !resourceAttributes.containsKey("service.name");
    }

    /** The only class here that touches the SDK, so that it is loaded only when the SDK is asked for. */
    private static final class Sdk {
        private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
        /** Held, so that its level stays: it logs "Error encountered during autoconfiguration" at INFO before we say what. */
        private static final Logger AUTOCONFIGURATION = Logger.getLogger(AutoConfiguredOpenTelemetrySdkBuilder.class.getName());

        static void start(String serviceName, Map<String, String> environment) {
            AUTOCONFIGURATION.setLevel(Level.WARNING);
            try {
                AutoConfiguredOpenTelemetrySdk.builder()
                        .addPropertiesSupplier(() -> DEFAULTS)
                        .addResourceCustomizer((Resource resource, ConfigProperties config) ->
                                serviceNameUnset(config.getString("otel.service.name"), config.getMap("otel.resource.attributes"))
                                        ? resource.merge(Resource.create(Attributes.of(SERVICE_NAME, serviceName)))
                                        : resource)
                        .setResultAsGlobal()
                        .build();
            } catch (ConfigurationException | IllegalArgumentException e) {
                throw new IllegalArgumentException("bad environment: " + problem(e, environment), e);
            }
        }
    }
}
