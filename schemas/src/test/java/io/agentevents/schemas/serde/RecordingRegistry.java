package io.agentevents.schemas.serde;

import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.CompatibilityResult;
import io.agentevents.schemas.registry.RegisteredSchema;
import io.agentevents.schemas.registry.SchemaRegistryClient;

import org.apache.avro.Schema;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A registry client that counts the calls the serde makes, then passes them on. */
final class RecordingRegistry implements SchemaRegistryClient {

    private final SchemaRegistryClient delegate;
    final AtomicInteger registers = new AtomicInteger();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger schemaByIds = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    RecordingRegistry(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        registers.incrementAndGet();
        return delegate.register(subject, schema);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        lookups.incrementAndGet();
        return delegate.lookup(subject, schema);
    }

    @Override
    public Schema schemaById(int id) {
        schemaByIds.incrementAndGet();
        return delegate.schemaById(id);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return delegate.version(subject, version);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return delegate.latest(subject);
    }

    @Override
    public CompatibilityResult testCompatibility(String subject, Schema schema) {
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public CompatibilityLevel globalCompatibility() {
        return delegate.globalCompatibility();
    }

    @Override
    public void setGlobalCompatibility(CompatibilityLevel level) {
        delegate.setGlobalCompatibility(level);
    }

    @Override
    public CompatibilityLevel subjectCompatibility(String subject) {
        return delegate.subjectCompatibility(subject);
    }

    @Override
    public void setSubjectCompatibility(String subject, CompatibilityLevel level) {
        delegate.setSubjectCompatibility(subject, level);
    }

    @Override
    public void close() {
        closes.incrementAndGet();
        delegate.close();
    }
}
