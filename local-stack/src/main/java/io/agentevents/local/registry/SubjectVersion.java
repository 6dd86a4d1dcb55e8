package io.agentevents.local.registry;

import java.util.Objects;

/** A subject and one of its versions; also the JSON of {@code GET /schemas/ids/{id}/versions}. */
record SubjectVersion(String subject, int version) {

    SubjectVersion {
        Objects.requireNonNull(subject, "subject");
    }
}
