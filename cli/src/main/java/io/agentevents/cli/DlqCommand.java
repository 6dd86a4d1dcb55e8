package io.agentevents.cli;

import io.agentevents.schemas.connection.ClusterReachability;
import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.consumer.deadletter.DeadLetter;
import io.agentevents.consumer.deadletter.DeadLetterConfig;
import io.agentevents.consumer.deadletter.DeadLetters;
import io.agentevents.consumer.deadletter.ReplayException;
import io.agentevents.consumer.deadletter.ReplayResult;
import io.agentevents.schemas.Domain;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code eventbus dlq}: list, count, show and replay the dead letters of the domain topics
 * ({@code <prefix>.<domain>.dlq}). Reading joins no consumer group and commits nothing.
 */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"Work with dead letters (PREFIX.<domain>.dlq): list, stats, show, replay.",
                "Reading joins no consumer group; replaying re-publishes the original record (same key, value and "
                        + "event id, header eventbus.replayed=true) to its source topic and partition and leaves the "
                        + "dead letter in place."},
        subcommands = {DlqCommand.ListLetters.class, DlqCommand.Stats.class, DlqCommand.Show.class,
                DlqCommand.Replay.class})
final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a dlq command is required: list, stats, show or replay");
    }

    /** A {@code dlq} command: where the platform is and how long to wait ({@link Connection}); runs against the dead letters. */
    abstract static class Subcommand extends ClientCommand<DeadLetters> {
        @Mixin
        Connection connection;

        @Override
        final DeadLetters open(CommandLine commandLine) {
            return connection.open(commandLine);
        }
    }

    /**
     * The options of every {@code dlq} command: where the platform is and how long to wait. Opening
     * asks Kafka for its brokers first, so a cluster that does not answer fails the command within
     * {@link ClusterReachability#WITHIN} (or {@code --timeout}, if shorter), naming its address.
     */
    static final class Connection {
        @Mixin
        ClusterOptions cluster;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "Give up reading or replaying after this many seconds. Default: ${DEFAULT-VALUE}.")
        int timeoutSeconds;

        DeadLetters open(CommandLine commandLine) {
            if (timeoutSeconds < 2) {
                throw new CommandLine.ParameterException(commandLine, "--timeout must be at least 2 seconds");
            }
            DeadLetterConfig config;
            try {
                config = new DeadLetterConfig(cluster.connection(commandLine), cluster.prefix,
                        Duration.ofSeconds(timeoutSeconds), Duration.ofSeconds(timeoutSeconds));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, e.getMessage());
            }
            ClusterReachability.require(config.connection(),
                    Duration.ofSeconds(Math.min(timeoutSeconds, ClusterReachability.WITHIN.toSeconds())));
            return DeadLetters.open(config);
        }
    }

    /** {@code --domain} of the commands that read every domain unless told one; a bad name is a usage error listing the valid ones. */
    static final class DomainFilter {
        @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
        CommandLine.Model.CommandSpec mixee;

        private Optional<Domain> only = Optional.empty();

        @Option(names = "--domain", paramLabel = "DOMAIN", description = "Only this domain. Default: every domain.")
        void domain(String name) {
            only = Optional.of(CommandArguments.domain(mixee.commandLine(), name));
        }

        /** The domain named, or empty for every domain. */
        Optional<Domain> only() {
            return only;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the oldest dead letters, one JSON line each: dlq position, reason, error, source "
                    + "position, attempts, time, group, key, event type and id.")
    static final class ListLetters extends Subcommand {
        @Mixin
        DomainFilter filter;

        @Option(names = "--max", paramLabel = "N", defaultValue = "100", description = "At most N letters. Default: ${DEFAULT-VALUE}.")
        int max;

        @Override
        void check(CommandLine commandLine) {
            if (max < 1) {
                throw new CommandLine.ParameterException(commandLine, "--max must be at least 1, was " + max);
            }
        }

        @Override
        int run(CommandLine commandLine, DeadLetters deadLetters) {
            List<DeadLetter> letters = filter.only().map(d -> deadLetters.list(d, max)).orElseGet(() -> deadLetters.list(max));
            letters.forEach(letter -> CommandArguments.printJson(commandLine.getOut(), DeadLetterJson.summary(letter)));
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Print the counts of dead letters as one JSON object: total, by_reason, by_error_class, "
                    + "by_event_type, by_domain.")
    static final class Stats extends Subcommand {
        @Mixin
        DomainFilter filter;

        @Override
        int run(CommandLine commandLine, DeadLetters deadLetters) {
            CommandArguments.printJson(commandLine.getOut(),
                    DeadLetterJson.stats(filter.only().map(deadLetters::stats).orElseGet(deadLetters::stats)));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print one dead letter in full as one JSON object: its headers and the event "
                    + "(or, when undecodable, the value as value_base64). Exit 1 when there is none at that position.")
    static final class Show extends Subcommand {
        @Parameters(index = "0", paramLabel = "TOPIC", description = "The dead-letter topic, e.g. events.tool.dlq.")
        String topic;

        @Parameters(index = "1", paramLabel = "PARTITION")
        int partition;

        @Parameters(index = "2", paramLabel = "OFFSET")
        long offset;

        @Override
        int run(CommandLine commandLine, DeadLetters deadLetters) {
            Optional<DeadLetter> letter = find(commandLine, deadLetters, topic, partition, offset);
            letter.ifPresent(found -> CommandArguments.printJson(commandLine.getOut(), DeadLetterJson.full(found)));
            return letter.isPresent() ? 0 : 1;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true,
            description = {"Re-publish one dead letter (TOPIC PARTITION OFFSET, its topic names the domain) or, with "
                    + "--all --domain DOMAIN, every dead letter of a domain, to their source topic and partition, in "
                    + "dead-letter order, and print one JSON object: "
                    + "{\"replayed\": N, \"records\": [{dlq, source, landed, event_id}]}.",
                    "The dead letters stay (topics are append-only): replaying one twice publishes it twice, with the "
                            + "same event id, to every consumer group of the source topic."})
    static final class Replay extends Subcommand {
        private static final List<String> REASONS = List.of(DeadLetterHeaders.REASON_HANDLER_FAILED,
                DeadLetterHeaders.REASON_UNDECODABLE, DeadLetterHeaders.REASON_UNKNOWN_TYPE, DeadLetterHeaders.REASON_HELD);

        @Option(names = "--domain", paramLabel = "DOMAIN",
                description = "With --all: the domain whose dead letters to replay (required). With TOPIC PARTITION "
                        + "OFFSET: not needed; when given, TOPIC must be its dead-letter topic.")
        String domain;

        @Option(names = "--reason", paramLabel = "REASON",
                description = "Only letters with this reason: handler-failed, undecodable, unknown-type or held.")
        String reason;

        @Option(names = "--all", description = "Every dead letter of the domain (that matches --reason).")
        boolean all;

        @Parameters(paramLabel = "TOPIC PARTITION OFFSET", arity = "0..3",
                description = "One dead letter instead of --all.")
        List<String> position = List.of();

        private Domain replayed;

        @Override
        void check(CommandLine commandLine) {
            replayed = domain == null ? null : CommandArguments.domain(commandLine, domain);
            if (!(all && position.isEmpty() || !all && position.size() == 3)) {
                throw new CommandLine.ParameterException(commandLine,
                        "give either --all or one dead letter as TOPIC PARTITION OFFSET");
            }
            if (all && replayed == null) {
                throw new CommandLine.ParameterException(commandLine, "--all needs --domain DOMAIN: the domain whose "
                        + "dead letters to replay");
            }
            if (reason != null && !REASONS.contains(reason)) {
                throw new CommandLine.ParameterException(commandLine, "unknown reason '" + reason + "'\nvalid reasons: "
                        + String.join(", ", REASONS));
            }
        }

        @Override
        int run(CommandLine commandLine, DeadLetters deadLetters) {
            ReplayResult result;
            try {
                result = all ? deadLetters.replay(replayed, this::matches) : replayOne(commandLine, deadLetters);
            } catch (ReplayException e) {
                CommandArguments.printJson(commandLine.getOut(), DeadLetterJson.replay(e.partial()));
                throw e;
            }
            if (result == null) {
                return 1;
            }
            CommandArguments.printJson(commandLine.getOut(), DeadLetterJson.replay(result));
            return 0;
        }

        private ReplayResult replayOne(CommandLine commandLine, DeadLetters deadLetters) {
            String topic = position.get(0);
            if (replayed != null && !topic.equals(deadLetters.config().deadLetterTopic(replayed))) {
                throw new CommandLine.ParameterException(commandLine, "'" + topic + "' is not the dead-letter topic of "
                        + "domain " + replayed.wireName() + " (" + deadLetters.config().deadLetterTopic(replayed) + ")");
            } // without --domain, find() refuses a topic that is no dead-letter topic, naming it
            int partition = (int) number(commandLine, "PARTITION", position.get(1), Integer.MAX_VALUE);
            long offset = number(commandLine, "OFFSET", position.get(2), Long.MAX_VALUE);
            return find(commandLine, deadLetters, topic, partition, offset)
                    .map(letter -> matches(letter) ? deadLetters.replay(letter) : ReplayResult.empty())
                    .orElse(null);
        }

        private boolean matches(DeadLetter letter) {
            return reason == null || reason.equals(letter.reason());
        }

        private static long number(CommandLine commandLine, String name, String text, long maximum) {
            try {
                long value = Long.parseLong(text);
                if (value >= 0 && value <= maximum) {
                    return value;
                }
            } catch (NumberFormatException notANumber) {
                // refused below, naming the value
            }
            throw new CommandLine.ParameterException(commandLine, name + " must be a whole number from 0, was '" + text + "'");
        }
    }

    /** The dead letter at that position; when there is none, says so on stderr. */
    private static Optional<DeadLetter> find(CommandLine commandLine, DeadLetters deadLetters, String topic, int partition,
                                             long offset) {
        Optional<DeadLetter> letter;
        try {
            letter = deadLetters.show(topic, partition, offset);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        if (letter.isEmpty()) {
            commandLine.getErr().println("eventbus: no dead letter at " + topic + "-" + partition + "@" + offset);
        }
        return letter;
    }
}
