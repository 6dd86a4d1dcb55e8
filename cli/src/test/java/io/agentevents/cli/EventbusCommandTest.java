package io.agentevents.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The conventions every subcommand shares: help, exit codes, one-line errors, --verbose. */
class EventbusCommandTest {

    private record Result(int exit, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EventbusCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void everyCommandHasHelpAndExitsZeroOnIt() {
        List<String> commands = EventbusCommand.commandLine().getSubcommands().keySet().stream()
                .filter(name -> !name.equals("help") && !name.equals("bench")).toList();
        assertThat(commands).contains("local", "demo", "agent", "emit", "tail", "dlq", "plan", "audit");
        for (String command : commands) {
            Result help = run(command, "--help");
            assertThat(help.exit()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: eventbus " + command);
        }
    }

    @Test
    void benchIsNotInThisJarAndSaysWhereItIsWhateverItsArguments() {
        for (String[] args : List.of(new String[] {"bench"}, new String[] {"bench", "--quick"}, new String[] {"bench", "--help"})) {
            Result bench = run(args);
            assertThat(bench.exit()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(bench.err()).as(String.join(" ", args))
                    .contains("bench is not in eventbus.jar", "benchmarks/target/eventbus-bench.jar", "./eventbus bench");
            assertThat(bench.out()).as(String.join(" ", args)).isEmpty();
        }
    }

    @Test
    void badArgumentsExitTwoWithTheProblemAndTheUsage() {
        Result unknown = run("demo", "--agents", "two");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--agents").contains("Usage: eventbus demo");
        Result tooFew = run("demo", "--agents", "2");
        assertThat(tooFew.exit()).isEqualTo(2);
        assertThat(tooFew.err()).contains("--agents must be at least 3");
        Result typo = run("agnet");
        assertThat(typo.exit()).isEqualTo(2);
        assertThat(typo.err()).contains("agnet").contains("Did you mean").contains("Usage: eventbus");
        assertThat(run().exit()).isEqualTo(2);
    }

    @Test
    void aFailureIsOneLineWithoutAStackTraceUnlessVerbose(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.createFile(dir.resolve("file"));
        String[] failing = {"local", "--data-dir", notADirectory.toString(), "--kafka-port", "0", "--registry-port", "0",
                "--http-port", "0"};

        Result quiet = run(failing);
        assertThat(quiet.exit()).isEqualTo(1);
        assertThat(quiet.err().strip()).startsWith("eventbus: ").contains(notADirectory.toString()).doesNotContain("\n");

        String[] verbose = new String[failing.length + 1];
        System.arraycopy(failing, 0, verbose, 0, failing.length);
        verbose[failing.length] = "--verbose";
        Result loud = run(verbose);
        assertThat(loud.exit()).isEqualTo(1);
        assertThat(loud.err()).startsWith("eventbus: ").contains("\tat io.agentevents.");
    }
}
