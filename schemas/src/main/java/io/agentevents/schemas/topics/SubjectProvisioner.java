package io.agentevents.schemas.topics;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.RegisteredSchema;
import io.agentevents.schemas.registry.SchemaRegistryClient;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Registers the event contract ({@link AvroEventCodec#CONTRACT_SCHEMA}) under every domain subject
 * ({@code <prefix>.<domain>-value}), so that a client in any language finds it on a fresh platform
 * (Confluent's {@code use.latest.version}, a look-up, or registering the plain {@code .avsc}, which
 * answers the same id). What {@code eventbus local}, {@code eventbus projections}, the producer's
 * provisioning and {@code eventbus schemas register} do.
 *
 * <p>Idempotent: a subject that holds the contract already keeps its version and answers its id. A
 * subject whose latest version is another schema gets the contract as a new version, when its
 * compatibility level allows (a version registered by an older Java build, with the Java-only
 * {@code avro.java.string} properties, is the same contract to every level). Stateless.
 */
public final class SubjectProvisioner {

    private SubjectProvisioner() {
    }

    /** The value subject of every domain under the prefix, in catalog order. */
    public static List<String> subjects(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        List<String> subjects = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            subjects.add(domain.valueSubject(prefix));
        }
        return List.copyOf(subjects);
    }

    /**
     * Registers the contract under every domain subject of the prefix, in catalog order.
     *
     * @return each subject's version holding the contract, with its id (the same id for all)
     * @throws io.agentevents.schemas.registry.SchemaRegistryException from the first subject that
     *         fails (unreachable, or incompatible: {@link io.agentevents.schemas.registry.SchemaRegistryException#incompatible()})
     */
    public static List<RegisteredSchema> register(SchemaRegistryClient registry, String prefix) {
        Objects.requireNonNull(registry, "registry");
        List<RegisteredSchema> registered = new ArrayList<>();
        for (String subject : subjects(prefix)) {
            registry.register(subject, AvroEventCodec.CONTRACT_SCHEMA);
            registered.add(registry.lookup(subject, AvroEventCodec.CONTRACT_SCHEMA));
        }
        return List.copyOf(registered);
    }
}
