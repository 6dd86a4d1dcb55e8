package io.agentevents.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

/** Which command the one-shot {@code eventbus emit} measurement runs. */
class CliEmitStartTest {

    @Test
    void theCheckoutsScriptWhenItAndTheCliJarAreBesideTheBenchJar(@TempDir Path checkout) throws Exception {
        Path benchJar = Files.createDirectories(checkout.resolve("benchmarks/target")).resolve("eventbus-bench.jar");
        Files.createFile(benchJar);
        Path script = Files.createFile(checkout.resolve("eventbus"), PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwxr-xr-x")));

        assertThat(CliEmitStart.launcher(benchJar.toString())).as("no cli jar yet").endsWith(
                "-cp", benchJar.toString(), LocalReadiness.EVENTBUS_MAIN);

        Files.createFile(Files.createDirectories(checkout.resolve("cli/target")).resolve("eventbus.jar"));
        assertThat(CliEmitStart.launcher(benchJar.toString())).containsExactly(script.toString());
    }

    @Test
    void javaWithTheBenchsClassPathElsewhere() {
        assertThat(CliEmitStart.launcher("target/classes:lib/a.jar")).hasSize(4).endsWith(
                "-cp", "target/classes:lib/a.jar", LocalReadiness.EVENTBUS_MAIN);
    }
}
