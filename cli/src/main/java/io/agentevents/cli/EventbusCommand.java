package io.agentevents.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code eventbus} command. Exit codes: 0 success, 1 failure at run time, 2 bad arguments
 * (usage printed to stderr).
 */
@Command(name = "eventbus",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Agent events on Apache Kafka: run the local platform and work with events.",
        subcommands = {io.agentevents.cli.demo.DemoCommand.class, LocalCommand.class, EmitCommand.class, QueryCommands.PlanCommand.class, QueryCommands.AuditCommand.class, TailCommand.class, DlqCommand.class,
                io.agentevents.cli.demo.AgentCommand.class, CommandLine.HelpCommand.class})
public final class EventbusCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** A command line with the project's settings (usage on bad input, exit codes). */
    public static CommandLine commandLine() {
        return new CommandLine(new EventbusCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new FailureHandler());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** Prints a runtime failure as one line (the cause chain's messages) and exits 1. */
    private static final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
        @Override
        public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
            StringBuilder message = new StringBuilder("eventbus: ").append(e.getMessage());
            commandLine.getErr().println(message);
            return 1;
        }
    }
}
