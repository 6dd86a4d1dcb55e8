package io.agentevents.bench;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the bench starts {@code eventbus local} and reads its address. */
class LocalReadinessTest {

    @Test
    void theQueryApiAddressIsReadFromItsLine() {
        assertThat(LocalReadiness.address("query API:       http://127.0.0.1:40123")).isEqualTo("http://127.0.0.1:40123");
        assertThat(LocalReadiness.address("kafka:           127.0.0.1:40000")).isNull();
        assertThat(LocalReadiness.address("eventbus local ready (Ctrl-C to stop)")).isNull();
    }

    @Test
    void itRunsTheCliMainFromTheBenchsClassPath() {
        Path data = Path.of("/tmp/data");

        assertThat(LocalReadiness.command("/x/eventbus-bench.jar", List.of(), data)).containsSubsequence("-cp", "/x/eventbus-bench.jar",
                "io.agentevents.cli.Main", "local", "--kafka-port", "0", "--registry-port", "0", "--http-port", "0",
                "--data-dir", "/tmp/data").doesNotContain("-jar");
        assertThat(LocalReadiness.command("/x/classes" + File.pathSeparator + "/x/a.jar", List.of(), data))
                .containsSubsequence("-cp", "/x/classes" + File.pathSeparator + "/x/a.jar", "io.agentevents.cli.Main", "local")
                .doesNotContain("-jar");
        // the bench's --jvm-option goes before the class path
        assertThat(LocalReadiness.command("/x/eventbus-bench.jar", List.of("-XX:+UseSerialGC"), data))
                .containsSubsequence("-XX:+UseSerialGC", "-cp", "/x/eventbus-bench.jar", "io.agentevents.cli.Main", "local");
    }
}
