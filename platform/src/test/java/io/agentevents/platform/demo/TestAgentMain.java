package io.agentevents.platform.demo;

import io.agentevents.schemas.connection.ClusterConnection;

import java.time.Duration;
import java.util.Optional;

/** A demo agent process for the tests (the cli's {@code eventbus agent} does the same with options). */
public final class TestAgentMain {
    private TestAgentMain() {
    }

    /** Arguments: role run index of plans bootstrap registry prefix timeoutSeconds. */
    public static void main(String[] args) throws InterruptedException {
        AgentSettings settings = new AgentSettings(AgentRole.parse(args[0]), args[1], Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), ClusterConnection.of(args[5], args[6]), Optional.empty(), args[7],
                Duration.ofSeconds(Long.parseLong(args[8])));
        System.exit(DemoAgent.run(settings, System.in, System.out));
    }
}
