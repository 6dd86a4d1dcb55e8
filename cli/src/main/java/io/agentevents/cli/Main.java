package io.agentevents.cli;

import picocli.CommandLine;

/**
 * Entry point of {@code java -jar eventbus.jar}: runs the {@code eventbus} command and exits with its code.
 * Before a command runs (not for help or version), the OpenTelemetry SDK is set up when the {@code OTEL_*}
 * variables ask for it ({@link Telemetry}).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        CommandLine commandLine = EventbusCommand.commandLine(args);
        CommandLine.IExecutionStrategy run = commandLine.getExecutionStrategy();
        commandLine.setExecutionStrategy(parseResult -> {
            CommandLine.ParseResult command = parseResult.subcommand();
            if (command != null && !helpRequested(parseResult)) {
                Telemetry.start(command.commandSpec().name(), System.getenv(), command.commandSpec().commandLine());
            }
            return run.execute(parseResult);
        });
        System.exit(commandLine.execute(args));
    }

    private static boolean helpRequested(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.isUsageHelpRequested() || result.isVersionHelpRequested()
                    || result.commandSpec().userObject() instanceof CommandLine.HelpCommand) {
                return true;
            }
        }
        return false;
    }
}
