package io.agentevents.bench;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.testing.SecuredPlatform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eventbus bench --bootstrap ... --command-config FILE} against a secured cluster (SCRAM logins,
 * ACLs, registry behind basic auth): both sides log in with the file (our emit and subscriber child
 * JVMs, the plain consumer + Avro baseline, {@code eventbus emit}, and Kafka's ProducerPerformance and
 * ConsumerPerformance), and the password reaches none of the files the bench writes (summary, logs,
 * the tools' settings). The e2e and projections measurements log in the same way (one connection for
 * every child); they are left out here to keep the run short.
 */
class SecuredBenchIT {
    private static final String ADMIN_PASSWORD = "bench-admin-pw";

    @RegisterExtension
    static final SecuredPlatform SECURED = SecuredPlatform.of(
            EmbeddedKafkaSecurity.saslPlaintext("admin", ADMIN_PASSWORD).withAcls(true), List.of());

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void everyClientOfTheBenchLogsInWithTheCommandConfig(@TempDir Path dir) throws Exception {
        LocalPlatform platform = SECURED.platform();
        Path settings = SECURED.writeAdminClientSettings(dir.resolve("admin-client.properties"));
        Path outDirectory = dir.resolve("bench");

        StringWriter printed = new StringWriter();
        CommandLine bench = BenchMain.commandLine();
        bench.setOut(new PrintWriter(printed, true)).setErr(new PrintWriter(printed, true));
        int exit = bench.execute("--command-config", settings.toString(), "--measure", "emit,consumer,cli",
                "--events", "500", "--round-trips", "10", "--pairs", "1", "--heap", "256m", "--out", outDirectory.toString(),
                "--jvm-option=-XX:TieredStopAtLevel=1"); // the figures are not the point: less CPU

        assertThat(exit).as(printed.toString()).isZero();
        assertThat(printed.toString()).contains("on kafka " + platform.bootstrapServers()).contains("pair 1/1 emit")
                .contains("pair 1/1 subscriber").contains("pair 1/1 eventbus emit");
        JsonNode summary = new ObjectMapper().readTree(outDirectory.resolve("summary.json").toFile());
        assertThat(summary.path("settings").path("producer_settings").toString()).doesNotContain("sasl");
        try (Stream<Path> written = Files.walk(outDirectory)) {
            for (Path file : written.filter(Files::isRegularFile).toList()) {
                assertThat(read(file)).as("what the bench wrote in %s", file).doesNotContain(ADMIN_PASSWORD);
            }
        }
    }

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    }
}
