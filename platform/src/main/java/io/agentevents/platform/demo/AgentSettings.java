package io.agentevents.platform.demo;

import io.agentevents.schemas.connection.ClusterConnection;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one demo agent process is: its role, its run, its share of the plans, where Kafka is and how
 * it logs in. Immutable.
 *
 * @param role      what it does
 * @param run       the demo run it belongs to (its events carry it as their project name)
 * @param index     its number among the agents of its role, from 0
 * @param of        how many agents share its role
 * @param plans     root plans of the whole run (a planner takes its share)
 * @param cluster   Kafka and the schema registry, with the security settings the agent logs in with
 * @param commandConfig the client settings file those security settings came from, handed on to the
 *                  agent process as {@code --command-config} (secrets never go on a command line);
 *                  empty when the cluster needs none
 * @param prefix    the topic prefix
 * @param timeout   how long a planner waits for its plans to close before giving up
 */
public record AgentSettings(AgentRole role, String run, int index, int of, int plans, ClusterConnection cluster,
                            Optional<Path> commandConfig, String prefix, Duration timeout) {

    /** @throws IllegalArgumentException naming the bad value */
    public AgentSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(commandConfig, "commandConfig");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(timeout, "timeout");
        if (index < 0 || of < 1 || index >= of || plans < 1) {
            throw new IllegalArgumentException("need 0 <= --index < --of and --plans >= 1");
        }
    }

    /**
     * These settings as the flags of {@code eventbus agent}, which every demo agent takes, in any
     * language: {@code --role ROLE --run RUN --index I --of N --plans M --bootstrap HOST:PORT
     * --registry URL --prefix PREFIX --timeout SECONDS}, and {@code --command-config FILE} when the
     * cluster is secured.
     */
    public List<String> flags() {
        List<String> flags = new ArrayList<>(List.of("--role", role.label(), "--run", run, "--index", Integer.toString(index),
                "--of", Integer.toString(of), "--plans", Integer.toString(plans), "--bootstrap", cluster.bootstrapServers(),
                "--registry", cluster.registryUrls(), "--prefix", prefix, "--timeout", Long.toString(timeout.toSeconds())));
        commandConfig.ifPresent(file -> flags.addAll(List.of("--command-config", file.toString())));
        return List.copyOf(flags);
    }

    /**
     * The command line running {@code mainClass} with {@code arguments} in a JVM like this one (its
     * {@code java} and class path), sized for a demo agent: 256 MB heap, serial GC, the client compiler.
     */
    public static List<String> javaCommand(String mainClass, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(arguments);
        return List.copyOf(command);
    }

    /** The agent's name, e.g. {@code tool-runner-0}. */
    public String name() {
        return role.label() + "-" + index;
    }
}
