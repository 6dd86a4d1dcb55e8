package io.agentevents.streams.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What a start or a clean close removes from a kept state directory, and what it keeps. */
class CleanStateCheckTest {

    @Test
    void tasksLeftByACrashAreRemovedCheckpointedOnesKept(@TempDir Path state) throws IOException {
        Path application = state.resolve("app");
        Path crashed = task(application, "1_0", "plan-state"); // a crash under exactly-once: no checkpoint at all
        Path halfCheckpointed = task(application, "1_1", "plan-state", "audit-heads");
        Files.writeString(halfCheckpointed.resolve(".checkpoint"), "0\n1\napp-plan-state-changelog 1 17\n");
        Path checkpointed = task(application, "1_2", "plan-state");
        Files.writeString(checkpointed.resolve(".checkpoint"), "0\n1\napp-plan-state-changelog 2 42\n");
        Path stateless = Files.createDirectories(application.resolve("0_0"));

        CleanStateCheck.removeUncheckpointedTasks(state, "app");

        assertThat(crashed).doesNotExist();
        assertThat(halfCheckpointed).doesNotExist();
        assertThat(checkpointed.resolve("rocksdb").resolve("plan-state")).isDirectory();
        assertThat(stateless).isDirectory();
    }

    @Test
    void aStateDirectoryWithoutTheApplicationIsLeftAlone(@TempDir Path state) {
        CleanStateCheck.removeUncheckpointedTasks(state, "app");
        assertThat(state).isEmptyDirectory();
    }

    private static Path task(Path application, String id, String... stores) throws IOException {
        Path task = application.resolve(id);
        for (String store : stores) {
            Files.createDirectories(task.resolve("rocksdb").resolve(store));
        }
        return task;
    }
}
