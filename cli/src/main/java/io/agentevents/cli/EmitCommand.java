package io.agentevents.cli;

import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.InvalidEventException;
import io.agentevents.schemas.json.EventJson;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code eventbus emit}: emits one event and prints it, with where it landed, as one JSON line. */
@Command(name = "emit", mixinStandardHelpOptions = true,
        description = {"Emit one event to Kafka and print one JSON line: the event and where it landed.",
                "Detail values are typed: whole numbers as long, decimals as double, true/false as boolean, else text."})
final class EmitCommand implements Callable<Integer> {
    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "Event type, as a wire name (plan.created) or a symbol (PLAN_CREATED).")
    String type;

    @Option(names = "--correlation-id", paramLabel = "ID", description = "Correlation id (the Kafka key). Default: a new ULID.")
    String correlationId;

    @Option(names = "--causation-id", paramLabel = "ID", description = "Id of the event that caused this one.")
    String causationId;

    @Option(names = "--plan-id", paramLabel = "ID")
    String planId;

    @Option(names = "--root-plan-id", paramLabel = "ID")
    String rootPlanId;

    @Option(names = "--session-id", paramLabel = "ID")
    String sessionId;

    @Option(names = "--actor", paramLabel = "NAME")
    String actor;

    @Option(names = "--project", paramLabel = "NAME")
    String project;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "eventbus-cli",
            description = "Who emits it. Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--detail", paramLabel = "KEY=VALUE", description = "A detail; repeat for more.")
    List<String> details = List.of();

    @Mixin
    ClusterAddress cluster;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Give up after this many seconds. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        DomainEvent event = buildEvent();
        if (timeoutSeconds < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--timeout must be at least 2 seconds");
        }
        KafkaEventBusConfig config = KafkaEventBusConfig.local(cluster.bootstrap, cluster.registry)
                .withProvision(false)
                .withClientId("eventbus-cli")
                .withDeliveryTimeout(Duration.ofSeconds(timeoutSeconds));
        try (KafkaEventBus bus = KafkaEventBus.start(config)) {
            EmitResult landed = bus.emitAndWait(event, Duration.ofSeconds(timeoutSeconds).multipliedBy(2));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", EventJson.toMap(event));
            line.put("landed", new JsonPosition(landed.topic(), landed.partition(), landed.offset()));
            CommandArguments.printJson(spec.commandLine().getOut(), line);
        }
        return 0;
    }

    private DomainEvent buildEvent() {
        DomainEvent.Builder builder = DomainEvent.builder(CommandArguments.eventType(spec.commandLine(), type)).source(source)
                .correlationId(correlationId).causationId(causationId).planId(planId).rootPlanId(rootPlanId).sessionId(sessionId)
                .actorName(actor).projectName(project);
        for (String detail : details) {
            int equals = detail.indexOf('=');
            if (equals <= 0) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--detail must be KEY=VALUE, was '" + detail + "'");
            }
            builder.detail(detail.substring(0, equals), typed(detail.substring(equals + 1)));
        }
        try {
            return builder.build();
        } catch (InvalidEventException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid event: " + e.getMessage());
        }
    }

    /** A detail value as the most specific plain type it parses as. */
    static Object typed(String value) {
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        if (value.matches("-?\\d{1,18}")) {
            return Long.parseLong(value);
        }
        if (value.matches("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][-+]?\\d+)?")) {
            return Double.parseDouble(value);
        }
        return value;
    }
}
