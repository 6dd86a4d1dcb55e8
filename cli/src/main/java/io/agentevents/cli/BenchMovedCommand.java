package io.agentevents.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code eventbus bench} is not in {@code eventbus.jar}: the benchmark needs Kafka's own performance
 * tools ({@code kafka-tools}), which the shipped jar does not carry. It lives in the benchmarks
 * module's {@code eventbus-bench.jar}; this command says so in one line and exits 2, whatever its
 * arguments.
 */
@Command(name = "bench", description = "Not in this jar: the benchmark is benchmarks/target/eventbus-bench.jar "
        + "(./eventbus bench ... from the repository, or java -jar eventbus-bench.jar ...).")
final class BenchMovedCommand implements Callable<Integer> {
    static final String MESSAGE = "eventbus: bench is not in eventbus.jar; it is in benchmarks/target/eventbus-bench.jar: "
            + "run ./eventbus bench [OPTIONS] from the repository, or java -jar benchmarks/target/eventbus-bench.jar [OPTIONS]";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Unmatched
    List<String> arguments;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println(MESSAGE);
        spec.commandLine().getErr().flush();
        return 2;
    }
}
