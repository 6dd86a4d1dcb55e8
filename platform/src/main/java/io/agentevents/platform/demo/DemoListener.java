package io.agentevents.platform.demo;

import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.PlanState;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** What a {@link DemoRun} reports as it goes, in this order; {@link DemoPrinter} prints it as {@code eventbus demo} shows it. */
public interface DemoListener {

    /** The local platform is starting (only when no Kafka was given). */
    void startingPlatform();

    /** The addresses the run uses. */
    void connected(String kafka, String schemaRegistry, String queryUrl);

    /** Something the user should know about the run, e.g. an agent of another language that was left out. */
    default void note(String note) {
    }

    /** The run's agent processes are started. */
    void launched(String run, int plans, List<Agent> agents);

    /** About once a second while the agents work, and once when they are done. */
    void progress(Progress progress);

    /** The run failed before its check (an agent died or failed, or the time was up). */
    void failed(String failure, List<Path> agentLogs);

    /** The check starts: one {@link #planChecked} per plan follows. */
    void checking();

    /** One plan's projected state (null when the projection never had it) and how it differs from what was emitted. */
    void planChecked(PlanCheck check);

    /** The audit trail of one plan, read from the query API at {@code url}. */
    void trail(String planId, String url, AuditTrail trail);

    /** The run's traces, read back from its topics before the verdict (each broken one is also a failure of it). */
    default void traces(Traces traces) {
    }

    /** The run's totals and the check's verdict. */
    void finished(Outcome outcome);

    /**
     * The run's traces: each plan tree is one trace, and every event emitted in reaction to another
     * carries its cause's trace id in its {@code traceparent}.
     *
     * @param events    events of the run read back from its topics
     * @param traces    distinct trace ids among them (one per plan tree when every agent passes the trace on)
     * @param plans     plan trees of the run
     * @param reactions events whose cause is an event of the run
     * @param broken    reactions outside their cause's trace, each described
     */
    record Traces(int events, int traces, int plans, int reactions, List<String> broken) {
        public Traces {
            broken = List.copyOf(broken);
        }

        /** Whether every reaction is in its cause's trace. */
        public boolean intact() {
            return broken.isEmpty();
        }
    }

    /**
     * An agent process.
     *
     * @param name     e.g. {@code planner-0}
     * @param pid      its process id
     * @param language {@code java} for the platform's own agents ({@code eventbus agent}), otherwise the
     *                 language of the example agent it runs, e.g. {@code python}
     * @param program  what it runs: the example's file, or {@code eventbus agent}
     */
    record Agent(String name, long pid, String language, String program) {
    }

    /**
     * The agents' work so far.
     *
     * @param seconds    since the run started
     * @param emitted    events emitted by all agents
     * @param handled    events handled by all agents
     * @param plansDone  plans closed by the planners
     * @param plans      plans of the run (roots and sub-plans)
     * @param agentsAlive agent processes still running
     */
    record Progress(double seconds, long emitted, long handled, long plansDone, long plans, long agentsAlive) {
    }

    /**
     * One plan of the check.
     *
     * @param planId      the plan
     * @param state       its state read through the query API, or null when it was not there
     * @param differences between the state and what the agents emitted; empty when they agree
     */
    record PlanCheck(String planId, PlanState state, List<String> differences) {
        public PlanCheck {
            Objects.requireNonNull(planId, "planId");
            differences = List.copyOf(differences);
        }
    }

    /**
     * The run's totals.
     *
     * @param plans    plans checked
     * @param byStatus plans by the final status the planners gave them, in order of first appearance
     * @param emitted  events the agents emitted
     * @param handled  events the agents handled
     * @param retried  passing errors the subscribers retried
     * @param pids     the agent processes
     * @param seconds  since the run started
     * @param failures every plan's differences, prefixed by its id; empty when the projections agree
     */
    record Outcome(int plans, Map<String, Long> byStatus, long emitted, long handled, long retried, List<Long> pids,
                   double seconds, List<String> failures) {
        public Outcome {
            byStatus = Collections.unmodifiableMap(new LinkedHashMap<>(byStatus));
            pids = List.copyOf(pids);
            failures = List.copyOf(failures);
        }

        /** Whether every plan's projection agrees with what the agents emitted. */
        public boolean agrees() {
            return failures.isEmpty();
        }
    }
}
