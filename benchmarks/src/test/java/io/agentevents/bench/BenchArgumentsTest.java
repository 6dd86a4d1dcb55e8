package io.agentevents.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad bench arguments are refused before anything starts: exit 2 and a message naming the option. */
class BenchArgumentsTest {

    @Test
    void aJvmOptionThatIsNotOneJvmOptionIsRefusedNamingIt() {
        for (String bad : new String[] {"-cp", "-jar", "-Xmx2g", "UseZGC", "-XX:+UseZGC -Xmx1g", ""}) {
            StringWriter printed = new StringWriter();
            CommandLine bench = BenchMain.commandLine();
            bench.setOut(new PrintWriter(printed, true)).setErr(new PrintWriter(printed, true));

            int exit = bench.execute("--jvm-option=" + bad, "--out", "target/bench-arguments-test");

            assertThat(exit).as(bad + ": " + printed).isEqualTo(2);
            assertThat(printed.toString()).as(bad).contains("--jvm-option must be one JVM option such as -XX:+UseZGC")
                    .contains("was '" + bad + "'");
        }
    }
}
