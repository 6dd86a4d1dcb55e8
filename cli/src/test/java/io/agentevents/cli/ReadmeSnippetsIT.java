package io.agentevents.cli;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;

import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Java snippet of {@code README.md}, in order, compiled as one program and run against the
 * embedded platform with the projections, the README's local addresses replaced by the test
 * platform's. Fails when a snippet no longer compiles, throws, or stops doing what the README says.
 */
@Isolated // replaces System.out while the snippets run
@ExtendWith(SharedPlatformExtension.class)
class ReadmeSnippetsIT {
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    /** What the snippets may use without importing it, as a reader of the README would import it. */
    private static final List<String> IMPORTS = List.of(
            "io.agentevents.schemas.*", "io.agentevents.producer.*", "io.agentevents.producer.kafka.*",
            "io.agentevents.consumer.*", "java.net.URI", "java.net.http.*", "java.util.concurrent.CountDownLatch",
            "java.util.concurrent.TimeUnit");

    @Test
    void theReadmeSnippetsCompileAndRunAndDoWhatTheReadmeSays(TestPlatform platform, @TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        List<String> snippets = new ArrayList<>();
        Matcher matcher = JAVA_BLOCK.matcher(readme);
        while (matcher.find()) {
            snippets.add(matcher.group(1));
        }
        assertThat(snippets).as("Java snippets in README.md").hasSizeGreaterThanOrEqualTo(3);

        try (ProjectionsApp projections = ProjectionsApp.start(ProjectionsConfig.defaults(platform.bootstrapServers(),
                        platform.schemaRegistryUrl()).withApplicationId(platform.uniqueName("readme"))
                .withTopics(TopicLayout.local(1)).withHttpPort(0).withReplicationFactor(1))) {
            String body = String.join("\n", snippets)
                    .replace("http://127.0.0.1:8081", platform.schemaRegistryUrl())
                    .replace("http://127.0.0.1:8080", projections.url())
                    .replace("127.0.0.1:9092", platform.bootstrapServers());
            StringBuilder source = new StringBuilder();
            IMPORTS.forEach(name -> source.append("import ").append(name).append(";\n"));
            source.append("public class ReadmeTour {\n  public static void run() throws Exception {\n")
                    .append(body).append("\n  }\n}\n");
            Class<?> tour = compile(dir, "ReadmeTour", source.toString());

            String printed = runCapturingOutput(tour);

            assertThat(printed).contains("new plan plan-42 from planner-1");
            assertThat(printed).contains("\"planId\":\"plan-42\"").contains("\"status\":\"created\"")
                    .contains("\"caughtUp\":true");
        }
    }

    private static Class<?> compile(Path dir, String className, String source) throws Exception {
        Path file = dir.resolve(className + ".java");
        Files.writeString(file, source, StandardCharsets.UTF_8);
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean compiled = compiler.getTask(null, files, diagnostics,
                    List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString(), "-proc:none"),
                    null, files.getJavaFileObjects(file)).call();
            assertThat(compiled).as("README snippets compile:%n%s%n%s", diagnostics.getDiagnostics(), source).isTrue();
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, ReadmeSnippetsIT.class.getClassLoader());
        return loader.loadClass(className);
    }

    private static String runCapturingOutput(Class<?> tour) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
        try {
            tour.getMethod("run").invoke(null);
        } catch (InvocationTargetException e) {
            throw new AssertionError("the README snippets threw " + e.getCause(), e.getCause());
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /** Writes to both streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream first;
        private final java.io.OutputStream second;

        TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws java.io.IOException {
            first.write(bytes, offset, length);
            second.write(bytes, offset, length);
        }
    }
}
