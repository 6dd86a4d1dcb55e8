package io.agentevents.schemas.testing;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventCatalog;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Tuple;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * jqwik generators of valid events: any known type, ids of any visible ASCII, names of any valid
 * Unicode (surrogate pairs included), timestamps over the whole allowed range, each optional field
 * set or not, and details of every value kind nested up to three levels (NaN, infinities and -0.0
 * included). Shared by the codec properties.
 */
public final class RandomEvents {

    private static final long EARLIEST_MICROS = Instant.parse("0001-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
    private static final long LATEST_MICROS = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond() * 1_000_000L;

    private RandomEvents() {
    }

    /** Valid events of every shape. */
    public static Arbitrary<DomainEvent> events() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(128);
        Arbitrary<String> names = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(64)
                .filter(RandomEvents::isValidName);
        return Builders.withBuilder(() -> DomainEvent.builder().source("s"))
                .use(Arbitraries.of(EventCatalog.knownTypes())).in(DomainEvent.Builder::type)
                .use(ids).in(DomainEvent.Builder::eventId)
                .use(ids).in(DomainEvent.Builder::correlationId)
                .use(Arbitraries.longs().between(EARLIEST_MICROS, LATEST_MICROS)
                        .map(micros -> Instant.EPOCH.plus(micros, ChronoUnit.MICROS)))
                .in(DomainEvent.Builder::timestamp)
                .use(names).in(DomainEvent.Builder::source)
                .use(ids).withProbability(0.5).in(DomainEvent.Builder::causationId)
                .use(names).withProbability(0.5).in(DomainEvent.Builder::planId)
                .use(names).withProbability(0.5).in(DomainEvent.Builder::rootPlanId)
                .use(names).withProbability(0.5).in(DomainEvent.Builder::sessionId)
                .use(names).withProbability(0.5).in(DomainEvent.Builder::actorName)
                .use(names).withProbability(0.5).in(DomainEvent.Builder::projectName)
                .use(detailMaps(3)).in(DomainEvent.Builder::details)
                .build(DomainEvent.Builder::build);
    }

    /** Details maps nested up to {@code depth} levels below the top. */
    public static Arbitrary<Map<String, Object>> detailMaps(int depth) {
        Arbitrary<String> keys = Arbitraries.strings().all().ofMaxLength(12).filter(RandomEvents::isWellFormed);
        return Arbitraries.maps(keys, detailValues(depth)).ofMaxSize(5);
    }

    private static Arbitrary<Object> detailValues(int depth) {
        Arbitrary<Object> leaves = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                Arbitraries.longs(),
                Arbitraries.doubles().withSpecialValue(Double.NaN).withSpecialValue(Double.NEGATIVE_INFINITY)
                        .withSpecialValue(-0.0),
                Arbitraries.strings().all().ofMaxLength(40).filter(RandomEvents::isWellFormed));
        if (depth == 0) {
            return leaves;
        }
        return Arbitraries.frequencyOf(
                Tuple.of(6, leaves),
                Tuple.of(1, detailValues(depth - 1).list().ofMaxSize(4).map(list -> (Object) list)),
                Tuple.of(1, detailMaps(depth - 1).map(map -> (Object) map)));
    }

    private static boolean isValidName(String value) {
        return !value.isBlank() && value.chars().noneMatch(c -> Character.isISOControl((char) c)) && isWellFormed(value);
    }

    private static boolean isWellFormed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
