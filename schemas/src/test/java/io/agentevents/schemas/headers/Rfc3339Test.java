package io.agentevents.schemas.headers;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written ce_time formatter prints exactly what Instant.toString() prints. */
class Rfc3339Test {

    @Test
    void edgesOfTheCalendarAndOfEachPrecisionPrintAsInstantToString() {
        String[] instants = {
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z", "2000-02-29T12:00:00.5Z",
                "2100-02-28T23:59:59Z", "2100-03-01T00:00:00Z", "1900-02-28T00:00:00.000001Z",
                "2024-02-29T00:00:00.010Z", "2026-01-02T03:04:05.123456Z", "2026-12-31T23:59:59.000000001Z",
                "0400-02-29T00:00:00Z", "1600-03-01T00:00:00.100Z"};
        for (String text : instants) {
            assertFormatsLikeToString(Instant.parse(text));
        }
    }

    @Test
    void randomInstantsOfEveryPrecisionPrintAsInstantToString() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long second = random.nextLong(Rfc3339.FIRST_FAST_SECOND, Rfc3339.LAST_FAST_SECOND + 1);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            assertFormatsLikeToString(Instant.ofEpochSecond(second, nano));
        }
    }

    @Test
    void instantsOutsideYears0000To9999FallBackToInstantToString() {
        assertFormatsLikeToString(Instant.ofEpochSecond(Rfc3339.FIRST_FAST_SECOND - 1));
        assertFormatsLikeToString(Instant.ofEpochSecond(Rfc3339.LAST_FAST_SECOND + 1, 5_000));
        assertFormatsLikeToString(Instant.MAX);
        assertFormatsLikeToString(Instant.MIN);
    }

    private static void assertFormatsLikeToString(Instant instant) {
        assertThat(new String(Rfc3339.utcBytes(instant), StandardCharsets.US_ASCII)).as("%s", instant)
                .isEqualTo(instant.toString());
    }
}
