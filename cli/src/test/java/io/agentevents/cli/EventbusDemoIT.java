package io.agentevents.cli;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** {@code eventbus demo} run from the packaged jar, as the README runs it. */
@Order(1) // among the longest classes of this module: started first
class EventbusDemoIT {
    private static final Path JAR = Path.of("target", "eventbus.jar");
    private static final Pattern AGENT = Pattern.compile("\\s*agent (\\S+)\\s+pid (\\d+)");
    private static final Pattern ROW = Pattern.compile("(demo-\\S+-plan-\\d+(?:-sub)?)\\s+(\\w+)\\s+.*\\s(\\d+)\\s+(ok|MISMATCH)");

    @Test
    void theDemoFinishesWithExitZeroAndEveryPlanStateMatchesWhatTheAgentProcessesEmitted() throws Exception {
        Demo demo = Demo.start("--plans", "6", "--agents", "4");
        Map<String, Long> agents = demo.awaitAgents(4);
        // separate OS processes, children of the demo, alive while it runs
        assertThat(agents.values()).doesNotHaveDuplicates().doesNotContain(demo.process.pid());
        for (long pid : agents.values()) {
            Optional<ProcessHandle> agent = ProcessHandle.of(pid);
            assertThat(agent).as("agent pid %d", pid).isPresent();
            assertThat(agent.get().parent().map(ProcessHandle::pid)).contains(demo.process.pid());
        }
        assertThat(agents).containsKeys("planner-0", "planner-1", "decider-0", "tool-runner-0");

        int exit = demo.awaitExit(150);

        assertThat(exit).as("output:%n%s", demo.output()).isZero();
        List<String> rows = demo.lines.stream().filter(line -> ROW.matcher(line).find()).toList();
        assertThat(rows).as("a row per plan and sub-plan").hasSize(12).allSatisfy(row -> assertThat(row).endsWith("ok"));
        assertThat(demo.output()).contains("projections agree with what the agents emitted: OK")
                .contains("audit trail of demo-").contains("plan.created").contains("plan.phase_changed")
                .containsPattern("plans done\\s+12/12");
        for (long pid : agents.values()) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("agent %d gone", pid).isIn(Optional.empty(), Optional.of(false));
        }
    }

    @Test
    void aKilledAgentIsReportedAndTheDemoExitsNonZeroInsteadOfHanging() throws Exception {
        Demo demo = Demo.start("--plans", "400", "--timeout", "300");
        Map<String, Long> agents = demo.awaitAgents(3);
        await().atMost(90, TimeUnit.SECONDS).until(() -> demo.lines.stream()
                .anyMatch(line -> line.matches(".*events emitted\\s+[1-9]\\d*.*")));
        long decider = agents.get("decider-0");
        ProcessHandle.of(decider).orElseThrow().destroyForcibly();

        int exit = demo.awaitExit(60);

        assertThat(exit).as("output:%n%s", demo.output()).isEqualTo(1);
        assertThat(demo.output()).contains("agent decider-0 (pid " + decider + ") died")
                .doesNotContain("projections agree");
        for (long pid : agents.values()) {
            await().atMost(10, TimeUnit.SECONDS).until(() -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) == false);
        }
    }

    /** Issue 14: {@code --keep} leaves the demo's platform up after the verdict (query API, /metrics) until SIGTERM. */
    @Test
    void withKeepThePlatformAnswersAfterTheRunUntilTheProcessIsStopped() throws Exception {
        Demo demo = Demo.start("--plans", "1", "--keep");
        await().atMost(150, TimeUnit.SECONDS).until(() -> !demo.process.isAlive()
                || demo.lines.stream().anyMatch(line -> line.contains("keeps running (--keep)")));
        assertThat(demo.process.isAlive()).as("output:%n%s", demo.output()).isTrue();
        assertThat(demo.output()).contains("projections agree with what the agents emitted: OK");
        Matcher kept = Pattern.compile("query API (\\S+), metrics").matcher(demo.output());
        assertThat(kept.find()).as(demo.output()).isTrue();
        String api = kept.group(1);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(api + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("eventbus_projections_running{");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(api + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        demo.process.destroy(); // SIGTERM: the platform closes, then the process ends
        assertThat(demo.process.waitFor(60, TimeUnit.SECONDS)).as("stopped after SIGTERM").isTrue();
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create(api + "/health")).build(),
                HttpResponse.BodyHandlers.ofString())).as("the platform is gone").isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theReadmeLauncherRunsTheBuiltJarWithoutRebuildingIt() throws Exception {
        Process launcher = new ProcessBuilder("bash", Path.of("..", "eventbus").toString(), "--version")
                .redirectErrorStream(true).start();
        String output = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(launcher.exitValue()).as(output).isZero();
        assertThat(output).doesNotContain("building").containsPattern("\\d+\\.\\d+");
    }

    /** A running {@code eventbus demo} process and the lines it printed so far. */
    private static final class Demo {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final Thread reader;
        private Path log;

        private Demo(Process process) {
            this.process = process;
            reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    lines.add("(reading failed: " + e + ")");
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        static Demo start(String... args) throws IOException {
            assertThat(JAR).as("the runnable jar built by mvn package").exists();
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // the client compiler and the serial collector, as the test JVMs run (less CPU; the bench measures the defaults)
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString(), "demo"));
            command.addAll(List.of(args));
            // its log (stderr) is kept for a failure's diagnosis: target/demo-logs/<pid>.log, named in output()
            Path logs = Files.createDirectories(Path.of("target", "demo-logs"));
            Path log = Files.createTempFile(logs, "demo-", ".log");
            Demo demo = new Demo(new ProcessBuilder(command).redirectError(log.toFile()).start());
            demo.log = log;
            return demo;
        }

        Map<String, Long> awaitAgents(int count) {
            await().atMost(90, TimeUnit.SECONDS).until(() -> agents().size() == count || !process.isAlive());
            assertThat(agents()).as("output:%n%s", output()).hasSize(count);
            return agents();
        }

        Map<String, Long> agents() {
            Map<String, Long> agents = new LinkedHashMap<>();
            for (String line : lines) {
                Matcher matcher = AGENT.matcher(line);
                if (matcher.matches()) {
                    agents.put(matcher.group(1), Long.parseLong(matcher.group(2)));
                }
            }
            return agents;
        }

        int awaitExit(int seconds) throws InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("the demo did not end within " + seconds + " s; output:\n" + output());
            }
            reader.join(TimeUnit.SECONDS.toMillis(5)); // the output ends with the process: every line is read
            return process.exitValue();
        }

        String output() {
            return String.join("\n", lines) + "\n(the demo's log: " + log.toAbsolutePath() + ")";
        }
    }
}
