package io.agentevents.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The conventions every subcommand shares: help, exit codes, one-line errors, --verbose. */
class EventbusCommandTest {

    @Test
    void everyCommandHasHelpAndExitsZeroOnIt() {
        List<String> commands = EventbusCommand.commandLine().getSubcommands().keySet().stream()
                .filter(name -> !name.equals("help") && !name.equals("bench")).toList();
        assertThat(commands).contains("local", "demo", "agent", "emit", "tail", "dlq", "plan", "audit");
        for (String command : commands) {
            CliRun help = run(command, "--help");
            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: eventbus " + command);
        }
    }

    /** Main builds only the subcommand it runs (a faster start): its help and its failures are the same as with every one. */
    @Test
    void aCommandLineBuiltForOneSubcommandBehavesAsTheWholeOne() {
        for (String command : EventbusCommand.commandLine().getSubcommands().keySet()) {
            for (String[] args : List.of(new String[] {command, "--help"}, new String[] {command, "--no-such-flag"},
                    new String[] {command, "--verbose", "--no-such-flag"})) {
                CliRun whole = runWhole(args);
                CliRun one = run(args);
                assertThat(one).as(String.join(" ", args)).isEqualTo(whole);
            }
        }
        assertThat(EventbusCommand.commandLine("emit").getSubcommands()).containsOnlyKeys("emit");
        assertThat(EventbusCommand.commandLine("help").getSubcommands()).containsKeys("emit", "tail", "help");
    }

    private static CliRun runWhole(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine commandLine = EventbusCommand.commandLine();
        commandLine.setOut(new java.io.PrintWriter(out, true));
        commandLine.setErr(new java.io.PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Issue 16: every schemas command fails within a bounded time in one line naming the registry it could not reach. */
    @Test
    @Timeout(60)
    void schemasWithNoRegistryListeningFailWithinTenSecondsNamingIt(@TempDir Path dir) throws Exception {
        Path candidate = Files.writeString(dir.resolve("candidate.avsc"), "{\"type\": \"string\"}");
        for (String[] args : List.of(new String[] {"schemas", "list"}, new String[] {"schemas", "register"},
                new String[] {"schemas", "check", candidate.toString()})) {
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("--registry", "http://127.0.0.1:29998"));
            CliRun result = run(all);
            String described = String.join(" ", all) + ": " + result.err();
            assertThat(result.exitCode()).as(described).isEqualTo(1);
            assertThat(result.err().lines().toList()).as(described).singleElement().asString()
                    .startsWith("eventbus: cannot reach the schema registry within 10 s: ")
                    .contains("http://127.0.0.1:29998");
            assertThat(result.out()).as(described).isEmpty();
        }
    }

    /** Issue 17, item 2: every command fails within a bounded time, naming what it could not reach. */
    @Test
    @Timeout(60)
    void queriesWithNothingListeningFailWithinABoundedTimeNamingTheAddress() {
        for (String[] args : List.of(new String[] {"plan", "p-1", "--query-url", "http://127.0.0.1:29997"},
                new String[] {"audit", "c-1", "--query-url", "http://127.0.0.1:29997", "--wait-for", "events.plan-0:1"},
                new String[] {"plan", "p-1", "--root", "--query-url", "http://127.0.0.1:29997"})) {
            CliRun query = run(args);
            assertThat(query.exitCode()).as(query.err()).isEqualTo(1);
            assertThat(query.err()).contains("the query API at http://127.0.0.1:29997 did not answer");
            assertThat(query.out()).isEmpty();
        }
    }

    /**
     * Issue 17, item 2: the projections service (with or without creating the topics first), the
     * demo and every {@code dlq} subcommand fail within a bounded time in one line naming Kafka's
     * address (dlq waited its 30 s --timeout or more; projections without topic creation and
     * {@code dlq replay TOPIC P O} without --domain never got that far).
     */
    @Test
    @Timeout(90)
    void commandsWithNothingListeningFailWithinABoundedTimeNamingTheAddress() {
        List<String> nowhere = List.of("--bootstrap", "127.0.0.1:29999", "--registry", "http://127.0.0.1:29998");
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of("projections", "--http-port", "0"));
        commands.add(List.of("projections", "--http-port", "0", "--no-create-topics"));
        commands.add(List.of("demo"));
        commands.add(List.of("tail", "--max", "1")); // it waited for ever
        for (String dlq : List.of("list", "stats", "show events.plan.dlq 0 0", "replay --domain plan --all",
                "replay events.plan.dlq 0 0")) {
            commands.add(new ArrayList<>(List.of(("dlq " + dlq).split(" "))));
        }
        // side by side, a thread each: each waits its 10 s
        ExecutorService threads = Executors.newFixedThreadPool(commands.size());
        List<CompletableFuture<CliRun>> runs = new ArrayList<>();
        List<CompletableFuture<Duration>> took = new ArrayList<>();
        try {
            for (List<String> command : commands) {
                List<String> args = new ArrayList<>(command);
                args.addAll(nowhere);
                long started = System.nanoTime();
                CompletableFuture<CliRun> run = CompletableFuture.supplyAsync(() -> run(args), threads);
                runs.add(run);
                took.add(run.thenApply(result -> Duration.ofNanos(System.nanoTime() - started)));
            }
            CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
        } finally {
            threads.shutdown();
        }
        for (int i = 0; i < commands.size(); i++) {
            CliRun result = runs.get(i).join();
            String described = String.join(" ", commands.get(i)) + ": " + result.err();
            assertThat(result.exitCode()).as(described).isEqualTo(1);
            assertThat(result.err().lines().toList()).as(described).singleElement().asString()
                    .startsWith("eventbus: cannot reach Kafka at 127.0.0.1:29999 within 10 s");
            assertThat(result.out()).as(described).doesNotContain("{");
            // "within 10 s" holds for the whole command: 'projections' took 33 s, closing its admin client
            assertThat(took.get(i).join()).as(described).isLessThan(Duration.ofSeconds(25));
        }
    }

    /** Issue 17, item 7: a busy query API port was reported only after Kafka and the registry had started. */
    @Test
    @Timeout(60)
    void localWithABusyPortSaysSoBeforeStartingAnything(@TempDir Path dataDir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliRun local = run("local", "--kafka-port", "0", "--registry-port", "0", "--http-port",
                    Integer.toString(taken.getLocalPort()), "--data-dir", dataDir.toString());
            assertThat(local.exitCode()).as(local.err()).isEqualTo(1);
            assertThat(local.err()).contains("query API port 127.0.0.1:" + taken.getLocalPort() + " is not free");
            try (var started = Files.list(dataDir)) {
                assertThat(started).as("nothing started: no Kafka data in the data directory").isEmpty();
            }
        }
    }

    @Test
    void benchSaysWhereTheBenchIsAndExitsTwoWhateverItsArguments() {
        for (String[] args : List.of(new String[] {"bench"}, new String[] {"bench", "--help"},
                new String[] {"bench", "--quick", "stray"})) {
            CliRun bench = run(args);
            assertThat(bench.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(bench.err().strip()).as(String.join(" ", args)).isEqualTo(BenchMovedCommand.MESSAGE);
        }
    }

    @Test
    void badArgumentsExitTwoWithTheProblemAndTheUsage() {
        CliRun unknown = run("demo", "--agents", "two");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--agents").contains("Usage: eventbus demo");
        CliRun tooFew = run("demo", "--agents", "2");
        assertThat(tooFew.exitCode()).isEqualTo(2);
        assertThat(tooFew.err()).contains("--agents must be at least 3");
        CliRun typo = run("agnet");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).contains("agnet").contains("Did you mean").contains("Usage: eventbus");
        assertThat(run().exitCode()).isEqualTo(2);
    }

    @Test
    void aFailureIsOneLineWithoutAStackTraceUnlessVerbose(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.createFile(dir.resolve("file"));
        String[] failing = {"local", "--data-dir", notADirectory.toString(), "--kafka-port", "0", "--registry-port", "0",
                "--http-port", "0"};

        CliRun quiet = run(failing);
        assertThat(quiet.exitCode()).isEqualTo(1);
        assertThat(quiet.err().strip()).startsWith("eventbus: ").contains(notADirectory.toString()).doesNotContain("\n");

        String[] verbose = new String[failing.length + 1];
        System.arraycopy(failing, 0, verbose, 0, failing.length);
        verbose[failing.length] = "--verbose";
        CliRun loud = run(verbose);
        assertThat(loud.exitCode()).isEqualTo(1);
        assertThat(loud.err()).startsWith("eventbus: ").contains("\tat io.agentevents.");
    }
}
