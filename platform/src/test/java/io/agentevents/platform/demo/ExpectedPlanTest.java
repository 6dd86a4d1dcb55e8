package io.agentevents.platform.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.streams.model.PlanState;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's check: what the agents emitted against the library's fold, and the plan ids it relies on. */
class ExpectedPlanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ExpectedPlan emitted() throws Exception {
        ExpectedPlan plan = new ExpectedPlan("r-plan-0");
        // the planner's and the tool runner's summaries of the same plan, merged
        plan.merge(JSON.readTree("{\"types\":{\"plan.created\":1,\"budget.allocated\":1,\"plan.started\":1,"
                + "\"plan.phase_changed\":2,\"plan.completed\":1},\"allocated\":10.0,\"consumed\":0.0,\"status\":\"completed\"}"));
        plan.merge(JSON.readTree("{\"types\":{\"decision.created\":1,\"decision.approved\":1}}"));
        plan.merge(JSON.readTree("{\"types\":{\"tool.invoked\":1,\"budget.consumed\":1,\"tool.succeeded\":1},"
                + "\"allocated\":0.0,\"consumed\":1.25}"));
        return plan;
    }

    private static PlanState state(long events, String status, double consumed, List<String> children) {
        return new PlanState("r-plan-0", "r-plan-0", null, children, "reviewing", status, null, null,
                Map.of("created", 1L, "approved", 1L, "rejected", 0L, "superseded", 0L), 1, 0, 10.0, consumed, null, events, Map.of());
    }

    @Test
    void aFoldThatSawEveryEventAgrees() throws Exception {
        ExpectedPlan plan = emitted();
        PlanState state = state(11, "completed", 1.25, List.of("r-plan-0-sub"));

        assertThat(plan.events()).isEqualTo(11);
        assertThat(plan.reflectedIn(state)).isTrue();
        assertThat(plan.differences(state, null, List.of("r-plan-0-sub"))).isEmpty();
    }

    @Test
    void everyDifferenceIsNamedWithBothValues() throws Exception {
        ExpectedPlan plan = emitted();
        PlanState state = state(10, "running", 0.0, List.of());

        assertThat(plan.reflectedIn(state)).isFalse();
        assertThat(plan.differences(state, null, List.of("r-plan-0-sub"))).containsExactly(
                "eventCount: emitted 11, projected 10",
                "status: emitted completed, projected running",
                "budgetConsumed: emitted 1.25, projected 0.0",
                "childPlanIds: emitted [r-plan-0-sub], projected []");
    }

    @Test
    void planIdsOfARunSplitAmongPlannersAndNameTheirParents() {
        assertThat(DemoPlans.all("r", 2)).containsExactly("r-plan-0", "r-plan-0-sub", "r-plan-1", "r-plan-1-sub");
        assertThat(DemoPlans.rootsOf("r", 5, 0, 2)).containsExactly("r-plan-0", "r-plan-2", "r-plan-4");
        assertThat(DemoPlans.rootsOf("r", 5, 1, 2)).containsExactly("r-plan-1", "r-plan-3");
        assertThat(DemoPlans.parentOf("r-plan-1-sub")).isEqualTo("r-plan-1");
        assertThat(DemoPlans.parentOf("r-plan-1")).isNull();
        assertThat(AgentRole.parse("tool-runner")).isEqualTo(AgentRole.TOOL_RUNNER);
    }
}
