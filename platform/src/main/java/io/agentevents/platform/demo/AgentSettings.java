package io.agentevents.platform.demo;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one demo agent process is: its role, its run, its share of the plans, and where Kafka is.
 * Immutable.
 *
 * @param role      what it does
 * @param run       the demo run it belongs to (its events carry it as their project name)
 * @param index     its number among the agents of its role, from 0
 * @param of        how many agents share its role
 * @param plans     root plans of the whole run (a planner takes its share)
 * @param bootstrap Kafka's bootstrap servers
 * @param registry  the schema registry's URL
 * @param prefix    the topic prefix
 * @param timeout   how long a planner waits for its plans to close before giving up
 */
public record AgentSettings(AgentRole role, String run, int index, int of, int plans, String bootstrap, String registry,
                            String prefix, Duration timeout) {

    /** @throws IllegalArgumentException naming the bad value */
    public AgentSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(bootstrap, "bootstrap");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        if (index < 0 || of < 1 || index >= of || plans < 1) {
            throw new IllegalArgumentException("need 0 <= --index < --of and --plans >= 1");
        }
    }

    /**
     * These settings as the flags of {@code eventbus agent}, which every demo agent takes, in any
     * language: {@code --role ROLE --run RUN --index I --of N --plans M --bootstrap HOST:PORT
     * --registry URL --prefix PREFIX --timeout SECONDS}.
     */
    public List<String> flags() {
        return List.of("--role", role.label(), "--run", run, "--index", Integer.toString(index), "--of", Integer.toString(of),
                "--plans", Integer.toString(plans), "--bootstrap", bootstrap, "--registry", registry, "--prefix", prefix,
                "--timeout", Long.toString(timeout.toSeconds()));
    }

    /** The agent's name, e.g. {@code tool-runner-0}. */
    public String name() {
        return role.label() + "-" + index;
    }
}
