package io.agentevents.platform.console;

import io.agentevents.consumer.deadletter.DeadLetter;
import io.agentevents.consumer.deadletter.DeadLetterConfig;
import io.agentevents.consumer.deadletter.DeadLetters;
import io.agentevents.consumer.deadletter.RecordPosition;
import io.agentevents.consumer.deadletter.ReplayResult;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.Redactor;
import io.agentevents.schemas.json.EventJson;
import io.agentevents.streams.console.DeadLetterDesk;
import io.agentevents.streams.console.DeadLetterList;
import io.agentevents.streams.console.DeadLetterView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The web console's dead letters over the consumer SDK's {@link DeadLetters}: lists a domain's
 * letters (leaving out those the console replayed, as its {@link ReplayLedger} remembers), shows one
 * with secrets masked ({@link Redactor#defaults()}: details, and header values under sensitive
 * names), and replays one to its source topic and partition, noting it in the ledger.
 *
 * <p>Who may replay: anyone when the console asks for no authentication (a local platform); else only
 * the {@code operators} named (user or token names). Thread-safe; {@link #close()} closes the clients.
 */
public final class ConsoleDeadLetters implements DeadLetterDesk {
    /** The environment variable naming the console's operators (comma-separated user or token names). */
    public static final String OPERATORS_VARIABLE = "EVENTBUS_CONSOLE_OPERATORS";

    private final DeadLetterConfig config;
    private final Set<String> operators;
    private final DeadLetters deadLetters;
    private final ReplayLedger ledger;

    private ConsoleDeadLetters(DeadLetterConfig config, Set<String> operators) {
        this.config = config;
        this.operators = Set.copyOf(operators);
        this.deadLetters = DeadLetters.open(config);
        this.ledger = new ReplayLedger(config, "eventbus-console-" + UUID.randomUUID().toString().substring(0, 8));
    }

    /**
     * A desk over the dead-letter topics {@code config} names. Contacts nothing until first used.
     *
     * @param operators who may replay when the console authenticates its users (ignored when it does not)
     */
    public static ConsoleDeadLetters open(DeadLetterConfig config, Set<String> operators) {
        return new ConsoleDeadLetters(Objects.requireNonNull(config, "config"), Objects.requireNonNull(operators, "operators"));
    }

    /** The operators named in {@value #OPERATORS_VARIABLE} (empty when it is not set). */
    public static Set<String> operatorsFrom(Map<String, String> environment) {
        String names = environment.getOrDefault(OPERATORS_VARIABLE, "");
        Set<String> operators = new java.util.TreeSet<>();
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                operators.add(name.trim());
            }
        }
        return operators;
    }

    @Override
    public DeadLetterList list(String domain, int max) {
        Domain known = Domain.fromWireName(domain);
        Set<String> replayed = ledger.replayed();
        String topic = config.deadLetterTopic(known);
        List<DeadLetterView> shown = new ArrayList<>();
        long hidden = replayed.stream().filter(position -> position.startsWith(topic + "/")).count();
        for (DeadLetter letter : deadLetters.list(known, (int) Math.min(Integer.MAX_VALUE, (long) max + hidden))) {
            if (!replayed.contains(position(letter.position())) && shown.size() < max) {
                shown.add(view(letter));
            }
        }
        return new DeadLetterList(known.wireName(), topic, shown, hidden);
    }

    @Override
    public Optional<DeadLetterView> show(String topic, int partition, long offset) {
        return deadLetters.show(topic, partition, offset).map(ConsoleDeadLetters::view);
    }

    @Override
    public Optional<String> replay(String topic, int partition, long offset, String by) {
        Optional<DeadLetter> letter = deadLetters.show(topic, partition, offset);
        if (letter.isEmpty()) {
            return Optional.empty();
        }
        ReplayResult result = deadLetters.replay(letter.get());
        String landed = result.replayed().get(0).landed().toString();
        ledger.record(position(letter.get().position()), by, landed);
        return Optional.of(landed);
    }

    @Override
    public boolean mayReplay(Optional<String> principal) {
        return principal.map(operators::contains).orElse(true);
    }

    @Override
    public void close() {
        try {
            deadLetters.close();
        } finally {
            ledger.close();
        }
    }

    private static String position(RecordPosition position) {
        return position.topic() + "/" + position.partition() + "/" + position.offset();
    }

    static DeadLetterView view(DeadLetter letter) {
        Redactor redactor = Redactor.defaults();
        Map<String, String> headers = new LinkedHashMap<>();
        for (DeadLetter.Header header : letter.headers()) {
            headers.put(header.key(), redactor.isSensitive(header.key()) ? Redactor.MASK : header.text());
        }
        Map<String, Object> event = letter.event().map(decoded -> redactor.redact(EventJson.toMap(decoded))).orElse(null);
        RecordPosition at = letter.position();
        return new DeadLetterView(at.topic(), at.partition(), at.offset(), letter.domain().wireName(),
                letter.eventId().orElse(null), letter.eventType().orElse(null), letter.key().orElse(null), letter.reason(),
                letter.errorClass(), letter.errorMessage(), letter.attempts(), letter.time(), letter.group(),
                letter.source().map(RecordPosition::toString).orElse(null), event, headers);
    }
}
