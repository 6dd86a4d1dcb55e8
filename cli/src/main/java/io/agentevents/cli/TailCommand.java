package io.agentevents.cli;

import io.agentevents.schemas.connection.ClusterReachability;
import io.agentevents.api.Delivery;
import io.agentevents.consumer.DeadLetterPolicy;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.StartPosition;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.json.EventJson;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code eventbus tail}: prints events as they are handled by a subscriber, one JSON line each.
 *
 * <p>A viewer: it writes nothing to the cluster but, with {@code --group}, the group's offsets. A
 * record it cannot decode (or gives up on otherwise) is not dead-lettered ({@link DeadLetterPolicy#SKIP}):
 * it is named on stderr, {@code eventbus tail: skipped events.plan-0@5: undecodable: ...}, and
 * skipped, so stdout stays one event per line.
 *
 * <p>Without {@code --group} it reads in a new throw-away consumer group that commits nothing, so
 * it never takes partitions from a real subscriber and leaves no offsets behind. With
 * {@code --group G} it commits what it printed; with {@code --max}, the events after the last
 * printed one are left uncommitted, so {@code --group G --max N} run again continues where it
 * stopped. {@code --from-beginning} and {@code --from-time} then apply only to partitions where
 * the group has no committed offset (as Kafka's {@code auto.offset.reset} does).
 */
@Command(name = "tail", mixinStandardHelpOptions = true,
        description = {"Print events as one JSON line each, in the order they are handled: "
                + "{\"topic\",\"partition\",\"offset\",\"replayed\",\"event\"}.",
                "Reads every domain unless --type or --domain narrows it; from now on unless --from-beginning "
                        + "or --from-time; until --max events or Ctrl-C.",
                "Writes nothing to the cluster (with --group, only the group's offsets): a record that cannot be "
                        + "decoded is named on stderr (eventbus tail: skipped TOPIC-PARTITION@OFFSET: REASON) and "
                        + "skipped, not dead-lettered."})
final class TailCommand implements Callable<Integer> {

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Only this event type (wire name plan.created or symbol PLAN_CREATED); repeat for more.")
    List<String> types = List.of();

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this domain (plan, tool, ...); repeat for more.")
    List<String> domains = List.of();

    @Option(names = "--from-beginning", description = "Start at the beginning of the topics (events are flagged replayed); "
            + "with --group, only where the group has no committed offset (elsewhere it resumes).")
    boolean fromBeginning;

    @Option(names = "--from-time", paramLabel = "TIME",
            description = "Start at the first event at or after this ISO-8601 time, e.g. 2025-01-31T12:00:00Z; "
                    + "with --group, only where the group has no committed offset (elsewhere it resumes).")
    String fromTime;

    @Option(names = "--max", paramLabel = "N", description = "Exit 0 after N events. Default: run until Ctrl-C.")
    Integer max;

    @Option(names = "--group", paramLabel = "GROUP",
            description = "Consumer group: resumes from its committed offsets and commits what was printed. "
                    + "Default: a new throw-away group that commits nothing.")
    String group;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "With --max: exit 1 if the N events have not come within this many seconds. Default: wait.")
    Integer timeoutSeconds;

    @Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        CommandLine commandLine = spec.commandLine();
        Set<EventType> typeSet = EnumSet.noneOf(EventType.class);
        types.forEach(name -> typeSet.add(CommandArguments.eventType(commandLine, name)));
        Set<Domain> domainSet = EnumSet.noneOf(Domain.class);
        domains.forEach(name -> domainSet.add(CommandArguments.domain(commandLine, name)));
        StartPosition start = startPosition(commandLine, group != null);
        if (max != null && max < 1) {
            throw new CommandLine.ParameterException(commandLine, "--max must be at least 1, was " + max);
        }
        if (timeoutSeconds != null && (timeoutSeconds < 1 || max == null)) {
            throw new CommandLine.ParameterException(commandLine, "--timeout needs --max and must be at least 1 second");
        }
        SubscriberConfig config;
        try {
            config = SubscriberConfig.builder(cluster.connection(commandLine),
                            group != null ? group : "eventbus-tail-" + DomainEvent.newId().toLowerCase(Locale.ROOT))
                    .topicPrefix(cluster.prefix)
                    .startPosition(start)
                    .deadLetterPolicy(DeadLetterPolicy.SKIP) // a viewer writes no dead letters
                    .commitOffsets(group != null) // a throw-away group keeps no offsets
                    .commitInterval(Duration.ofMillis(500)).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }

        ClusterReachability.require(config.connection(), ClusterReachability.WITHIN);
        Printer printer = new Printer(commandLine.getOut(), max == null ? Long.MAX_VALUE : max);
        PrintWriter err = commandLine.getErr();
        EventSubscriber.Builder builder = EventSubscriber.builder(config).onRejected(rejected -> {
            err.println("eventbus tail: skipped " + rejected.position() + ": "
                    + rejected.description().replaceAll("\\s*\\R\\s*", " ")); // one line per record
            err.flush();
        });
        domainSet.forEach(domain -> builder.on(domain, printer::print));
        typeSet.stream().filter(type -> !domainSet.contains(type.domain())) // one listener per record: no line twice
                .forEach(type -> builder.on(type, printer::print));
        if (typeSet.isEmpty() && domainSet.isEmpty()) {
            builder.onAll(printer::print);
        }
        EventSubscriber subscriber = builder.build();
        try {
            subscriber.start();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        Thread onCtrlC = new Thread(() -> {
            subscriber.close(Duration.ofSeconds(5));
            printer.stop();
        }, "eventbus-tail-shutdown");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            long deadline = timeoutSeconds == null ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (!printer.awaitDone(Duration.ofMillis(200))) {
                if (subscriber.state() == EventSubscriber.State.FAILED) {
                    throw new IllegalStateException("tail stopped: " + subscriber.failure().map(Throwable::getMessage)
                            .orElse("the subscriber failed"));
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("only " + printer.printed() + " of " + max + " event(s) came within "
                            + timeoutSeconds + " s");
                }
            }
            return 0;
        } finally {
            subscriber.closeNow(); // events after the last printed one stay uncommitted
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and closes the subscriber itself
            }
        }
    }

    /** Where to start; for a named group, only where it has no committed offset (a throw-away group has none). */
    private StartPosition startPosition(CommandLine commandLine, boolean namedGroup) {
        if (fromBeginning && fromTime != null) {
            throw new CommandLine.ParameterException(commandLine, "give --from-beginning or --from-time, not both");
        }
        StartPosition start;
        if (fromBeginning) {
            start = StartPosition.earliest();
        } else if (fromTime != null) {
            start = StartPosition.at(parseTime(commandLine, fromTime));
        } else {
            return StartPosition.latest();
        }
        return namedGroup ? start.whereUncommitted() : start;
    }

    private static Instant parseTime(CommandLine commandLine, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                throw new CommandLine.ParameterException(commandLine, "--from-time must be an ISO-8601 time with a zone, "
                        + "e.g. 2025-01-31T12:00:00Z or 2025-01-31T13:00:00+01:00, was '" + text + "'");
            }
        }
    }

    /**
     * Prints handled events, at most {@code max}. A handler called after the last one waits until
     * the subscriber is closed at once, so that record is not committed.
     */
    private static final class Printer {
        private final PrintWriter out;
        private final long max;
        private final CountDownLatch done = new CountDownLatch(1);
        private final CountDownLatch never = new CountDownLatch(1);
        private long printed;

        Printer(PrintWriter out, long max) {
            this.out = out;
            this.max = max;
        }

        void print(DomainEvent event, Delivery delivery) throws InterruptedException {
            synchronized (this) {
                if (printed < max) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("topic", delivery.topic());
                    line.put("partition", delivery.partition());
                    line.put("offset", delivery.offset());
                    line.put("replayed", delivery.replayed());
                    line.put("event", EventJson.toMap(event));
                    CommandArguments.printJson(out, line);
                    if (++printed == max) {
                        done.countDown();
                    }
                    return;
                }
            }
            never.await(); // past --max: interrupted by closeNow, left uncommitted
        }

        synchronized long printed() {
            return printed;
        }

        boolean awaitDone(Duration wait) throws InterruptedException {
            return done.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        }

        void stop() {
            done.countDown();
        }
    }
}
