package io.agentevents.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code eventbus plan} and {@code eventbus audit}: ask the projections' query API and print its JSON. */
final class QueryCommands {
    private static final Duration NOT_READY_PATIENCE = Duration.ofSeconds(10);
    private static final Duration WAIT_FOR_PATIENCE = Duration.ofSeconds(30);

    private QueryCommands() {
    }

    private static HttpResponse<String> get(HttpClient http, String target) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(45)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static long seconds(String retryAfter) {
        try {
            return Math.max(0, Math.min(5, Long.parseLong(retryAfter.trim())));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** Options shared by the query commands. */
    static final class ApiOptions {
        @Option(names = "--url", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
                description = "Base URL of the projections' query API. Default: ${DEFAULT-VALUE} (eventbus local).")
        String url;

        @Option(names = "--wait-for", paramLabel = "TOPIC-PARTITION:OFFSET",
                description = "Wait (up to 30 s) until this input offset is folded in, e.g. events.plan-2:57 from eventbus emit.")
        String waitFor;

        /**
         * GETs {@code path}, prints the JSON body; exit 0 on 200, 1 otherwise (the error on stderr).
         * While the API answers 503 (starting, rebalancing) it retries as its {@code Retry-After}
         * says, for up to 10 s (30 s with {@code --wait-for}).
         */
        int print(CommandLine commandLine, String path) {
            String target = url.replaceAll("/+$", "") + path + (waitFor == null ? ""
                    : (path.contains("?") ? "&" : "?") + "waitFor=" + encode(waitFor) + "&waitMs=30000");
            long deadline = System.nanoTime() + (waitFor == null ? NOT_READY_PATIENCE : WAIT_FOR_PATIENCE).toNanos();
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                HttpResponse<String> response = get(http, target);
                while (response.statusCode() == 503 && System.nanoTime() < deadline) {
                    long retryAfter = response.headers().firstValue("Retry-After").map(QueryCommands::seconds).orElse(1L);
                    Thread.sleep(Math.min(TimeUnit.SECONDS.toMillis(retryAfter),
                            Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))));
                    response = get(http, target);
                }
                if (response.statusCode() == 200) {
                    commandLine.getOut().println(response.body());
                    commandLine.getOut().flush();
                    return 0;
                }
                if (response.statusCode() == 400) {
                    throw new CommandLine.ParameterException(commandLine, response.body());
                }
                commandLine.getErr().println("eventbus: " + response.statusCode() + " " + response.body());
                return 1;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "bad --url '" + url + "': " + e.getMessage());
            } catch (IOException e) {
                commandLine.getErr().println("eventbus: the query API at " + url + " did not answer: " + e);
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Print the state of a plan (or, with --root, of every plan under a root plan) as JSON.")
    static final class PlanCommand implements Callable<Integer> {
        @Parameters(paramLabel = "PLAN_ID", description = "The plan id (with --root: the root plan id).")
        String planId;

        @Option(names = "--root", description = "List every plan under this root plan.")
        boolean root;

        @CommandLine.Mixin
        ApiOptions api = new ApiOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return api.print(spec.commandLine(), root ? "/plans?rootPlanId=" + encode(planId) : "/plans/" + encode(planId));
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Print the audit trail of a correlation id (or, with --plan, of a plan) as JSON, oldest first.")
    static final class AuditCommand implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The correlation id (with --plan: the plan id).")
        String id;

        @Option(names = "--plan", description = "The id is a plan id.")
        boolean plan;

        @CommandLine.Mixin
        ApiOptions api = new ApiOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            return api.print(spec.commandLine(), plan ? "/audit?planId=" + encode(id) : "/audit/" + encode(id));
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
