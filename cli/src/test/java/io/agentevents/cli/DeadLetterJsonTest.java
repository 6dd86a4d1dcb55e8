package io.agentevents.cli;

import io.agentevents.consumer.deadletter.RecordPosition;
import io.agentevents.consumer.deadletter.ReplayResult;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The JSON lines of {@code eventbus dlq}, to the letter: names and their order are part of the output. */
class DeadLetterJsonTest {

    private static String printed(Object value) {
        StringWriter out = new StringWriter();
        CommandArguments.printJson(new PrintWriter(out), value);
        return out.toString().strip();
    }

    @Test
    void replayPrintsTheCountThenEachRecordsPositionsAndEventId() {
        ReplayResult result = new ReplayResult(List.of(
                new ReplayResult.Replayed(RecordPosition.of("events.tool.dlq", 0, 4), RecordPosition.of("events.tool", 2, 17),
                        RecordPosition.of("events.tool", 2, 90), Optional.of("01J")),
                new ReplayResult.Replayed(RecordPosition.of("events.tool.dlq", 1, 5), RecordPosition.of("events.tool", 0, 3),
                        RecordPosition.of("events.tool", 0, 91), Optional.empty())));

        assertThat(printed(DeadLetterJson.replay(result))).isEqualTo("{\"replayed\":2,\"records\":["
                + "{\"dlq\":{\"topic\":\"events.tool.dlq\",\"partition\":0,\"offset\":4},"
                + "\"source\":{\"topic\":\"events.tool\",\"partition\":2,\"offset\":17},"
                + "\"landed\":{\"topic\":\"events.tool\",\"partition\":2,\"offset\":90},\"event_id\":\"01J\"},"
                + "{\"dlq\":{\"topic\":\"events.tool.dlq\",\"partition\":1,\"offset\":5},"
                + "\"source\":{\"topic\":\"events.tool\",\"partition\":0,\"offset\":3},"
                + "\"landed\":{\"topic\":\"events.tool\",\"partition\":0,\"offset\":91},\"event_id\":null}]}");
    }

    @Test
    void aHeaderIsItsKeyAndItsTextOrNull() {
        assertThat(printed(List.of(new DeadLetterJson.Header("ce_id", "01J"), new DeadLetterJson.Header("empty", null))))
                .isEqualTo("[{\"key\":\"ce_id\",\"value\":\"01J\"},{\"key\":\"empty\",\"value\":null}]");
    }
}
