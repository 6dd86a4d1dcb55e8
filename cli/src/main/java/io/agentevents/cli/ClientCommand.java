package io.agentevents.cli;

import picocli.CommandLine;

import java.util.concurrent.Callable;

/**
 * A command that works through one client ({@code dlq}'s dead letters, {@code schemas}' registry):
 * it checks its arguments before anything is opened, opens the client, runs against it and closes it,
 * also when the run fails.
 *
 * @param <C> the client
 */
abstract class ClientCommand<C extends AutoCloseable> implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        CommandLine commandLine = spec.commandLine();
        check(commandLine);
        try (C client = open(commandLine)) {
            return run(commandLine, client);
        }
    }

    /**
     * Checks the arguments before anything is opened.
     *
     * @throws CommandLine.ParameterException naming the bad argument
     */
    void check(CommandLine commandLine) {
    }

    /** Opens the client the command works through. */
    abstract C open(CommandLine commandLine);

    /** The command's work; the exit code. */
    abstract int run(CommandLine commandLine, C client);
}
