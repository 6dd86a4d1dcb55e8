package io.agentevents.platform.demo;

import java.util.Locale;

/** What a demo agent does. */
public enum AgentRole {
    /** Creates plans and sub-plans, moves them through phases, and closes each on its outcome. */
    PLANNER,
    /** Records a decision (approved or rejected) for every plan that enters {@code executing}. */
    DECIDER,
    /** Runs a tool for every approved decision: invoked, budget consumed, then succeeded or failed. */
    TOOL_RUNNER;

    /** The name used on the command line and in agent names, e.g. {@code tool-runner}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The role whose {@link #label()} or constant name is {@code text}. */
    public static AgentRole parse(String text) {
        for (AgentRole role : values()) {
            if (role.label().equalsIgnoreCase(text) || role.name().equalsIgnoreCase(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "'; roles: planner, decider, tool-runner");
    }
}
