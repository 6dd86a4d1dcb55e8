package io.agentevents.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code eventbus} command. Exit codes: 0 success, 1 failure at run time, 2 bad arguments
 * (usage printed to stderr). A failure is printed as one line, {@code eventbus: <what failed>};
 * {@code --verbose} (before or after the subcommand) adds the stack trace.
 */
@Command(name = "eventbus",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Agent events on Apache Kafka: run the local platform and work with events.")
public final class EventbusCommand implements Runnable {
    /** The subcommands, in the order the help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(DemoCommand.class, LocalCommand.class,
            ProjectionsCommand.class, EmitCommand.class, QueryCommands.PlanCommand.class, QueryCommands.AuditCommand.class,
            TailCommand.class, DlqCommand.class, SchemasCommand.class, BenchMovedCommand.class, AgentCommand.class, CommandLine.HelpCommand.class);

    /**
     * What every command's exit code means, in every command's {@code --help} and in
     * {@code docs/cli.md}: a command never uses another code for these.
     */
    public static final Map<String, String> EXIT_CODES = exitCodes();

    private static Map<String, String> exitCodes() {
        Map<String, String> codes = new LinkedHashMap<>();
        codes.put("0", "success");
        codes.put("1", "failure at run time, printed as one line 'eventbus: ...': Kafka, the registry or the query API "
                + "not reachable (within about 10 s), not found, a wait or --timeout that ran out, a failed check");
        codes.put("2", "bad arguments: the problem and the usage are printed");
        return Collections.unmodifiableMap(codes);
    }

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On failure, print the stack trace too.")
    boolean verbose;

    /** A command line with every subcommand and the project's settings (usage on bad input, exit codes). */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new EventbusCommand());
        SUBCOMMANDS.forEach(commandLine::addSubcommand);
        return withProjectSettings(commandLine);
    }

    /**
     * A command line for one run of {@code args}: when the first argument names a subcommand (other
     * than {@code help}), only that subcommand is built, so a one-shot command such as {@code emit}
     * does not pay for building (and loading the classes of) every other one; otherwise
     * {@link #commandLine()}. Either way the run parses, prints and exits the same.
     */
    public static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                Command command = subcommand.getAnnotation(Command.class);
                if (subcommand != CommandLine.HelpCommand.class && command != null
                        && (command.name().equals(args[0]) || Arrays.asList(command.aliases()).contains(args[0]))) {
                    return withProjectSettings(new CommandLine(new EventbusCommand()).addSubcommand(subcommand));
                }
            }
        }
        return commandLine();
    }

    /**
     * Gives a command line the {@code eventbus} command's settings: case-insensitive enum values, a
     * failure as one line and exit 1 (the stack trace with a {@code --verbose} option), bad arguments
     * with usage and exit 2. For commands run by another main, such as the bench's in
     * {@code eventbus-bench.jar}.
     */
    public static CommandLine withProjectSettings(CommandLine commandLine) {
        listExitCodes(commandLine);
        return commandLine
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new FailureHandler())
                .setParameterExceptionHandler(EventbusCommand::badArguments);
    }

    private static void listExitCodes(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(EXIT_CODES);
        commandLine.getSubcommands().values().forEach(EventbusCommand::listExitCodes);
    }

    /** Bad arguments: the problem, any "did you mean" suggestion, and always the usage; exit 2. */
    private static int badArguments(CommandLine.ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        java.io.PrintWriter err = commandLine.getErr();
        err.println(e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        commandLine.usage(err);
        err.flush();
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Prints a runtime failure as one line (its message, or its type) and exits 1; with --verbose the stack trace too. */
    private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
            commandLine.getErr().println("eventbus: " + message.replace('\n', ' '));
            if (verbose(parseResult)) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        }

        private static boolean verbose(CommandLine.ParseResult parseResult) {
            for (CommandLine.ParseResult result = parseResult; result != null; result = result.subcommand()) {
                if (result.hasMatchedOption("--verbose")) {
                    return true;
                }
            }
            return false;
        }
    }
}
