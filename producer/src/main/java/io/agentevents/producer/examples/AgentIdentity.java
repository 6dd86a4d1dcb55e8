package io.agentevents.producer.examples;

import java.util.Objects;

/**
 * Who emits the example services' events: the CloudEvents {@code source} (required) and the
 * optional actor, session and project names carried by every event. Immutable; the withers return
 * a changed copy.
 *
 * @param source      who emitted the events, e.g. {@code /agents/planner-1}
 * @param actorName   the acting agent, or null
 * @param sessionId   the agent session, or null
 * @param projectName the project, or null
 */
public record AgentIdentity(String source, String actorName, String sessionId, String projectName) {
    public AgentIdentity {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source must not be blank");
        }
    }

    /** An identity with only a source. */
    public static AgentIdentity of(String source) {
        return new AgentIdentity(source, null, null, null);
    }

    public AgentIdentity withActorName(String actorName) {
        return new AgentIdentity(source, actorName, sessionId, projectName);
    }

    public AgentIdentity withSessionId(String sessionId) {
        return new AgentIdentity(source, actorName, sessionId, projectName);
    }

    public AgentIdentity withProjectName(String projectName) {
        return new AgentIdentity(source, actorName, sessionId, projectName);
    }
}
