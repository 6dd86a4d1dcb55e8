package io.agentevents.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Node.js section of docs/interop.md against {@code examples/node/}, whose scripts
 * {@code NodeInteropIT} runs: every {@code js} block is quoted word for word from an example file,
 * every {@code node examples/node/...} command names a file that is there, and the package versions
 * the page names are the ones the examples lock.
 */
class InteropNodeDocTest {
    private static final Path ROOT = Path.of("..");
    private static final Path EXAMPLES = ROOT.resolve("examples").resolve("node");
    private static final Pattern JS_BLOCK = Pattern.compile("```js\\n(.*?)\\n```", Pattern.DOTALL);
    private static final Pattern NODE_COMMAND = Pattern.compile("\\bnode (examples/node/[\\w.-]+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyJavaScriptBlockIsQuotedFromAnExampleFile() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher matcher = JS_BLOCK.matcher(nodeSection());
        while (matcher.find()) {
            blocks.add(matcher.group(1));
        }
        List<String> files = new ArrayList<>();
        for (String name : List.of("eventbus.js", "consume.js", "produce.js", "agent.js")) {
            files.add(Files.readString(EXAMPLES.resolve(name)));
        }
        assertThat(blocks).as("js blocks of the Node.js section").hasSizeGreaterThanOrEqualTo(4);
        for (String block : blocks) {
            assertThat(files).as("an example file quoting%n%s", block).anyMatch(file -> file.contains(block));
        }
    }

    @Test
    void theCommandsRunFilesThatExist() throws IOException {
        Matcher matcher = NODE_COMMAND.matcher(nodeSection());
        int commands = 0;
        while (matcher.find()) {
            commands++;
            assertThat(ROOT.resolve(matcher.group(1))).as(matcher.group()).isRegularFile();
        }
        assertThat(commands).isGreaterThanOrEqualTo(3);
    }

    @Test
    void theVersionsNamedAreTheOnesTheExamplesUse() throws IOException {
        JsonNode dependencies = JSON.readTree(EXAMPLES.resolve("package.json").toFile()).get("dependencies");
        String section = nodeSection();
        assertThat(section).contains("`kafkajs` " + dependencies.get("kafkajs").asText())
                .contains("`@kafkajs/confluent-schema-registry` " + dependencies.get("@kafkajs/confluent-schema-registry").asText());
        assertThat(Files.exists(EXAMPLES.resolve("package-lock.json"))).as("examples/node/package-lock.json").isTrue();
    }

    private static String nodeSection() throws IOException {
        String page = Files.readString(ROOT.resolve("docs").resolve("interop.md"));
        int start = page.indexOf("\n## Node.js\n");
        assertThat(start).as("a Node.js section in docs/interop.md").isNotNegative();
        int end = page.indexOf("\n## ", start + 1);
        return page.substring(start, end < 0 ? page.length() : end);
    }
}
