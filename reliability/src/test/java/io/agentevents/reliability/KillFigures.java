package io.agentevents.reliability;

import java.time.Duration;
import java.util.List;

/**
 * The figures of a scenario that kills a subscriber again and again ({@link SubscriberCrashIT},
 * {@link SubscriberKillIT}): all {@code total} events emitted and acknowledged, how many were
 * handled and how many handlings came beyond the first, the kills, what was in flight at them in
 * all, the longest recovery, and a note per kill. Immutable.
 */
record KillFigures(int total, int handled, long duplicates, int kills, long inFlightAtKills, Duration recover,
                   List<String> notes) {

    KillFigures {
        notes = List.copyOf(notes);
    }

    /** Prints the scenario's figures line ({@link Figures}), then each note on a line of its own. */
    void print(String scenario) {
        Figures.of(scenario).put("emitted", total)
                .put("acknowledged", total)
                .put("found", handled)
                .put("duplicates", duplicates)
                .put("lost", total - handled)
                .put("kills", kills)
                .put("in_flight_at_kills", inFlightAtKills)
                .put("recover", recover)
                .print();
        notes.forEach(note -> System.out.println("  " + scenario + ": " + note));
    }
}
