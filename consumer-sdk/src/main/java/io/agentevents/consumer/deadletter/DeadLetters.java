package io.agentevents.consumer.deadletter;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.serde.SerdeConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Lists, counts, shows and replays the dead letters that {@link EventSubscriber}s wrote to the
 * dead-letter topics {@code <prefix>.<domain>.dlq}.
 *
 * <pre>{@code
 * try (DeadLetters deadLetters = DeadLetters.open(DeadLetterConfig.defaults(bootstrap, registry))) {
 *     deadLetters.list(Domain.TOOL, 100).forEach(System.out::println);
 *     ReplayResult result = deadLetters.replay(Domain.TOOL,
 *             letter -> letter.reason().equals(DeadLetterHeaders.REASON_HANDLER_FAILED));
 * }
 * }</pre>
 *
 * <p><b>Reading</b> ({@link #list}, {@link #stats}, {@link #show}) uses a short-lived consumer with
 * assigned partitions and no group: it commits nothing, joins no group and never disturbs the
 * subscribers. It reads each partition from its beginning up to its end as of the start of the call
 * (letters written meanwhile are left for the next call), and fails with a
 * {@link DeadLetterException} when that takes longer than {@link DeadLetterConfig#readTimeout()}.
 * Values are decoded with the schema registry when they can be; an undecodable value is kept as
 * bytes. A registry that cannot be reached fails the read rather than showing decodable letters as
 * undecodable.
 *
 * <p><b>Replaying</b> re-publishes a dead letter's <em>original</em> record to its <em>original</em>
 * source topic and partition: the same key, the same value bytes (so the event id, and with it
 * {@code ce_id}, stays the same) and the original headers, without the {@code eventbus.dlq.*}
 * headers and with {@link DeadLetterHeaders#REPLAYED}{@code =true}, which subscribers pass to
 * handlers as {@code Delivery.replayed()}. The copy gets a new offset and a new timestamp. It goes
 * to the partition the original was read from, so it rejoins the ordered stream of its correlation
 * id whatever partitioner first wrote it. Several letters are sent in dead-letter order (topic,
 * partition, offset) with an idempotent {@code acks=all} producer, so the records a
 * {@code HOLD} strategy parked behind a failed one (same key, same dead-letter partition) are
 * re-published in their original order. A replay returns only once Kafka acknowledged every copy.
 *
 * <p>Replaying does <b>not</b> remove the dead letter: Kafka topics are append-only, so the letter
 * stays in the dead-letter topic (until retention removes it) and later calls still list it.
 * Replaying the same letter twice re-publishes it twice, as two records with the same event id:
 * every consumer group of the source topic (not only the one that gave up) sees the event again,
 * and handlers deduplicate by event id as at-least-once delivery already requires of them. To
 * replay each letter once, keep the {@link ReplayResult} (it names every dead-letter position it
 * re-published) or filter on {@link DeadLetter#time()}.
 *
 * <p>Thread-safe: each read has its own consumer; replays share one producer, created on the first
 * replay, and run one at a time. {@link #close()} closes the producer and the registry client.
 */
public final class DeadLetters implements AutoCloseable {
    private static final Comparator<DeadLetter> DEAD_LETTER_ORDER = Comparator
            .comparing((DeadLetter letter) -> letter.position().topic())
            .thenComparingInt(letter -> letter.position().partition())
            .thenComparingLong(letter -> letter.position().offset());
    private static final Comparator<DeadLetter> OLDEST_FIRST = Comparator.comparing(DeadLetter::time)
            .thenComparing(DEAD_LETTER_ORDER);

    private final DeadLetterConfig config;
    private final SchemaRegistryClient registry;
    private final DeadLetterReader reader;
    private final DeadLetterReplayer replayer;
    private boolean closed;

    private DeadLetters(DeadLetterConfig config) {
        this.config = config;
        this.registry = new HttpSchemaRegistryClient(config.connection().registry());
        String clientId = "eventbus-dead-letters-" + UUID.randomUUID().toString().substring(0, 8);
        DeadLetterDecoder decoder = new DeadLetterDecoder(new DomainEventDeserializer(registry, SerdeConfig.defaults()));
        this.reader = new DeadLetterReader(config, decoder, clientId);
        this.replayer = new DeadLetterReplayer(config, clientId + "-replay");
    }

    /** Dead letters of the topics this configuration names. Connects lazily: nothing is contacted until a call. */
    public static DeadLetters open(DeadLetterConfig config) {
        return new DeadLetters(Objects.requireNonNull(config, "config"));
    }

    public DeadLetterConfig config() {
        return config;
    }

    /**
     * The oldest {@code max} dead letters of a domain (by {@link DeadLetter#time()}, then position).
     * An absent dead-letter topic has none.
     *
     * @throws IllegalArgumentException if {@code max} is below 1
     * @throws DeadLetterException      if Kafka or the registry fails or the read times out
     */
    public List<DeadLetter> list(Domain domain, int max) {
        Objects.requireNonNull(domain, "domain");
        return oldest(topics(List.of(domain)), max);
    }

    /** The oldest {@code max} dead letters of all domains, as {@link #list(Domain, int)}. */
    public List<DeadLetter> list(int max) {
        return oldest(topics(List.of(Domain.values())), max);
    }

    /** Counts of every dead letter of every domain. Reads every letter; keeps only counts. */
    public DeadLetterStats stats() {
        return count(topics(List.of(Domain.values())));
    }

    /** Counts of every dead letter of one domain. */
    public DeadLetterStats stats(Domain domain) {
        Objects.requireNonNull(domain, "domain");
        return count(topics(List.of(domain)));
    }

    /**
     * The dead letter at a position; empty when the partition or offset does not exist (or no longer,
     * after retention).
     *
     * @param deadLetterTopic a dead-letter topic under this prefix, {@code <prefix>.<domain>.dlq}
     * @throws IllegalArgumentException if the topic is not one, naming it
     * @throws DeadLetterException      if Kafka or the registry fails or the read times out
     */
    public Optional<DeadLetter> show(String deadLetterTopic, int partition, long offset) {
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Domain domain = config.domainOfDeadLetterTopic(deadLetterTopic).orElseThrow(() -> new IllegalArgumentException(
                "'" + deadLetterTopic + "' is not a dead-letter topic under the prefix '" + config.topicPrefix()
                        + "'; expected " + config.topicPrefix() + ".<domain>" + Domain.DEAD_LETTER_SUFFIX));
        if (partition < 0 || offset < 0) {
            throw new IllegalArgumentException("partition and offset must be 0 or more, were " + partition + " and " + offset);
        }
        ensureOpen();
        return reader.read(deadLetterTopic, domain, partition, offset);
    }

    /**
     * Re-publishes one dead letter to its source topic and partition (see the class comment).
     *
     * @throws IllegalArgumentException if the letter does not name its source ({@link DeadLetter#replayable()})
     * @throws ReplayException          if Kafka does not acknowledge it within the replay timeout
     */
    public ReplayResult replay(DeadLetter letter) {
        return replay(List.of(Objects.requireNonNull(letter, "letter")));
    }

    /**
     * Re-publishes dead letters, in dead-letter order (topic, partition, offset) whatever the order
     * given; a letter given twice is re-published twice.
     *
     * @throws IllegalArgumentException if a letter does not name its source; nothing is sent then
     * @throws ReplayException          if Kafka refuses a record or does not acknowledge it in time;
     *                                  its {@link ReplayException#partial()} says what was re-published
     */
    public ReplayResult replay(Collection<DeadLetter> letters) {
        Objects.requireNonNull(letters, "letters");
        List<DeadLetter> ordered = new ArrayList<>(letters);
        for (DeadLetter letter : ordered) {
            if (!Objects.requireNonNull(letter, "letter").replayable()) {
                throw new IllegalArgumentException("the dead letter at " + letter.position()
                        + " cannot be replayed: it has no valid " + DeadLetterHeaders.SOURCE_TOPIC + "/"
                        + DeadLetterHeaders.SOURCE_PARTITION + "/" + DeadLetterHeaders.SOURCE_OFFSET + " headers");
            }
        }
        ordered.sort(DEAD_LETTER_ORDER);
        synchronized (replayer) {
            ensureOpen();
            return replayer.replay(ordered);
        }
    }

    /**
     * Re-publishes every dead letter of a domain that {@code which} accepts (read from the beginning
     * of the dead-letter topic to its end at the start of the call), in dead-letter order. Letters
     * that do not name their source are skipped.
     *
     * @throws DeadLetterException if reading fails; nothing is sent then
     * @throws ReplayException     if Kafka refuses a record or does not acknowledge it in time
     */
    public ReplayResult replay(Domain domain, Predicate<DeadLetter> which) {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(which, "which");
        List<DeadLetter> chosen = new ArrayList<>();
        ensureOpen();
        reader.scan(topics(List.of(domain)), Integer.MAX_VALUE, letter -> letter.replayable() && which.test(letter),
                chosen::add);
        return replay(chosen);
    }

    /** Closes the replay producer and the registry client. Idempotent. */
    @Override
    public void close() {
        synchronized (replayer) {
            if (closed) {
                return;
            }
            closed = true;
            replayer.close();
            registry.close();
        }
    }

    private List<DeadLetter> oldest(Map<String, Domain> topics, int max) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        ensureOpen();
        List<DeadLetter> letters = new ArrayList<>();
        reader.scan(topics, max, letter -> true, letters::add);
        letters.sort(OLDEST_FIRST);
        return List.copyOf(letters.subList(0, Math.min(max, letters.size())));
    }

    private DeadLetterStats count(Map<String, Domain> topics) {
        ensureOpen();
        DeadLetterStats.Counter counter = new DeadLetterStats.Counter();
        reader.scan(topics, Integer.MAX_VALUE, letter -> true, counter::add);
        return counter.stats();
    }

    private Map<String, Domain> topics(List<Domain> domains) {
        Map<String, Domain> topics = new LinkedHashMap<>();
        domains.forEach(domain -> topics.put(config.deadLetterTopic(domain), domain));
        return topics;
    }

    private void ensureOpen() {
        synchronized (replayer) {
            if (closed) {
                throw new IllegalStateException("DeadLetters is closed");
            }
        }
    }
}
