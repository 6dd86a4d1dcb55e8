package io.agentevents.local.registry;

import java.util.Locale;

/**
 * A version as a request names it: a number from 1, or the latest ({@code latest} or {@code -1}).
 *
 * @param number the version, or {@link #LATEST_NUMBER} for the latest
 */
record VersionRef(int number) {
    static final int LATEST_NUMBER = -1;
    static final VersionRef LATEST = new VersionRef(LATEST_NUMBER);

    VersionRef {
        if (number < 1 && number != LATEST_NUMBER) {
            throw new IllegalArgumentException("version must be >= 1 or -1 (latest), was " + number);
        }
    }

    boolean isLatest() {
        return number == LATEST_NUMBER;
    }

    /**
     * Parses a path segment the way Confluent does: {@code latest} (any case), {@code -1}, or 1..2^31-1.
     *
     * @throws RegistryException 422/42202 otherwise
     */
    static VersionRef parse(String text) {
        String trimmed = text.trim();
        if (trimmed.toLowerCase(Locale.ROOT).equals("latest")) {
            return LATEST;
        }
        try {
            int number = Integer.parseInt(trimmed);
            if (number >= 1 || number == LATEST_NUMBER) {
                return new VersionRef(number);
            }
        } catch (NumberFormatException e) {
            // falls through to the Confluent error below
        }
        throw RegistryException.invalidVersion(text);
    }

    @Override
    public String toString() {
        return isLatest() ? "latest" : Integer.toString(number);
    }
}
