package io.agentevents.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentevents.schemas.registry.CompatibilityLevel;

import org.junit.jupiter.api.Test;

import java.util.List;

class RequestParsingTest {

    @Test
    void pathSegmentsArePercentDecodedOneByOne() {
        assertThat(HttpFront.segments("/")).isEmpty();
        assertThat(HttpFront.segments("/subjects/")).containsExactly("subjects");
        assertThat(HttpFront.segments("/subjects/a%2Fb%20c/versions")).containsExactly("subjects", "a/b c", "versions");
        assertThat(HttpFront.segments("/subjects/..%2F..%2Fetc/versions")).containsExactly("subjects", "../../etc", "versions");
        assertThat(HttpFront.segments("/subjects/a+b")).containsExactly("subjects", "a+b");
        assertThat(HttpFront.segments("/subjects/%C3%A9t%C3%A9")).containsExactly("subjects", "été");
        assertThat(HttpFront.segments("/subjects//versions")).containsExactly("subjects", "", "versions");
    }

    @Test
    void malformedEscapesAreBadRequests() {
        for (String path : List.of("/subjects/%", "/subjects/%4", "/subjects/%zz", "/subjects/%C3%28")) {
            assertThatThrownBy(() -> HttpFront.segments(path)).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(400));
        }
    }

    @Test
    void versionsAreParsedLikeConfluent() {
        assertThat(VersionRef.parse("latest")).isEqualTo(VersionRef.LATEST);
        assertThat(VersionRef.parse("LATEST")).isEqualTo(VersionRef.LATEST);
        assertThat(VersionRef.parse("-1")).isEqualTo(VersionRef.LATEST);
        assertThat(VersionRef.parse("7").number()).isEqualTo(7);
        for (String bad : List.of("0", "-2", "abc", "1.5", "", "99999999999")) {
            assertThatThrownBy(() -> VersionRef.parse(bad)).isInstanceOfSatisfying(RegistryException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(RegistryException.INVALID_VERSION));
        }
    }

    @Test
    void schemaBodiesAreCheckedFieldByField() {
        assertThat(RequestBodies.schema(RegistryHttp.parse("{\"schema\":\"\\\"int\\\"\",\"schemaType\":\"AVRO\","
                + "\"references\":[],\"unknown\":1}")).getType().getName()).isEqualTo("int");
        for (String bad : List.of("[]", "\"x\"", "{}", "{\"schema\":null}", "{\"schema\":{}}", "{\"schema\":\"\"}",
                "{\"schema\":\"nope\"}", "{\"schema\":\"\\\"int\\\"\",\"schemaType\":\"PROTOBUF\"}",
                "{\"schema\":\"\\\"int\\\"\",\"references\":[{\"name\":\"a\",\"subject\":\"b\",\"version\":1}]}")) {
            assertThatThrownBy(() -> RequestBodies.schema(RegistryHttp.parse(bad)))
                    .as(bad).isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(RegistryException.INVALID_SCHEMA));
        }
        assertThatThrownBy(() -> RequestBodies.schema(null)).isInstanceOf(RegistryException.class);
    }

    @Test
    void levelsAreCheckedLikeConfluent() {
        assertThat(RequestBodies.compatibility(RegistryHttp.parse("{\"compatibility\":\"full_transitive\"}")))
                .isEqualTo(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(RequestBodies.compatibility(RegistryHttp.parse("{\"compatibilityLevel\":\"NONE\"}")))
                .isEqualTo(CompatibilityLevel.NONE);
        for (String bad : List.of("{}", "{\"compatibility\":\"SOMETIMES\"}", "{\"compatibility\":3}", "[]")) {
            assertThatThrownBy(() -> RequestBodies.compatibility(RegistryHttp.parse(bad)))
                    .as(bad).isInstanceOfSatisfying(RegistryException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(RegistryException.INVALID_COMPATIBILITY_LEVEL));
        }
    }
}
