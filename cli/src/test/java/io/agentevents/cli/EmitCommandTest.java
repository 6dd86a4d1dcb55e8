package io.agentevents.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import picocli.CommandLine;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code eventbus emit} where no platform is needed: its help, its flags, an unreachable cluster. */
class EmitCommandTest {

    /** Issue 17, item 7: five flags had no description in --help. */
    @Test
    void everyFlagIsDescribedInTheHelp() {
        CommandLine emit = EventbusCommand.commandLine().getSubcommands().get("emit");
        for (CommandLine.Model.OptionSpec option : emit.getCommandSpec().options()) {
            assertThat(String.join(" ", option.description())).as(option.longestName()).isNotBlank();
        }
        CliRun help = run("emit", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--plan-id=ID", "--root-plan-id=ID", "--session-id=ID", "--actor=NAME",
                "--project=NAME", "--prefix=PREFIX");
        assertThat(help.out().replaceAll("\\s+", " ")).contains("Default: the root plan id, else the plan id");
    }

    /** Issue 17, item 7: emit had no --prefix. */
    @Test
    void aBadPrefixIsRefusedNamingIt() {
        CliRun run = run("emit", "--type", "plan.created", "--prefix", "no spaces", "--bootstrap", "127.0.0.1:1",
                "--registry", "http://127.0.0.1:1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("bad --prefix 'no spaces'").contains("Usage: eventbus emit");
    }

    /**
     * Issue 17, item 2: with nothing listening, emit names Kafka alone, in one line, within its 10 s
     * wait for Kafka (the message used to name the registry too, and Kafka's "not present in metadata").
     */
    @Test
    @Timeout(40)
    void withNothingListeningItFailsWithinABoundedTimeNamingKafka() {
        CliRun emit = run("emit", "--type", "plan.created", "--bootstrap", "127.0.0.1:1", "--registry", "http://127.0.0.1:1");
        assertThat(emit.exitCode()).as(emit.err()).isEqualTo(1);
        assertThat(emit.err().strip()).doesNotContain("\n").startsWith("eventbus: ")
                .contains("cannot reach Kafka at 127.0.0.1:1 within 10 s").doesNotContain("registry");
        assertThat(emit.out()).isEmpty();
    }
}
