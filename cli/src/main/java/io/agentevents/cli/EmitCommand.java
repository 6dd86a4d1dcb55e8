package io.agentevents.cli;

import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.InvalidEventException;
import io.agentevents.schemas.json.EventJson;
import io.agentevents.schemas.topics.TopicLayout;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code eventbus emit}: emits one event and prints it, with where it landed, as one JSON line, only
 * after the broker acknowledged it ({@code acks=all}, idempotent producer). Provisions nothing: no
 * topic creation, no subject compatibility (the platform's provisioning does that).
 */
@Command(name = "emit", mixinStandardHelpOptions = true,
        description = {"Emit one event to Kafka and print one JSON line, once the broker acknowledged it: the event and "
                + "where it landed (landed.waitFor is what eventbus plan --wait-for takes).",
                "Detail values are typed: whole numbers as long, decimals as double, true/false as boolean, else text."})
final class EmitCommand implements Callable<Integer> {
    @Option(names = "--type", required = true, paramLabel = "TYPE",
            description = "Event type, as a wire name (plan.created) or a symbol (PLAN_CREATED).")
    String type;

    @Option(names = "--correlation-id", paramLabel = "ID",
            description = {"Correlation id: the Kafka key, so events with the same one land on one partition, in order.",
                    "Default: the root plan id, else the plan id (one plan tree's events keep their order, as the library keeps "
                            + "them under one correlation id), else (or when that id is no valid correlation id) a new ULID."})
    String correlationId;

    @Option(names = "--causation-id", paramLabel = "ID", description = "Id of the event that caused this one.")
    String causationId;

    @Option(names = "--plan-id", paramLabel = "ID",
            description = "The plan the event belongs to (plan_id; the ce_subject header); eventbus plan ID shows its state.")
    String planId;

    @Option(names = "--root-plan-id", paramLabel = "ID",
            description = "The top-level plan of the plan's tree (root_plan_id); eventbus plan --root ID lists its plans.")
    String rootPlanId;

    @Option(names = "--session-id", paramLabel = "ID", description = "The agent session the event comes from (session_id).")
    String sessionId;

    @Option(names = "--actor", paramLabel = "NAME", description = "The agent or person acting (actor_name).")
    String actor;

    @Option(names = "--project", paramLabel = "NAME", description = "The project the work is for (project_name).")
    String project;

    @Option(names = "--source", paramLabel = "SOURCE", defaultValue = "eventbus-cli",
            description = "Who emits it. Default: ${DEFAULT-VALUE}.")
    String source;

    @Option(names = "--detail", paramLabel = "KEY=VALUE", description = "A detail; repeat for more.")
    List<String> details = List.of();

    @Mixin
    ClusterOptions cluster;

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
        KafkaEventBusConfig local = KafkaEventBusConfig.local(cluster.connection(spec.commandLine()));
        KafkaEventBusConfig config = local.withTopics(topics(local.topics()))
                .withProvision(false)
                .withClientId("eventbus-cli")
                .withDeliveryTimeout(Duration.ofSeconds(timeoutSeconds));
        try (KafkaEventBus bus = KafkaEventBus.start(config)) {
            EmitResult landed = bus.emitAndWait(event, Duration.ofSeconds(timeoutSeconds).multipliedBy(2));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("event", EventJson.toMap(event));
            line.put("landed", Landed.of(landed));
            CommandArguments.printJson(spec.commandLine().getOut(), line);
        }
        return 0;
    }

    /** The topics under {@code --prefix}. */
    private TopicLayout topics(TopicLayout layout) {
        try {
            return layout.withPrefix(cluster.prefix);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "bad --prefix '" + cluster.prefix + "': " + e.getMessage());
        }
    }

    /**
     * Where the event landed, as {@code emit} prints it: {@code topic}, {@code partition}, {@code offset}
     * and {@code waitFor}, the same position as {@code eventbus plan --wait-for} and the query API's
     * {@code waitFor} take it ({@link EmitResult#waitFor()}). Immutable.
     */
    record Landed(String topic, int partition, long offset, String waitFor) {
        static Landed of(EmitResult landed) {
            return new Landed(landed.topic(), landed.partition(), landed.offset(), landed.waitFor());
        }
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
        DomainEvent event;
        try {
            event = builder.build(); // every field as given: a bad one is named before a default could hide it
        } catch (InvalidEventException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid event: " + e.getMessage());
        }
        String planKey = correlationId == null ? (rootPlanId != null ? rootPlanId : planId) : null;
        if (planKey == null) {
            return event;
        }
        try {
            return builder.correlationId(planKey).build();
        } catch (InvalidEventException e) {
            return event; // a plan id that is no valid correlation id (a space, over 128 characters) keeps the new ULID
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
