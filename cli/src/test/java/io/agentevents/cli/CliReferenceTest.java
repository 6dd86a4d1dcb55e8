package io.agentevents.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/cli.md}'s reference part is what the commands declare: every command, its
 * arguments, flags, defaults and descriptions, and the exit codes, generated here from the
 * picocli model and compared with the page. When a command changes, run this test with
 * {@code -Dcli.reference.write=true} to write the new reference into the page.
 */
class CliReferenceTest {
    private static final Path PAGE = Path.of("..", "docs", "cli.md");
    private static final String BEGIN = "<!-- reference: generated from the commands by CliReferenceTest; do not edit by hand -->";
    private static final String END = "<!-- end of reference -->";

    @Test
    void docsCliMdListsEveryCommandFlagAndExitCodeAsTheCommandsDeclareThem() throws IOException {
        String page = Files.readString(PAGE, StandardCharsets.UTF_8);
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        assertThat(begin).as("docs/cli.md has the reference markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String expected = reference();
        String documented = page.substring(begin + BEGIN.length(), end);
        if (Boolean.getBoolean("cli.reference.write") && !documented.equals(expected)) {
            Files.writeString(PAGE, page.substring(0, begin + BEGIN.length()) + expected + page.substring(end),
                    StandardCharsets.UTF_8);
            documented = expected;
        }
        assertThat(documented).as("docs/cli.md's reference (run CliReferenceTest with -Dcli.reference.write=true "
                + "to rewrite it from the commands)").isEqualTo(expected);
    }

    @Test
    void everyCommandsHelpListsTheExitCodes() {
        CliRun help = CliRun.run("tail", "--help");
        EventbusCommand.EXIT_CODES.forEach((code, meaning) -> assertThat(help.out()).contains(code + "   "));
        assertThat(help.out()).contains("Exit codes:").contains("bad arguments");
    }

    /** The reference part of the page, from the commands. */
    static String reference() {
        StringBuilder text = new StringBuilder("\n\n## Exit codes\n\nEvery command:\n\n| code | meaning |\n|---|---|\n");
        EventbusCommand.EXIT_CODES.forEach((code, meaning) -> text.append("| ").append(code).append(" | ")
                .append(cell(meaning)).append(" |\n"));
        text.append("\n## Commands\n");
        CommandLine root = EventbusCommand.commandLine();
        describe(root.getCommandSpec(), text, true);
        root.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                describe(sub.getCommandSpec(), text, false);
                sub.getSubcommands().values().forEach(subSub -> describe(subSub.getCommandSpec(), text, false));
            }
        });
        return text.append('\n').toString();
    }

    private static void describe(CommandSpec spec, StringBuilder text, boolean root) {
        text.append("\n### `").append(spec.qualifiedName()).append("`\n\n");
        for (String line : spec.usageMessage().description()) {
            text.append(line.replace("%n", " ")).append('\n');
        }
        if (!root) {
            text.append("\nUsage: `").append(usage(spec)).append("`\n");
        }
        List<PositionalParamSpec> parameters = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        List<OptionSpec> options = spec.options().stream().filter(o -> !o.hidden() && (root || !o.inherited()))
                .filter(o -> !o.longestName().equals("--help") && !o.longestName().equals("--version")).toList();
        if (parameters.isEmpty() && options.isEmpty()) {
            return;
        }
        text.append("\n| argument or flag | default | meaning |\n|---|---|---|\n");
        for (PositionalParamSpec parameter : parameters) {
            text.append("| `").append(parameter.paramLabel()).append("` | ").append(parameter.required() ? "required" : "")
                    .append(" | ").append(cell(description(parameter))).append(" |\n");
        }
        for (OptionSpec option : options) {
            String names = String.join(", ", option.names());
            String label = option.typeInfo().isBoolean() ? "" : " " + option.paramLabel();
            text.append("| `").append(names).append(label).append("` | ")
                    .append(option.required() ? "required" : option.defaultValue() == null ? "" : "`" + option.defaultValue() + "`")
                    .append(" | ").append(cell(description(option))).append(" |\n");
        }
    }

    private static String usage(CommandSpec spec) {
        StringBuilder usage = new StringBuilder(spec.qualifiedName());
        if (!spec.subcommands().isEmpty() && spec.subcommands().keySet().stream().anyMatch(name -> !name.equals("help"))) {
            usage.append(" COMMAND");
        }
        spec.positionalParameters().stream().filter(p -> !p.hidden())
                .forEach(p -> usage.append(' ').append(p.required() ? p.paramLabel() : "[" + p.paramLabel() + "]"));
        if (spec.options().stream().anyMatch(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp())) {
            usage.append(" [flags]");
        }
        return usage.toString();
    }

    private static String description(ArgSpec arg) {
        return String.join(" ", arg.description()).replace("${DEFAULT-VALUE}", String.valueOf(arg.defaultValue()));
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("%n", " ").replace("<", "&lt;");
    }

    /** Prints the reference, to start or rewrite docs/cli.md by hand. */
    public static void main(String[] args) {
        System.out.println(reference());
    }
}
