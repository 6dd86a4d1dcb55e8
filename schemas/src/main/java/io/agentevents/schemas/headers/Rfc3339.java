package io.agentevents.schemas.headers;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Formats an {@link Instant} as RFC 3339 text in UTC, byte for byte what {@link Instant#toString()}
 * prints ({@code 2026-01-02T03:04:05.123456Z}: seconds always, then 0, 3, 6 or 9 fractional digits,
 * as few groups of three as the value needs), straight into ASCII bytes. For years 0000 to 9999 it
 * works by integer arithmetic alone (no {@code LocalDateTime}, no {@code StringBuilder}, one
 * allocation: the result); other instants fall back to {@code Instant.toString()}. Stateless and
 * thread-safe.
 */
final class Rfc3339 {
    /** 0000-01-01T00:00:00Z. */
    static final long FIRST_FAST_SECOND = -62_167_219_200L;
    /** 9999-12-31T23:59:59Z. */
    static final long LAST_FAST_SECOND = 253_402_300_799L;

    private static final int SECONDS_PER_DAY = 86_400;
    /** Days from 0000-03-01 to 1970-01-01 (the civil calendar counted from March, so leap days come last). */
    private static final long DAYS_0000_03_01_TO_1970 = 719_468L;
    private static final long DAYS_PER_400_YEARS = 146_097L;

    private Rfc3339() {
    }

    /** The instant as {@code Instant.toString()} prints it, in US-ASCII bytes. */
    static byte[] utcBytes(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < FIRST_FAST_SECOND || seconds > LAST_FAST_SECOND) {
            return instant.toString().getBytes(StandardCharsets.US_ASCII);
        }
        int nano = instant.getNano();
        long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) (seconds - days * SECONDS_PER_DAY);

        // civil date from a day count (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms")
        long shifted = days + DAYS_0000_03_01_TO_1970;
        long era = Math.floorDiv(shifted, DAYS_PER_400_YEARS);
        int dayOfEra = (int) (shifted - era * DAYS_PER_400_YEARS);
        int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
        int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        int marchMonth = (5 * dayOfYear + 2) / 153;
        int day = dayOfYear - (153 * marchMonth + 2) / 5 + 1;
        int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
        int year = (int) (yearOfEra + era * 400) + (month <= 2 ? 1 : 0);

        int digits = nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9;
        byte[] out = new byte[20 + (digits == 0 ? 0 : digits + 1)];
        put4(out, 0, year);
        out[4] = '-';
        put2(out, 5, month);
        out[7] = '-';
        put2(out, 8, day);
        out[10] = 'T';
        put2(out, 11, secondOfDay / 3600);
        out[13] = ':';
        put2(out, 14, secondOfDay / 60 % 60);
        out[16] = ':';
        put2(out, 17, secondOfDay % 60);
        int at = 19;
        if (digits > 0) {
            out[at++] = '.';
            int fraction = nano;
            for (int skip = 9 - digits; skip > 0; skip--) {
                fraction /= 10;
            }
            for (int i = at + digits - 1; i >= at; i--) {
                out[i] = (byte) ('0' + fraction % 10);
                fraction /= 10;
            }
            at += digits;
        }
        out[at] = 'Z';
        return out;
    }

    private static void put2(byte[] out, int at, int value) {
        out[at] = (byte) ('0' + value / 10);
        out[at + 1] = (byte) ('0' + value % 10);
    }

    private static void put4(byte[] out, int at, int value) {
        put2(out, at, value / 100);
        put2(out, at + 2, value % 100);
    }
}
