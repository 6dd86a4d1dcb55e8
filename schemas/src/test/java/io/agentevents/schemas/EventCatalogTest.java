package io.agentevents.schemas;

import io.agentevents.schemas.codec.AvroEventCodec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCatalogTest {

    private static final Path CATALOG_DOC = Path.of("..", "docs", "event-catalog.md");

    @Test
    void javaCatalogAndAvroEnumAgreeSymbolForSymbol() {
        var avroSymbols = AvroEventCodec.SCHEMA.getField("event_type").schema().getEnumSymbols();
        var javaSymbols = Arrays.stream(EventType.values()).map(Enum::name).toList();

        assertThat(javaSymbols).containsExactlyElementsOf(avroSymbols);
        assertThat(avroSymbols).hasSize(39).endsWith("UNKNOWN");
        assertThat(AvroEventCodec.SCHEMA.getField("event_type").schema().getEnumDefault()).isEqualTo("UNKNOWN");
        assertThat(Arrays.stream(io.agentevents.avro.EventType.values()).map(Enum::name).toList())
                .containsExactlyElementsOf(javaSymbols);
    }

    @Test
    void catalogHas38TypesIn11Domains() {
        assertThat(EventCatalog.knownTypes()).hasSize(EventType.KNOWN_COUNT).hasSize(38);
        assertThat(Domain.values()).hasSize(11);
        Set<Domain> used = EventCatalog.knownTypes().stream().map(EventType::domain)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Domain.class)));
        assertThat(used).containsExactlyInAnyOrder(Domain.values());
        int perDomain = Arrays.stream(Domain.values()).mapToInt(d -> d.eventTypes().size()).sum();
        assertThat(perDomain).isEqualTo(38);
    }

    @Test
    void wireNamesAndTopicsFollowTheContract() {
        assertThat(EventType.PLAN_PHASE_CHANGED.wireName()).isEqualTo("plan.phase_changed");
        assertThat(EventType.SANDBOX_COMMAND_EXECUTED.wireName()).isEqualTo("sandbox.command_executed");
        assertThat(EventType.PLAN_PHASE_CHANGED.domain()).isEqualTo(Domain.PLAN);
        assertThat(EventType.TOOL_FAILED.topic()).isEqualTo("events.tool");
        assertThat(Domain.BUDGET.topic("prod.events")).isEqualTo("prod.events.budget");
        assertThat(Domain.PLAN.deadLetterTopic()).isEqualTo("events.plan.dlq");
        for (EventType type : EventCatalog.knownTypes()) {
            assertThat(type.wireName()).startsWith(type.domain().wireName() + ".");
            assertThat(EventType.fromWireName(type.wireName())).contains(type);
            assertThat(EventType.parse(type.name())).isEqualTo(type);
            assertThat(EventType.parse(type.wireName())).isEqualTo(type);
        }
    }

    @Test
    void unknownHasNoDomainAndCannotBeParsedFromUserInput() {
        assertThat(EventType.UNKNOWN.isKnown()).isFalse();
        assertThatThrownBy(EventType.UNKNOWN::domain).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("UNKNOWN");
        assertThatThrownBy(() -> EventType.parse("unknown")).hasMessageContaining("unknown event type 'unknown'");
        assertThatThrownBy(() -> EventType.parse("plan.exploded")).hasMessageContaining("plan.exploded");
        assertThatThrownBy(() -> Domain.fromWireName("planz")).hasMessageContaining("planz");
        assertThatThrownBy(() -> Domain.PLAN.topic("bad prefix!")).hasMessageContaining("bad prefix!");
    }

    @Test
    void catalogDocumentIsUpToDate() throws IOException {
        String expected = EventCatalog.markdown();
        if (Boolean.getBoolean("catalog.write")) {
            Files.createDirectories(CATALOG_DOC.getParent());
            Files.writeString(CATALOG_DOC, expected, StandardCharsets.UTF_8);
        }
        assertThat(CATALOG_DOC).as("docs/event-catalog.md (regenerate with -Dcatalog.write=true)").exists();
        assertThat(Files.readString(CATALOG_DOC, StandardCharsets.UTF_8))
                .as("docs/event-catalog.md is generated from EventType; regenerate it with "
                        + "mvn -pl schemas test -Dtest=EventCatalogTest -Dcatalog.write=true")
                .isEqualTo(expected);
        for (EventType type : EventCatalog.knownTypes()) {
            assertThat(expected).contains("`" + type.wireName() + "`");
        }
    }
}
