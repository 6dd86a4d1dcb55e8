package io.agentevents.cli;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Bad arguments to every command, found by walking the command tree (so a command added later is
 * checked too): an unknown option, a stray argument, a value that is not a number, an option
 * without its value, a missing required option or parameter, and values each command checks
 * itself. Each exits 2 with a message naming the option (or the bad value and the valid ones) and
 * the command's usage, before anything is started or contacted.
 */
class BadArgumentsTest {

    private static final Set<Class<?>> NUMBERS = Set.of(int.class, Integer.class, long.class, Long.class, short.class,
            Short.class, double.class, Double.class, float.class, Float.class);
    /** Addresses nothing listens on, for the commands that would otherwise reach the local platform. */
    private static final List<String> NOWHERE = List.of("--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");

    private record Command(List<String> path, CommandSpec spec) {
        String name() {
            return String.join(" ", path);
        }

        List<String> with(String... args) {
            List<String> all = new ArrayList<>(path);
            Collections.addAll(all, args);
            return all;
        }

        /** The command with its required options and parameters given ("1" parses as text and as a number), then {@code args}. */
        List<String> satisfiedWith(String... args) {
            List<String> all = new ArrayList<>(path);
            spec.options().stream().filter(OptionSpec::required).forEach(option -> {
                all.add(option.longestName());
                all.add("1");
            });
            spec.positionalParameters().stream().filter(PositionalParamSpec::required).forEach(parameter -> all.add("1"));
            Collections.addAll(all, args);
            return all;
        }

        boolean hasRequired() {
            return spec.options().stream().anyMatch(OptionSpec::required)
                    || spec.positionalParameters().stream().anyMatch(PositionalParamSpec::required);
        }
    }

    @Test
    void everyCommandRefusesAnUnknownOptionNamingIt() {
        assertUsageError(List.of("--no-such-option"), "", "Unknown option: '--no-such-option'");
        for (Command command : commands()) {
            assertUsageError(command.satisfiedWith("--no-such-option"), command.name(), "Unknown option: '--no-such-option'");
            assertUsageError(command.satisfiedWith("-Z"), command.name(), "Unknown option: '-Z'");
        }
        // a typo is named, with the option it resembles
        assertUsageError(List.of("emit", "--type", "plan.created", "--plan-idd", "p"), "emit",
                "Unknown options: '--plan-idd', 'p'", "Possible solutions: --plan-id");
    }

    /**
     * With a required option missing as well, picocli reports only the missing option: the
     * unknown one is not named (a typo in a required option's name reads "Missing required option").
     * Still exit 2 and the usage.
     */
    @Test
    void anUnknownOptionBesideAMissingRequiredOneIsReportedAsTheMissingOne() {
        for (Command command : commands()) {
            if (command.hasRequired()) {
                assertUsageError(command.with("--no-such-option"), command.name(), "Missing required");
            }
        }
        assertUsageError(List.of("emit", "--tpye", "plan.created"), "emit", "Missing required option: '--type=TYPE'");
    }

    @Test
    void everyCommandWithoutParametersRefusesAStrayArgument() {
        for (Command command : commands()) {
            if (command.spec().positionalParameters().isEmpty() && command.spec().subcommands().isEmpty()) {
                assertUsageError(command.satisfiedWith("stray-argument"), command.name(), "'stray-argument'");
            }
        }
    }

    @Test
    void everyNumericOptionRefusesANonNumberNamingTheOption() {
        int checked = 0;
        for (Command command : commands()) {
            for (OptionSpec option : command.spec().options()) {
                if (NUMBERS.contains(option.type())) {
                    assertUsageError(command.with(option.longestName(), "not-a-number"), command.name(),
                            "Invalid value for option '" + option.longestName() + "'", "'not-a-number'");
                    checked++;
                }
            }
            List<PositionalParamSpec> positionals = command.spec().positionalParameters();
            for (int i = 0; i < positionals.size(); i++) {
                if (NUMBERS.contains(positionals.get(i).type())) {
                    List<String> args = command.with();
                    for (int j = 0; j < positionals.size(); j++) {
                        args.add(j == i ? "not-a-number" : "0");
                    }
                    assertUsageError(args, command.name(), positionals.get(i).paramLabel(), "'not-a-number'");
                    checked++;
                }
            }
        }
        assertThat(checked).as("numeric options and parameters checked").isGreaterThanOrEqualTo(15);
    }

    @Test
    void everyOptionThatTakesAValueRefusesToGoWithoutOne() {
        for (Command command : commands()) {
            for (OptionSpec option : command.spec().options()) {
                if (option.arity().min() > 0) {
                    assertUsageError(command.with(option.longestName()), command.name(),
                            "Missing required parameter for option '" + option.longestName() + "'");
                }
            }
        }
    }

    @Test
    void missingRequiredOptionsAndParametersAreNamed() {
        int checked = 0;
        for (Command command : commands()) {
            List<String> required = new ArrayList<>();
            command.spec().options().stream().filter(OptionSpec::required).forEach(option -> required.add(option.longestName()));
            command.spec().positionalParameters().stream().filter(PositionalParamSpec::required)
                    .forEach(parameter -> required.add(parameter.paramLabel()));
            if (!required.isEmpty()) {
                assertUsageError(command.with(), command.name(), required.toArray(String[]::new));
                checked++;
            }
        }
        assertThat(checked).as("commands with required arguments").isGreaterThanOrEqualTo(5);
    }

    /** Values that parse but that the command refuses itself, before it connects to or starts anything. */
    @Test
    void valuesACommandChecksItselfAreRefusedBeforeAnythingStarts() {
        Map<List<String>, List<String>> cases = new java.util.LinkedHashMap<>();
        cases.put(withNowhere("emit", "--type", "plan.exploded"), List.of("unknown event type 'plan.exploded'", "valid types: plan.created"));
        cases.put(withNowhere("emit", "--type", ""), List.of("unknown event type ''"));
        cases.put(withNowhere("emit", "--type", "plan.created", "--detail", "no-equals-sign"), List.of("--detail must be KEY=VALUE"));
        cases.put(withNowhere("emit", "--type", "plan.created", "--detail", "=value"), List.of("--detail must be KEY=VALUE"));
        cases.put(withNowhere("emit", "--type", "plan.created", "--correlation-id", "has space"), List.of("invalid event: correlation_id"));
        cases.put(withNowhere("emit", "--type", "plan.created", "--plan-id", "p".repeat(300)), List.of("invalid event: plan_id"));
        cases.put(withNowhere("emit", "--type", "plan.created", "--source", " "), List.of("invalid event: source"));
        cases.put(withNowhere("emit", "--type", "plan.created", "--detail", "k=" + "x".repeat(600_000)), List.of("invalid event: details.k"));
        cases.put(withNowhere("emit", "--type", "plan.created", "--timeout", "1"), List.of("--timeout must be at least 2 seconds"));
        cases.put(withNowhere("tail", "--domain", "nope"), List.of("unknown domain 'nope'", "valid domains: plan"));
        cases.put(withNowhere("tail", "--type", "nope"), List.of("unknown event type 'nope'"));
        cases.put(withNowhere("tail", "--from-time", "yesterday"), List.of("--from-time must be an ISO-8601 time", "'yesterday'"));
        cases.put(withNowhere("tail", "--from-beginning", "--from-time", "2025-01-31T12:00:00Z"),
                List.of("give --from-beginning or --from-time, not both"));
        cases.put(withNowhere("tail", "--max", "0"), List.of("--max must be at least 1, was 0"));
        cases.put(withNowhere("tail", "--timeout", "5"), List.of("--timeout needs --max"));
        cases.put(List.of("dlq"), List.of("a dlq command is required"));
        cases.put(withNowhere("dlq", "list", "--max", "0"), List.of("--max must be at least 1, was 0"));
        cases.put(withNowhere("dlq", "list", "--timeout", "1"), List.of("--timeout must be at least 2 seconds"));
        cases.put(withNowhere("dlq", "stats", "--domain", "nope"), List.of("unknown domain 'nope'"));
        cases.put(withNowhere("dlq", "replay", "--domain", "nope", "--all"), List.of("unknown domain 'nope'"));
        cases.put(withNowhere("dlq", "replay", "--domain", "tool"), List.of("give either --all or one dead letter"));
        cases.put(withNowhere("dlq", "replay", "--domain", "tool", "--all", "events.tool.dlq", "0", "1"),
                List.of("give either --all or one dead letter"));
        cases.put(withNowhere("dlq", "replay", "--domain", "tool", "--all", "--reason", "nope"), List.of("unknown reason 'nope'"));
        cases.put(List.of("schemas"), List.of("a schemas command is required: list, register or check"));
        cases.put(withNowhere("schemas", "check", "no-such-candidate.avsc"), List.of("FILE: no such file: no-such-candidate.avsc"));
        cases.put(withNowhere("schemas", "list", "--prefix", "bad prefix"), List.of("--prefix: ", "'bad prefix'"));
        cases.put(withNowhere("schemas", "register", "--registry", "ftp://127.0.0.1:1"), List.of("--registry"));
        cases.put(List.of("plan", "p-1", "--query-url", "not a url"), List.of("bad --query-url 'not a url'"));
        cases.put(List.of("audit", "c-1", "--url", "ftp://127.0.0.1:1"), List.of("bad --query-url 'ftp://127.0.0.1:1'"));
        cases.put(List.of("plan", "p-1", "--wait-for", "events.plan-0:1", "--timeout", "31"),
                List.of("--timeout must be 1..30 seconds, was 31"));
        cases.put(List.of("demo", "--plans", "0"), List.of("--plans must be 1..10000, was 0"));
        cases.put(List.of("demo", "--plans", "10001"), List.of("--plans must be 1..10000"));
        cases.put(List.of("demo", "--registry", "http://127.0.0.1:1"), List.of("--registry, --query-url and --command-config need --bootstrap"));
        cases.put(List.of("demo", "--command-config", "no-such-client.properties"),
                List.of("cannot read --command-config no-such-client.properties"));
        cases.put(List.of("demo", "--agents-from", "no-such-examples"), List.of("--agents-from no-such-examples is not a directory"));
        cases.put(List.of("demo", "--keep", "--bootstrap", "127.0.0.1:1"), List.of("--keep keeps the demo's own local platform running"));
        cases.put(List.of("agent", "--role", "wizard", "--run", "r"), List.of("unknown role 'wizard'", "planner, decider, tool-runner"));
        cases.put(List.of("agent", "--role", "planner", "--run", "r", "--index", "2", "--of", "2"), List.of("need 0 <= --index < --of"));
        cases.put(List.of("agent", "--role", "planner", "--run", "r", "--plans", "0"), List.of("--plans >= 1"));
        cases.put(List.of("local", "--kafka-port", "70000"), List.of("kafkaPort must be 0..65535, was 70000"));
        cases.put(List.of("local", "--brokers", "5"), List.of("brokers must be 1..3, was 5"));
        cases.forEach((args, expected) -> {
            String command = (args.get(0).equals("dlq") || args.get(0).equals("schemas")) && args.size() > 1
                    && !args.get(1).startsWith("-") ? args.get(0) + " " + args.get(1) : args.get(0);
            CliRun result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run(args),
                    () -> String.join(" ", args) + " did not fail at once");
            assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.err()).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args)).contains(expected).contains("Usage: eventbus " + command);
            assertThat(result.out()).as(String.join(" ", args)).isEmpty();
        });
    }

    // ---- helpers ----

    private static List<String> withNowhere(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(NOWHERE);
        return all;
    }

    /**
     * Parses first: arguments that parse are never executed here (they would start or contact
     * something); then runs them and checks the exit code 2, the message and the usage.
     */
    private static void assertUsageError(List<String> args, String command, String... expected) {
        String line = String.join(" ", args);
        try {
            EventbusCommand.commandLine().parseArgs(args.toArray(String[]::new));
            fail("'eventbus %s' parses: it would run instead of being refused", line);
        } catch (CommandLine.ParameterException expectedFailure) {
            // refused while parsing, as it should be: now see what the user sees
        }
        CliRun result = run(args);
        assertThat(result.exitCode()).as(line + "\n" + result.err()).isEqualTo(2);
        assertThat(result.err()).as(line).contains(expected);
        assertThat(result.err()).as(line).contains(command.isEmpty() ? "Usage: eventbus" : "Usage: eventbus " + command);
        assertThat(result.out()).as(line).isEmpty();
    }

    /** Every command and subcommand but help, with the words that invoke it. */
    private static List<Command> commands() {
        List<Command> commands = new ArrayList<>();
        collect(EventbusCommand.commandLine(), List.of(), commands);
        assertThat(commands).extracting(Command::name).contains("local", "demo", "agent", "emit", "tail", "dlq", "dlq list",
                "dlq stats", "dlq show", "dlq replay", "plan", "audit", "projections", "schemas", "schemas list",
                "schemas register", "schemas check");
        return commands;
    }

    private static void collect(CommandLine parent, List<String> path, List<Command> into) {
        for (Map.Entry<String, CommandLine> sub : parent.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help") || sub.getKey().equals("bench")
                    || !sub.getValue().getCommandName().equals(sub.getKey())) {
                continue; // help, bench (refuses every argument: EventbusCommandTest), and aliases of a command already listed
            }
            List<String> subPath = new ArrayList<>(path);
            subPath.add(sub.getKey());
            into.add(new Command(List.copyOf(subPath), sub.getValue().getCommandSpec()));
            collect(sub.getValue(), subPath, into);
        }
    }
}
