package io.agentevents.schemas;

import java.util.Objects;

/**
 * A {@link DomainEvent} was refused when built because one field breaks the contract. The message
 * and {@link #field()} name the field (for details, the path inside them, e.g.
 * {@code details.steps[3].name}).
 */
public final class InvalidEventException extends EventContractException {
    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidEventException(String field, String problem) {
        super(Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(problem, "problem"));
        this.field = field;
    }

    /** The offending field, e.g. {@code event_type}, {@code plan_id} or {@code details.a.b[2]}. */
    public String field() {
        return field;
    }
}
