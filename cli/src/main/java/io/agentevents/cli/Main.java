package io.agentevents.cli;

import io.agentevents.platform.telemetry.ProcessTelemetry;

import picocli.CommandLine;

/**
 * Entry point of {@code java -jar eventbus.jar}: runs the {@code eventbus} command and exits with its code.
 * Before a command runs (not for help or version), the OpenTelemetry SDK is set up when the {@code OTEL_*}
 * variables ask for it ({@link ProcessTelemetry}); a bad one is a usage error (exit 2) naming it.
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
                try {
                    ProcessTelemetry.start(command.commandSpec().name(), System.getenv());
                } catch (IllegalArgumentException badEnvironment) {
                    throw new CommandLine.ParameterException(command.commandSpec().commandLine(), badEnvironment.getMessage(),
                            badEnvironment);
                }
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
