package io.agentevents.streams.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a start keeps of a kept state directory after a clean close, and what it removes after a crash. */
class CleanCloseMarkerTest {

    @Test
    void aStartAfterACleanCloseKeepsTheStateAndTakesTheMarkerAway(@TempDir Path state) throws IOException {
        Path store = store(state, "app", "1_0", "plan-state");
        CleanCloseMarker.afterCleanClose(state, "app");

        CleanCloseMarker.beforeStart(state, "app");

        assertThat(store).isDirectory();
        // until this run closes cleanly, a crash must be seen as one
        assertThat(state.resolve("app").resolve(CleanCloseMarker.MARKER)).doesNotExist();
    }

    @Test
    void aStartAfterACrashRemovesTheApplicationsStateOnly(@TempDir Path state) throws IOException {
        store(state, "app", "1_0", "plan-state");
        store(state, "app", "0_1", "audit-heads");
        Path processId = Files.writeString(state.resolve("app").resolve("kafka-streams-process-metadata"), "{}");
        Path other = store(state, "other-app", "1_0", "plan-state");

        CleanCloseMarker.beforeStart(state, "app");

        assertThat(state.resolve("app").resolve("1_0")).doesNotExist();
        assertThat(state.resolve("app").resolve("0_1")).doesNotExist();
        assertThat(processId).exists(); // Kafka Streams' own file: the instance keeps its process id
        assertThat(other).isDirectory();
    }

    @Test
    void aFirstStartAndAnEmptyApplicationDirectoryAreLeftAlone(@TempDir Path state) throws IOException {
        CleanCloseMarker.beforeStart(state, "app");
        assertThat(state).isEmptyDirectory();

        Path application = Files.createDirectories(state.resolve("app"));
        Files.writeString(application.resolve("kafka-streams-process-metadata"), "{}");
        CleanCloseMarker.beforeStart(state, "app");
        assertThat(application.resolve("kafka-streams-process-metadata")).exists();
    }

    private static Path store(Path state, String application, String task, String store) throws IOException {
        return Files.createDirectories(state.resolve(application).resolve(task).resolve("rocksdb").resolve(store));
    }
}
