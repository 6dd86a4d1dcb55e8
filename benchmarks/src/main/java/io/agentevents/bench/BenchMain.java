package io.agentevents.bench;

import io.agentevents.cli.EventbusCommand;
import io.agentevents.platform.telemetry.ProcessTelemetry;
import picocli.CommandLine;

/**
 * Entry point of {@code java -jar eventbus-bench.jar [OPTIONS]} (and of {@code ./eventbus bench [OPTIONS]}):
 * runs {@link BenchCommand} with the {@code eventbus} command's settings (usage and exit 2 on bad
 * options, a failure as one {@code eventbus: ...} line and exit 1) and exits with its code.
 */
public final class BenchMain {
    /** The name in its usage and messages: the command it was inside {@code eventbus.jar}. */
    static final String COMMAND_NAME = "eventbus bench";

    private BenchMain() {
    }

    /** The bench's command line, as {@code main} runs it. */
    static CommandLine commandLine() {
        return EventbusCommand.withProjectSettings(new CommandLine(new BenchCommand())).setCommandName(COMMAND_NAME);
    }

    public static void main(String[] args) {
        // the bench's own buses and subscribers trace nothing (tracing would weigh on the figures): the no-op,
        // registered before anything asks, so OpenTelemetry does not look for its autoconfiguration and log
        // that it is disabled; the processes the bench starts set theirs up as eventbus does
        ProcessTelemetry.none();
        System.exit(commandLine().execute(args));
    }
}
