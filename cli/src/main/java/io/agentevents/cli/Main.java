package io.agentevents.cli;

import picocli.CommandLine;

/** Entry point of {@code java -jar eventbus.jar}: runs the {@code eventbus} command and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(EventbusCommand.commandLine(args).execute(args));
    }
}
