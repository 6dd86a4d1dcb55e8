package io.agentevents.schemas;

import com.github.f4b6a3.ulid.Ulid;
import io.agentevents.schemas.testing.EventFixtures;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainEventTest {

    @Test
    void buildFillsEventIdCorrelationIdAndTimestamp() {
        Instant before = Instant.now();
        DomainEvent event = DomainEvent.builder(EventType.PLAN_CREATED).source("planner").build();

        assertThat(Ulid.isValid(event.eventId())).as("event id %s is a ULID", event.eventId()).isTrue();
        assertThat(Ulid.isValid(event.correlationId())).isTrue();
        assertThat(event.eventId()).isNotEqualTo(event.correlationId());
        assertThat(event.timestamp()).isBetween(before.minusMillis(1), Instant.now());
        assertThat(event.timestamp().getNano() % 1_000).as("microsecond precision").isZero();
        assertThat(event.details()).isEmpty();
        assertThat(event.causationIdOpt()).isEmpty();
        assertThat(event.domain()).isEqualTo(Domain.PLAN);
    }

    @Test
    void eventIdsAreUniqueAndTimeOrdered() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(EventFixtures.minimalEvent(EventType.TOOL_INVOKED).eventId());
        }
        assertThat(ids).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void causedByLinksTheCauseAndKeepsItsCorrelation() {
        DomainEvent cause = EventFixtures.fullEvent();
        DomainEvent effect = DomainEvent.builder(EventType.DECISION_CREATED).source("decider").causedBy(cause).build();
        assertThat(effect.causationId()).isEqualTo(cause.eventId());
        assertThat(effect.correlationId()).isEqualTo(cause.correlationId());
    }

    @Test
    void detailsAreADeepFrozenCopy() {
        List<Object> tags = new ArrayList<>(List.of("a"));
        Map<String, Object> nested = new HashMap<>(Map.of("tags", tags));
        Map<String, Object> details = new HashMap<>(Map.of("nested", nested, "n", 1));
        DomainEvent event = DomainEvent.builder(EventType.CONTEXT_UPDATED).source("s").details(details).build();

        tags.add("b");
        nested.put("x", "y");
        details.put("later", true);

        assertThat(event.details()).containsOnlyKeys("nested", "n");
        assertThat(event.details().get("n")).as("Integer normalised to Long").isEqualTo(1L);
        @SuppressWarnings("unchecked")
        Map<String, Object> frozenNested = (Map<String, Object>) event.details().get("nested");
        assertThat(frozenNested).containsOnlyKeys("tags");
        assertThat(frozenNested.get("tags")).isEqualTo(List.of("a"));
        assertThatThrownBy(() -> event.details().put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> frozenNested.put("k", "v")).isInstanceOf(UnsupportedOperationException.class);
        @SuppressWarnings("unchecked")
        List<Object> frozenTags = (List<Object>) frozenNested.get("tags");
        assertThatThrownBy(() -> frozenTags.add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void detailsKeepTheirOrder() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 20; i > 0; i--) {
            details.put("k" + i, (long) i);
        }
        DomainEvent event = DomainEvent.builder(EventType.CONTEXT_UPDATED).source("s").details(details).build();
        assertThat(event.details().keySet()).containsExactlyElementsOf(details.keySet());
    }

    @Test
    void toBuilderDerivesAnEqualOrChangedCopy() {
        DomainEvent event = EventFixtures.fullEvent();
        assertThat(event.toBuilder().build()).isEqualTo(event);
        DomainEvent changed = event.toBuilder().planId("plan-43").build();
        assertThat(changed.planId()).isEqualTo("plan-43");
        assertThat(changed.eventId()).isEqualTo(event.eventId());
        assertThat(event.planId()).isEqualTo(EventFixtures.PLAN_ID);
    }

    // ---- validation: every rule names its field ----

    @Test
    void typeIsRequired() {
        assertInvalid(DomainEvent.builder().source("s"), "event_type", "is required");
    }

    @Test
    void sourceIsRequired() {
        assertInvalid(DomainEvent.builder(EventType.PLAN_CREATED), "source", "is required");
        assertInvalid(valid().source("  "), "source", "blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\there", "caf\u00e9", "new\nline"})
    void malformedIdsAreRefused(String bad) {
        assertInvalid(valid().eventId(bad), "event_id", "");
        assertInvalid(valid().correlationId(bad), "correlation_id", "");
        assertInvalid(valid().causationId(bad), "causation_id", "");
    }

    @Test
    void overlongIdsAreRefused() {
        String id = "x".repeat(EventLimits.MAX_ID_LENGTH + 1);
        assertInvalid(valid().correlationId(id), "correlation_id", "1..128 characters, was 129");
        assertThat(valid().correlationId("x".repeat(EventLimits.MAX_ID_LENGTH)).build().correlationId()).hasSize(128);
    }

    @Test
    void uuidsAndOtherVisibleIdsAreAccepted() {
        DomainEvent event = valid().eventId("6f1c2b9e-5b2a-4b8e-9d2f-1a2b3c4d5e6f").correlationId("req:42/a").build();
        assertThat(event.correlationId()).isEqualTo("req:42/a");
    }

    @Test
    void optionalNamesAreBoundedAndNotBlank() {
        List<Map.Entry<String, UnaryOperator<DomainEvent.Builder>>> setters = List.of(
                Map.entry("plan_id", b -> b.planId("")),
                Map.entry("root_plan_id", b -> b.rootPlanId(" ")),
                Map.entry("session_id", b -> b.sessionId("x".repeat(257))),
                Map.entry("actor_name", b -> b.actorName("bad\u0000name")),
                Map.entry("project_name", b -> b.projectName("\t")));
        for (var setter : setters) {
            assertInvalid(setter.getValue().apply(valid()), setter.getKey(), "");
        }
    }

    @Test
    void timestampOutsideTheWireRangeIsRefused() {
        assertInvalid(valid().timestamp(Instant.MAX), "timestamp", "between years 0001 and 9999");
        assertInvalid(valid().timestamp(Instant.parse("-0001-01-01T00:00:00Z")), "timestamp", "");
    }

    @Test
    void unsupportedDetailValuesNameTheirPath() {
        Map<String, Object> bad = Map.of("steps", List.of("ok", Map.of("when", new Date(0))));
        assertInvalid(valid().details(bad), "details.steps[1].when", "unsupported value type java.util.Date");
    }

    @Test
    void nonStringDetailKeysAreRefused() {
        Map<Object, Object> bad = new HashMap<>();
        bad.put(7, "seven");
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> raw = (Map) Map.of("nested", bad);
        assertInvalid(valid().details(raw), "details.nested", "map keys must be strings, found java.lang.Integer");
        assertInvalid(valid(), "details", "found null", b -> b.detail(null, 1));
    }

    @Test
    void tooDeepDetailsAreRefused() {
        Object value = "leaf";
        for (int i = 0; i < EventLimits.MAX_DETAILS_DEPTH; i++) {
            value = List.of(value);
        }
        assertInvalid(valid().detail("deep", value), "details.deep" + "[0]".repeat(EventLimits.MAX_DETAILS_DEPTH),
                "deeper than 16 levels");
        Object ok = "leaf";
        for (int i = 0; i < EventLimits.MAX_DETAILS_DEPTH - 1; i++) {
            ok = List.of(ok);
        }
        assertThat(valid().detail("deep", ok).build().details()).containsKey("deep");
    }

    @Test
    void tooManyDetailValuesAreRefused() {
        List<Long> many = new ArrayList<>();
        for (long i = 0; i < EventLimits.MAX_DETAILS_VALUES; i++) {
            many.add(i);
        }
        assertInvalid(valid().detail("many", many), "details.many[9999]", "more than 10000 values");
    }

    @Test
    void oversizedDetailsAreRefused() {
        assertInvalid(valid().detail("blob", "x".repeat(EventLimits.MAX_DETAILS_BYTES)), "details.blob",
                "exceed 524288 bytes");
        assertInvalid(valid().detail("blob", "\u20ac".repeat(EventLimits.MAX_DETAILS_BYTES / 3 + 1)),
                "details.blob", "bytes");
    }

    @Test
    void valuesAvroCannotCarryAreRefusedNamingTheirPathAndType() {
        Map<String, Object> kinds = new LinkedHashMap<>();
        kinds.put("bytes", new byte[] {1, 2});
        kinds.put("decimal", new java.math.BigDecimal("1.5"));
        kinds.put("char", 'c');
        kinds.put("optional", java.util.Optional.of("x"));
        kinds.put("uuid", java.util.UUID.randomUUID());
        kinds.put("set", java.util.Set.of("a"));
        kinds.put("instant", Instant.EPOCH);
        kinds.put("object", new Object());
        for (Map.Entry<String, Object> kind : kinds.entrySet()) {
            assertInvalid(valid().detail("deep", List.of(Map.of(kind.getKey(), kind.getValue()))),
                    "details.deep[0]." + kind.getKey(), "unsupported value type " + kind.getValue().getClass().getName());
        }
    }

    @Test
    void aDetailMapOrListThatContainsItselfIsRefusedAsTooDeepNotAStackOverflow() {
        Map<String, Object> self = new HashMap<>();
        self.put("self", self);
        assertInvalid(valid().detail("loop", self), "details.loop" + ".self".repeat(EventLimits.MAX_DETAILS_DEPTH),
                "deeper than 16 levels");
        List<Object> list = new ArrayList<>();
        list.add(list);
        assertInvalid(valid().detail("loop", list), "details.loop" + "[0]".repeat(EventLimits.MAX_DETAILS_DEPTH),
                "deeper than 16 levels");
    }

    @Test
    void overlongDetailKeysAreRefused() {
        String key = "k".repeat(EventLimits.MAX_DETAIL_KEY_LENGTH + 1);
        assertInvalid(valid().detail("outer", Map.of(key, 1)), "details.outer", "key of 257 characters exceeds 256");
        assertInvalid(valid().detail(key, 1), "details", "key of 257 characters exceeds 256");
        assertThat(valid().detail("k".repeat(EventLimits.MAX_DETAIL_KEY_LENGTH), 1).build().details()).hasSize(1);
    }

    @Test
    void textThatIsNotValidUnicodeIsRefusedWhereverItIs() {
        assertInvalid(valid().detail("text", "ok \uD800 broken"), "details.text", "unpaired surrogate U+D800 at index 3");
        assertInvalid(valid().detail("list", List.of("fine", "\uDC00")), "details.list[1]", "unpaired surrogate U+DC00");
        assertInvalid(valid().detail("bad\uD83D", 1), "details", "unpaired surrogate U+D83D");
        assertInvalid(valid().actorName("agent\uDFFF"), "actor_name", "unpaired surrogate U+DFFF");
        assertInvalid(valid().source("\uD800"), "source", "unpaired surrogate");
        assertThat(valid().detail("emoji", "\uD83D\uDE00").build().details()).containsEntry("emoji", "\uD83D\uDE00");
    }

    @Test
    void nullDetailsAreRefused() {
        assertInvalid(valid(), "details", "must not be null", b -> b.details(null));
    }

    private static DomainEvent.Builder valid() {
        return DomainEvent.builder(EventType.TOOL_INVOKED).source("runner");
    }

    private static void assertInvalid(DomainEvent.Builder builder, String field, String messagePart) {
        assertThatThrownBy(builder::build)
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageStartingWith(field + ": ")
                .hasMessageContaining(messagePart);
    }

    private static void assertInvalid(DomainEvent.Builder builder, String field, String messagePart,
                                      UnaryOperator<DomainEvent.Builder> step) {
        assertThatThrownBy(() -> step.apply(builder).build())
                .isInstanceOfSatisfying(InvalidEventException.class, e -> assertThat(e.field()).isEqualTo(field))
                .hasMessageContaining(messagePart);
    }
}
