package io.agentevents.schemas;

import io.agentevents.schemas.testing.EventFixtures;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DetailsBuilderTest {

    @Test
    void buildsTheSameDetailsAsTheEventBuilderInTheOrderGiven() {
        DetailsBuilder builder = new DetailsBuilder();
        builder.key("phase").value("executing");
        builder.key("steps").startList().value(1).value(2.5f).startMap().key("done").value(true).end().end();
        builder.key("none").value(null);
        Map<String, Object> details = builder.build();

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("phase", "executing");
        expected.put("steps", List.of(1L, 2.5, Map.of("done", true)));
        expected.put("none", null);
        assertThat(details).isEqualTo(expected);
        assertThat(details.keySet()).containsExactly("phase", "steps", "none");
        assertThat(DomainEvent.builder(EventType.PLAN_PHASE_CHANGED).source("s").details(expected).build().details())
                .isEqualTo(details);
    }

    @Test
    void anEventTakesBuiltDetailsWithoutCopyingThemAndSoDoesACopyOfTheEvent() {
        Map<String, Object> details = new DetailsBuilder().key("k").value(List.of("a", "b")).build();
        DomainEvent event = DomainEvent.builder(EventType.TOOL_INVOKED).source("s").details(details).build();
        assertThat(event.details()).isSameAs(details);
        assertThat(event.toBuilder().planId("p").build().details()).isSameAs(details);

        DomainEvent changed = event.toBuilder().detail("more", 1).build();
        assertThat(changed.details()).containsEntry("k", List.of("a", "b")).containsEntry("more", 1L);
        assertThat(event.details()).containsOnlyKeys("k");
    }

    @Test
    void builtDetailsCannotBeChangedAtAnyDepth() {
        Map<String, Object> details = new DetailsBuilder().key("list").value(List.of(1L))
                .key("map").startMap().key("x").value(1L).end().build();
        assertThatThrownBy(() -> details.put("k", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> details.remove("list")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> details.remove("absent")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(details::clear).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> details.putIfAbsent("list", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> details.entrySet().iterator().next().setValue(1))
                .isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) details.get("list");
        assertThatThrownBy(() -> list.add(2L)).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) details.get("map");
        assertThatThrownBy(() -> map.put("y", 2L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void eachBreachNamesItsPathAsTheEventBuilderDoes() {
        assertInvalid(b -> b.key("when").value(new java.util.Date()), "details.when", "unsupported value type java.util.Date");
        assertInvalid(b -> b.key("k".repeat(EventLimits.MAX_DETAIL_KEY_LENGTH + 1)), "details", "key of 257 characters");
        assertInvalid(b -> b.key("list").startList().value("ok").value("bad \uD800"), "details.list[1]", "unpaired surrogate");
        assertInvalid(b -> b.key("a").startMap().key("b").value("x").key("b"), "details.a", "key 'b' is given twice",
                b -> b.value("y"));
        DetailsBuilder deep = new DetailsBuilder().key("deep");
        for (int i = 0; i < EventLimits.MAX_DETAILS_DEPTH; i++) {
            deep.startList();
        }
        assertThatThrownBy(() -> deep.startList()).isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("details.deep" + "[0]".repeat(EventLimits.MAX_DETAILS_DEPTH) + ": details nested deeper than 16");
        DetailsBuilder many = new DetailsBuilder().key("many").startList();
        for (int i = 1; i < EventLimits.MAX_DETAILS_VALUES; i++) {
            many.value(i);
        }
        assertThatThrownBy(() -> many.value(0)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("details.many[9999]").hasMessageContaining("more than 10000 values");
    }

    @Test
    void misuseIsAnIllegalStateNotAnInvalidEvent() {
        assertThatThrownBy(() -> new DetailsBuilder().value(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("give the value's key first");
        assertThatThrownBy(() -> new DetailsBuilder().key("a").key("b")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new DetailsBuilder().key("l").startList().key("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new DetailsBuilder().end()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new DetailsBuilder().key("l").startList().build()).isInstanceOf(IllegalStateException.class);
        DetailsBuilder built = new DetailsBuilder();
        built.build();
        assertThatThrownBy(built::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void emptyDetailsAreTheEmptyMapAndAFullEventsDetailsRoundTripThroughTheBuilder() {
        assertThat(new DetailsBuilder().build()).isEmpty();
        Map<String, Object> details = EventFixtures.fullEvent().details();
        DetailsBuilder builder = new DetailsBuilder();
        details.forEach((key, value) -> builder.key(key).value(value));
        assertThat(builder.build()).isEqualTo(details).hasSameHashCodeAs(details).hasToString(details.toString());
    }

    private static void assertInvalid(java.util.function.Consumer<DetailsBuilder> steps, String field, String problem) {
        assertInvalid(steps, field, problem, b -> { });
    }

    private static void assertInvalid(java.util.function.Consumer<DetailsBuilder> steps, String field, String problem,
                                      java.util.function.Consumer<DetailsBuilder> last) {
        DetailsBuilder builder = new DetailsBuilder();
        assertThatThrownBy(() -> {
            steps.accept(builder);
            last.accept(builder);
        }).isInstanceOfSatisfying(InvalidEventException.class, e -> {
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.getMessage()).contains(problem);
        });
        assertThatThrownBy(builder::build).as("a builder that refused a value is done").isInstanceOf(IllegalStateException.class);
    }
}
