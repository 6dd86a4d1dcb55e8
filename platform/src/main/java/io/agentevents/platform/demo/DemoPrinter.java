package io.agentevents.platform.demo;

import io.agentevents.streams.model.AuditEntry;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.PlanState;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Prints a {@link DemoRun} as {@code eventbus demo} shows it: the addresses, the agents, a progress line
 * about once a second, a table of the plans checked, one plan's audit trail, the traces and the verdict.
 * Flushes after each step, so a reader of a pipe sees the run as it goes. Used by one run at a time.
 */
public final class DemoPrinter implements DemoListener {

    private final PrintWriter out;

    public DemoPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void startingPlatform() {
        out.println("starting the local platform (Kafka, schema registry, projections) ...");
        out.flush();
    }

    @Override
    public void connected(String kafka, String schemaRegistry, String queryUrl) {
        out.printf("kafka %s, schema registry %s, query API %s, console %s/%n", kafka, schemaRegistry, queryUrl, queryUrl);
    }

    @Override
    public void note(String note) {
        out.println("note: " + note);
        out.flush();
    }

    @Override
    public void launched(String run, int plans, List<Agent> agents) {
        out.printf("run %s: %d agents, %d plans (+ %d sub-plans)%n", run, agents.size(), plans, plans);
        agents.forEach(agent -> out.printf("  agent %-14s pid %d%s%n", agent.name(), agent.pid(),
                "java".equals(agent.language()) ? "" : "  (" + agent.language() + ": " + agent.program() + ")"));
        out.flush();
    }

    @Override
    public void progress(Progress progress) {
        out.printf("[%5.1fs] events emitted %5d   handled %5d   plans done %3d/%d   agents running %d%n", progress.seconds(),
                progress.emitted(), progress.handled(), progress.plansDone(), progress.plans(), progress.agentsAlive());
        out.flush();
    }

    @Override
    public void failed(String failure, List<Path> agentLogs) {
        out.println("FAILED: " + failure);
        out.println("agent logs:");
        agentLogs.forEach(log -> out.println("  " + log));
        out.flush();
    }

    @Override
    public void checking() {
        out.println();
        out.printf("%-26s %-10s %-10s %-9s %-9s %-12s %-6s %s%n", "plan", "status", "phase", "decisions", "tools",
                "budget", "events", "check");
    }

    @Override
    public void planChecked(PlanCheck check) {
        PlanState state = check.state();
        if (state == null) {
            out.printf("%-26s %s%n", check.planId(), "MISSING from the projection");
            return;
        }
        out.printf("%-26s %-10s %-10s %-9s %-9s %-12s %-6d %s%n", check.planId(), state.status(), state.phase(),
                state.decisionsByOutcome().getOrDefault("approved", 0L) + " ok/"
                        + state.decisionsByOutcome().getOrDefault("rejected", 0L) + " no",
                state.toolCalls() + " (" + state.toolFailures() + " x)",
                state.budgetConsumed() + "/" + state.budgetAllocated(), state.eventCount(),
                check.differences().isEmpty() ? "ok" : "MISMATCH");
    }

    @Override
    public void trail(String planId, String url, AuditTrail trail) {
        out.println();
        out.println("audit trail of " + planId + " (GET " + url + "/audit?planId=" + planId + "):");
        for (AuditEntry entry : trail.entries()) {
            out.printf("  %-27s %-22s %-36s %s-%d@%d%n", entry.timestamp(), entry.eventType(), entry.source(),
                    entry.topic(), entry.partition(), entry.offset());
        }
    }

    @Override
    public void traces(Traces traces) {
        out.println();
        out.printf("traces: %d for %d plan trees; %d of %d reactions in their cause's trace (traceparent)%s%n",
                traces.traces(), traces.plans(), traces.reactions() - traces.broken().size(), traces.reactions(),
                traces.intact() ? ": OK" : "");
    }

    @Override
    public void finished(Outcome outcome) {
        out.println();
        out.printf("%d plans (%s); %d events emitted by %d agent processes (pids %s), %d handled, %d passing errors retried%n",
                outcome.plans(), outcome.byStatus().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", ")), outcome.emitted(), outcome.pids().size(),
                outcome.pids().stream().map(pid -> Long.toString(pid)).collect(Collectors.joining(" ")),
                outcome.handled(), outcome.retried());
        out.printf("finished in %.1f s%n", outcome.seconds());
        if (outcome.agrees()) {
            out.println("projections agree with what the agents emitted: OK");
        } else {
            out.println("projections DISAGREE with what the agents emitted:");
            outcome.failures().forEach(failure -> out.println("  " + failure));
        }
        out.flush();
    }
}
