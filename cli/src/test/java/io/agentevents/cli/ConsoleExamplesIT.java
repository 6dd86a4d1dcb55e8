package io.agentevents.cli;

import io.agentevents.cli.ConsoleExamples.Block;
import io.agentevents.cli.ConsoleExamples.Example;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Every {@code console} example of {@code README.md} and {@code docs/} ({@link ConsoleExamples}):
 * the runnable ones run, in page order, against the shared embedded platform with projections;
 * their exit codes and the shape of their output (the JSON fields the doc shows) are checked, so
 * the docs cannot drift from the commands. The doc's addresses ({@code eventbus local}'s) are
 * replaced by the test platform's; ids and read-your-write tokens the doc invents are filled in
 * from the last event an example emitted. Examples that need Docker, a remote cluster or a long
 * benchmark are checked for syntax: an {@code eventbus} command must parse.
 */
@ExtendWith(SharedPlatformExtension.class)
class ConsoleExamplesIT {
    private static final Path ROOT = Path.of("..");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How a reader may start the command line: the script, the jar, or the command on the PATH. */
    private static final Pattern EVENTBUS = Pattern.compile("^(\\./eventbus|eventbus|java -jar cli/target/eventbus\\.jar)\\s");
    private static final Pattern WAIT_FOR_TOKEN = Pattern.compile("\\bevents\\.[a-z_]+-\\d+:\\d+\\b");
    private static final Pattern ULID = Pattern.compile("\\b[0-9A-HJKMNP-TV-Z]{26}\\b");
    private static final Pattern JSON_FIELD = Pattern.compile("\"([A-Za-z_][A-Za-z0-9_]*)\"\\s*:");
    private static final Duration PER_COMMAND = Duration.ofSeconds(60);
    private static final Duration RATES_PATIENCE = Duration.ofSeconds(10);

    @Test
    void everyShellExampleIsInAConsoleBlock() {
        assertThat(ConsoleExamples.examplesOutsideConsoleBlocks(ROOT))
                .as("shell examples belong in ```console blocks with $ prompts (so this test runs them)").isEmpty();
        assertThat(ConsoleExamples.read(ROOT).blocks()).as("console blocks in the docs").hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void theExamplesNotRunHereAreValidCommandLines() {
        for (Block block : ConsoleExamples.read(ROOT).blocks()) {
            if (block.notRunBecause().isEmpty()) {
                continue;
            }
            for (Example example : block.examples()) {
                if (!EVENTBUS.matcher(example.command() + " ").find()) {
                    continue; // docker, mvn, npm: their own tools
                }
                Optional<List<String>> eventbus = eventbusArguments(shellWords(example.command()));
                if (eventbus.isPresent() && !eventbus.get().isEmpty() && !eventbus.get().get(0).equals("bench")) {
                    try {
                        EventbusCommand.commandLine().parseArgs(eventbus.get().toArray(String[]::new));
                    } catch (CommandLine.ParameterException e) {
                        fail(example.where() + ": `" + example.command() + "` does not parse: " + e.getMessage());
                    }
                }
            }
        }
    }

    @Test
    @Timeout(600)
    void theRunnableExamplesRunAsTheDocsSay(TestPlatform platform) throws Exception {
        TopicLayout layout = TopicLayout.local(1); // the docs' topics: events.<domain>
        try (KafkaEventBus provisioning = KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(),
                platform.schemaRegistryUrl()).withTopics(layout));
             ProjectionsApp projections = ProjectionsApp.start(ProjectionsConfig.defaults(platform.bootstrapServers(),
                     platform.schemaRegistryUrl()).withApplicationId(platform.uniqueName("console-examples"))
                     .withTopics(layout).withHttpPort(0).withReplicationFactor(1))) {
            Session session = new Session(platform, projections.url());
            int ran = 0;
            for (Block block : ConsoleExamples.read(ROOT).blocks()) {
                if (block.notRunBecause().isPresent()) {
                    continue;
                }
                for (Example example : block.examples()) {
                    session.run(example);
                    ran++;
                }
            }
            assertThat(ran).as("runnable console examples").isGreaterThanOrEqualTo(8);
        }
    }

    /** The state carried from one example to the next: the addresses, the last event emitted. */
    private static final class Session {
        private final TestPlatform platform;
        private final String queryUrl;
        private String lastToken;
        private String lastCorrelationId;

        Session(TestPlatform platform, String queryUrl) {
            this.platform = platform;
            this.queryUrl = queryUrl;
        }

        void run(Example example) throws Exception {
            String command = example.command();
            if (lastToken != null) {
                command = WAIT_FOR_TOKEN.matcher(command).replaceAll(Matcher.quoteReplacement(lastToken));
            }
            if (lastCorrelationId != null) {
                command = ULID.matcher(command).replaceAll(lastCorrelationId);
            }
            command = command.replaceAll("(localhost|127\\.0\\.0\\.1):8080", Matcher.quoteReplacement(hostPort(queryUrl)))
                    .replaceAll("(localhost|127\\.0\\.0\\.1):8081", Matcher.quoteReplacement(hostPort(platform.schemaRegistryUrl())))
                    .replaceAll("(localhost|127\\.0\\.0\\.1):9092", Matcher.quoteReplacement(platform.bootstrapServers()));
            List<String> args = shellWords(command);
            Optional<List<String>> eventbus = eventbusArguments(args);
            String described = example.where() + ": `" + example.command() + "`";
            int exit;
            String out;
            String err;
            if (eventbus.isPresent()) {
                List<String> withAddresses = withAddresses(eventbus.get());
                CliRun result = assertTimeoutPreemptively(PER_COMMAND, () -> CliRun.run(withAddresses),
                        () -> described + " did not finish within " + PER_COMMAND.toSeconds() + " s");
                exit = result.exitCode();
                out = result.out();
                err = result.err();
                if (exit == 0 && withAddresses.get(0).equals("emit")) {
                    remember(result.out());
                }
            } else if (args.get(0).equals("curl")) {
                List<String> curlArgs = readingOwnWrite(args);
                if (command.contains(hostPort(queryUrl) + "/rates")) {
                    // the rates have no read-your-write token: their tick travels through the internal topic after the
                    // plan's fold; asked as a person types it a moment later, within 10 s (the assertions below say
                    // what is still missing after that)
                    try {
                        await().atMost(RATES_PATIENCE).pollInterval(Duration.ofMillis(200)).until(() -> {
                            String shown = curl(curlArgs, described).out();
                            return fieldsShown(example).stream().allMatch(field -> shown.contains("\"" + field + "\":"));
                        });
                    } catch (ConditionTimeoutException stillMissing) {
                        // asserted below, naming the missing field
                    }
                }
                Curl curl = curl(curlArgs, described);
                out = curl.out();
                err = curl.err();
                exit = curl.exit();
            } else {
                throw new AssertionError(described + " is neither an eventbus nor a curl command: "
                        + "mark its block <!-- console: not run: REASON -->");
            }
            assertThat(exit).as("%s exit code%nstdout: %s%nstderr: %s", described, out, err).isEqualTo(example.exitCode());
            for (String field : fieldsShown(example)) {
                assertThat(out).as("%s prints the field \"%s\" the doc shows%nstdout: %s%nstderr: %s", described, field, out, err)
                        .contains("\"" + field + "\":");
            }
            if (!example.output().isEmpty() && example.exitCode() == 0) {
                assertThat(out).as("%s prints what the doc shows", described).isNotBlank();
            }
        }

        /** Runs curl with {@code args} to its end. */
        private static Curl curl(List<String> args, String described) throws IOException, InterruptedException {
            Process curl = new ProcessBuilder(args).start();
            String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(curl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(PER_COMMAND.toSeconds(), TimeUnit.SECONDS)).as(described).isTrue();
            return new Curl(out, err, curl.exitValue());
        }

        /** What a curl command printed and its exit code. */
        private record Curl(String out, String err, int exit) {
        }

        /** The JSON fields the example's output in the doc shows. */
        private static Set<String> fieldsShown(Example example) {
            Set<String> fields = new LinkedHashSet<>();
            example.output().forEach(line -> {
                Matcher field = JSON_FIELD.matcher(line);
                while (field.find()) {
                    fields.add(field.group(1));
                }
            });
            return fields;
        }

        /**
         * A query of a plan or trail right after an emit, as a person types it a moment later: the
         * test asks the API to wait (within 10 s) until the last emitted event is folded in.
         */
        private List<String> readingOwnWrite(List<String> args) {
            List<String> all = new ArrayList<>(args);
            String api = hostPort(queryUrl) + "/";
            for (int i = 0; i < all.size(); i++) {
                String arg = all.get(i);
                boolean planOrTrail = arg.contains(api + "plans") || arg.contains(api + "audit");
                if (lastToken != null && planOrTrail && !arg.contains("waitFor=")) {
                    all.set(i, arg + (arg.contains("?") ? "&" : "?") + "waitFor=" + lastToken + "&waitMs=10000");
                }
            }
            return all;
        }

        /** The {@code eventbus local} addresses the flags default to, replaced by the test platform's. */
        private List<String> withAddresses(List<String> args) {
            CommandLine commandLine = EventbusCommand.commandLine();
            CommandLine.ParseResult parsed;
            try {
                parsed = commandLine.parseArgs(args.toArray(String[]::new));
            } catch (CommandLine.ParameterException e) {
                return args; // the command reports it itself
            }
            while (parsed.hasSubcommand()) {
                parsed = parsed.subcommand();
            }
            List<String> all = new ArrayList<>(args);
            addUnlessGiven(parsed, all, "--bootstrap", platform.bootstrapServers());
            addUnlessGiven(parsed, all, "--registry", platform.schemaRegistryUrl());
            addUnlessGiven(parsed, all, "--query-url", queryUrl);
            return all;
        }

        private static void addUnlessGiven(CommandLine.ParseResult parsed, List<String> args, String option, String value) {
            CommandLine.Model.OptionSpec spec = parsed.commandSpec().findOption(option);
            if (spec != null && !parsed.hasMatchedOption(option)) {
                args.add(option);
                args.add(value);
            }
        }

        /** The correlation id and read-your-write token of an emit's JSON line. */
        private void remember(String emitted) throws IOException {
            JsonNode line = JSON.readTree(emitted.lines().filter(text -> text.startsWith("{")).findFirst().orElseThrow());
            lastCorrelationId = line.path("event").path("correlation_id").asText(null);
            JsonNode landed = line.path("landed");
            lastToken = landed.hasNonNull("waitFor") ? landed.get("waitFor").asText()
                    : landed.path("topic").asText() + "-" + landed.path("partition").asInt() + ":" + landed.path("offset").asLong();
        }

        private static String hostPort(String url) {
            return url.replaceFirst("^https?://", "");
        }
    }

    /** The arguments after the {@code eventbus} launcher, if the command line starts one. */
    static Optional<List<String>> eventbusArguments(List<String> args) {
        String line = String.join(" ", args) + " ";
        Matcher launcher = EVENTBUS.matcher(line);
        if (!launcher.find()) {
            return Optional.empty();
        }
        int words = launcher.group(1).split(" ").length;
        return Optional.of(args.subList(words, args.size()));
    }

    /** The words of a command line as the shell makes them: quotes removed, {@code $(...)} run, comments dropped. */
    static List<String> shellWords(String command) {
        try {
            Process shell = new ProcessBuilder("bash", "-c", "printf '%s\\0' " + command).start();
            String words = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(shell.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(shell.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(shell.exitValue()).as("the shell reads `%s`: %s", command, errors).isZero();
            return Arrays.asList(words.split("\0"));
        } catch (IOException e) {
            throw new AssertionError("cannot run bash for `" + command + "`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
