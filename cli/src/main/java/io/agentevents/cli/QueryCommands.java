package io.agentevents.cli;

import io.agentevents.streams.client.QueryApiException;
import io.agentevents.schemas.connection.SettingException;
import io.agentevents.schemas.connection.TlsStore;
import io.agentevents.streams.client.QueryClient;
import io.agentevents.streams.client.QueryClientSettings;
import io.agentevents.streams.client.QueryPath;
import io.agentevents.streams.client.RawAnswer;


import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code eventbus plan} and {@code eventbus audit}: ask the projections' query API and print its JSON. */
final class QueryCommands {
    private static final Duration NOT_READY_PATIENCE = Duration.ofSeconds(10);
    /** The longest a read-your-write wait may last (the query API's bound for {@code waitMs}). */
    private static final int MAX_WAIT_SECONDS = 30;
    /** The query API of {@code eventbus local}: where a query command asks when nothing else names one. */
    static final String LOCAL_QUERY_URL = "http://127.0.0.1:8080";

    private QueryCommands() {
    }

    /** Options shared by the query commands. */
    static final class ApiOptions {
        @Option(names = {"--query-url", "--url"}, paramLabel = "URL",
                description = "Base URL of the projections' query API (--url is the older spelling); user info in it "
                        + "is sent as HTTP basic auth. Default: query.url of --command-config, else $EVENTBUS_QUERY_URL, else "
                        + LOCAL_QUERY_URL + " (eventbus local).")
        String url;

        @Option(names = "--command-config", paramLabel = "FILE",
                description = "Client settings: query.token (a bearer token), query.ssl.truststore.location, .password "
                        + "and .type (to trust an https:// query API), query.url; eventbus local --sasl writes one. "
                        + "Without it: the EVENTBUS_QUERY_* variables.")
        Path commandConfig;

        @Option(names = "--wait-for", paramLabel = "TOPIC-PARTITION:OFFSET",
                description = "Wait until this input offset is folded in: the waitFor token eventbus emit prints, "
                        + "e.g. events.plan-2:57. Exit 1 if it is not within --timeout (the answer is printed all the same).")
        String waitFor;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "With --wait-for: how long to wait, 1.." + MAX_WAIT_SECONDS + " seconds. Default: ${DEFAULT-VALUE}.")
        int timeoutSeconds;

        /**
         * GETs {@code path} through the {@link QueryClient}, prints the JSON body as the API wrote it;
         * exit 0 on 200 (with {@code --wait-for}: only when the answer says it caught up), 1
         * otherwise (the error on stderr). While the API answers 503 (starting, rebalancing) the
         * client retries as its {@code Retry-After} says, for up to 10 s (the wait's time with
         * {@code --wait-for}).
         */
        int print(CommandLine commandLine, QueryPath path) {
            if (timeoutSeconds < 1 || timeoutSeconds > MAX_WAIT_SECONDS) {
                throw new CommandLine.ParameterException(commandLine,
                        "--timeout must be 1.." + MAX_WAIT_SECONDS + " seconds, was " + timeoutSeconds);
            }
            Duration wait = Duration.ofSeconds(timeoutSeconds);
            QueryPath target = waitFor == null ? path : path.waitingFor(waitFor, wait);
            QueryClientSettings settings = settings(commandLine, commandConfig, System.getenv());
            String base = url != null ? url : settings.url().orElse(LOCAL_QUERY_URL);
            try {
                settings.trustStore().ifPresent(TlsStore::trustingContext); // a bad store is named as such, not as a bad URL
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "bad query.ssl.truststore settings: " + e.getMessage());
            }
            QueryClient client;
            try {
                client = settings.connect(base, waitFor == null ? NOT_READY_PATIENCE : wait);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "bad --query-url '" + base.replaceFirst("//[^/@]*@", "//")
                        + "': " + e.getMessage());
            }
            try (client) {
                RawAnswer response = client.get(target);
                if (response.ok()) {
                    commandLine.getOut().println(response.body());
                    commandLine.getOut().flush();
                    if (waitFor != null && !response.caughtUp()) {
                        commandLine.getErr().println("eventbus: " + waitFor + " was not folded in within " + timeoutSeconds
                                + " s; the answer above does not include it yet");
                        return 1;
                    }
                    return 0;
                }
                if (response.status() == 400) {
                    throw new CommandLine.ParameterException(commandLine, response.body());
                }
                commandLine.getErr().println("eventbus: " + response.status() + " " + response.body());
                return 1;
            } catch (QueryApiException e) {
                if (!(e.getCause() instanceof InterruptedException)) {
                    commandLine.getErr().println("eventbus: " + e.getMessage());
                }
                return 1;
            }
        }
    }

    /**
     * The token, trust store and URL of {@code --command-config} (its {@code query.*} settings), each
     * else from its {@code EVENTBUS_QUERY_*} variable.
     *
     * @throws CommandLine.ParameterException naming the file or variable that is bad
     */
    static QueryClientSettings settings(CommandLine commandLine, Path commandConfig, Map<String, String> environment) {
        try {
            return QueryClientSettings.from(CommandArguments.commandConfig(commandLine, commandConfig), environment);
        } catch (SettingException e) {
            throw new CommandLine.ParameterException(commandLine, "bad query API settings in "
                    + (commandConfig == null ? "the EVENTBUS_QUERY_* variables" : "--command-config " + commandConfig) + ": "
                    + e.getMessage());
        }
    }

    /** A query command: asks the query API for {@link #path()} and prints the answer ({@link ApiOptions#print}). */
    abstract static class Query implements Callable<Integer> {
        @CommandLine.Mixin
        ApiOptions api = new ApiOptions();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final Integer call() {
            return api.print(spec.commandLine(), path());
        }

        /** What to ask for, from the arguments. */
        abstract QueryPath path();
    }

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = "Print the state of a plan (or, with --root, of every plan under a root plan) as JSON.")
    static final class PlanCommand extends Query {
        @Parameters(paramLabel = "PLAN_ID", description = "The plan id (with --root: the root plan id).")
        String planId;

        @Option(names = "--root", description = "List every plan under this root plan.")
        boolean root;

        @Override
        QueryPath path() {
            return root ? QueryPath.plansOfRoot(planId) : QueryPath.plan(planId);
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Print the audit trail of a correlation id (or, with --plan, of a plan) as JSON, oldest first.")
    static final class AuditCommand extends Query {
        @Parameters(paramLabel = "ID", description = "The correlation id (with --plan: the plan id).")
        String id;

        @Option(names = "--plan", description = "The id is a plan id.")
        boolean plan;

        @Override
        QueryPath path() {
            return plan ? QueryPath.auditOfPlan(id) : QueryPath.auditOfCorrelation(id);
        }
    }
}
