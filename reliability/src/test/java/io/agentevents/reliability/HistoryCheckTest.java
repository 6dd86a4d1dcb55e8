package io.agentevents.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link HistoryCheck} passes a good history and catches each kind of bad one. */
class HistoryCheckTest {

    /** Two keys, three acknowledged writes each, read back in order once. */
    private static History good() {
        History history = new History();
        for (int i = 1; i <= 3; i++) {
            write(history, "a", "a" + i);
            write(history, "b", "b" + i);
        }
        for (int i = 1; i <= 3; i++) {
            history.read("reader", "a", "a" + i, "t-0@" + i);
        }
        for (int i = 1; i <= 3; i++) {
            history.read("reader", "b", "b" + i, "t-1@" + i);
        }
        return history;
    }

    private static void write(History history, String key, String value) {
        history.invoke("writer", key, value);
        history.ok("writer", key, value, "t-0@?");
    }

    @Test
    void aHistoryWhereEveryAcknowledgedWriteIsReadOnceAndInOrderIsValid() {
        HistoryCheck.Result result = HistoryCheck.check(good());

        assertThat(result.valid()).as(result.summary()).isTrue();
        assertThat(result.acknowledged()).isEqualTo(6);
        assertThat(result.reads()).isEqualTo(6);
    }

    @Test
    void anAcknowledgedWriteNeverReadIsLost() {
        History history = new History();
        write(history, "a", "a1");
        write(history, "a", "a2");
        history.read("reader", "a", "a1", "t-0@0");

        HistoryCheck.Result result = HistoryCheck.check(history);

        assertThat(result.valid()).isFalse();
        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.examples()).anyMatch(example -> example.contains("never read: a2"));
    }

    @Test
    void aValueReadTwiceIsADuplicate() {
        History history = good();
        history.read("reader", "b", "b2", "t-1@4");

        HistoryCheck.Result result = HistoryCheck.check(history);

        assertThat(result.valid()).isFalse();
        assertThat(result.duplicated()).isEqualTo(1);
        assertThat(result.lost()).isZero();
        assertThat(result.reorderedKeys()).as("a repeat is a duplicate, not a reordering").isZero();
    }

    @Test
    void aKeysWritesReadOutOfInvocationOrderAreReordered() {
        History history = new History();
        write(history, "a", "a1");
        write(history, "a", "a2");
        write(history, "b", "b1");
        history.read("reader", "a", "a2", "t-0@0");
        history.read("reader", "a", "a1", "t-0@1");
        history.read("reader", "b", "b1", "t-1@0");

        HistoryCheck.Result result = HistoryCheck.check(history);

        assertThat(result.valid()).isFalse();
        assertThat(result.reorderedKeys()).isEqualTo(1);
        assertThat(result.examples()).anyMatch(example -> example.startsWith("key a:"));
    }

    @Test
    void aFailedWriteIsIndeterminateWhetherItWasReadOrNot() {
        History history = good();
        history.invoke("writer", "a", "a4");
        history.fail("writer", "a", "a4", "timeout");
        history.invoke("writer", "b", "b4");
        history.fail("writer", "b", "b4", "timeout");
        history.read("reader", "b", "b4", "t-1@4");

        HistoryCheck.Result result = HistoryCheck.check(history);

        assertThat(result.valid()).as(result.summary()).isTrue();
        assertThat(result.failed()).isEqualTo(2);
        assertThat(result.failedButRead()).isEqualTo(1);
    }

    @Test
    void aValueNobodyWroteIsAnUnknownRead() {
        History history = good();
        history.read("reader", "a", "made-up", "t-0@9");

        HistoryCheck.Result result = HistoryCheck.check(history);

        assertThat(result.valid()).isFalse();
        assertThat(result.unknownReads()).isEqualTo(1);
    }

    @Test
    void aBadHistoryIsWrittenToAFileTheResultNames(@TempDir Path directory) throws Exception {
        History history = new History();
        write(history, "a", "a1");

        HistoryCheck.Checked checked = HistoryCheck.checkAndKeep(history, "unit", directory);

        assertThat(checked.result().valid()).isFalse();
        assertThat(checked.describe()).contains("lost=1").contains(checked.file().toString());
        assertThat(Files.readAllLines(checked.file())).hasSize(3)
                .anyMatch(line -> line.contains("\tINVOKE\ta\ta1\t"));
        assertThat(HistoryCheck.checkAndKeep(good(), "unit", directory).file()).as("a valid history is not written").isNull();
    }
}
