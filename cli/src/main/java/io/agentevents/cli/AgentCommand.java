package io.agentevents.cli;

import io.agentevents.platform.demo.AgentRole;
import io.agentevents.platform.demo.AgentSettings;
import io.agentevents.platform.demo.DemoAgent;

import io.agentevents.schemas.connection.ClusterConnection;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code eventbus agent}: one demo agent ({@link DemoAgent}, which documents what it prints on its
 * standard output for the demo), run as its own process by {@code eventbus demo}. Stops when its
 * standard input closes. Exit code 0 when it stopped cleanly, 1 when it failed or was stopped before
 * finishing its plans, 2 for bad options.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"Run one demo agent (eventbus demo starts these as separate processes).",
                "Prints 'ready', 'progress' and 'summary' lines; stops when standard input closes."})
public final class AgentCommand implements Callable<Integer> {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "planner, decider or tool-runner.")
    String role;

    @Option(names = "--run", required = true, paramLabel = "RUN_ID", description = "The demo run this agent belongs to.")
    String run;

    @Option(names = "--index", defaultValue = "0", paramLabel = "I", description = "This agent's number among those of its role (from 0).")
    int index;

    @Option(names = "--of", defaultValue = "1", paramLabel = "N", description = "How many agents share this role.")
    int of;

    @Option(names = "--plans", defaultValue = "5", paramLabel = "M", description = "Root plans of the whole run (a planner takes its share).")
    int plans;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @Option(names = "--timeout", defaultValue = "300", paramLabel = "SECONDS",
            description = "A planner gives up (exit 1) when its plans are not all closed by then.")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        AgentSettings settings;
        try {
            ClusterConnection connection = cluster.connection(spec.commandLine());
            settings = new AgentSettings(AgentRole.parse(role), run, index, of, plans, connection,
                    Optional.ofNullable(cluster.address.commandConfig), cluster.prefix, Duration.ofSeconds(timeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return DemoAgent.run(settings, System.in, System.out);
    }
}
