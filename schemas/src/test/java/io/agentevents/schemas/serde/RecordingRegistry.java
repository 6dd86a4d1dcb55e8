package io.agentevents.schemas.serde;

import io.agentevents.schemas.registry.SchemaRegistryClient;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry client ({@link #client}) that counts the calls the serde makes to {@code register},
 * {@code lookup}, {@code schemaById} and {@code close}, then passes every call on to a delegate.
 */
final class RecordingRegistry {
    private final Map<String, AtomicInteger> counted = new ConcurrentHashMap<>();
    final AtomicInteger registers = counter("register");
    final AtomicInteger lookups = counter("lookup");
    final AtomicInteger schemaByIds = counter("schemaById");
    final AtomicInteger closes = counter("close");
    /** The client to give the serde. */
    final SchemaRegistryClient client;

    RecordingRegistry(SchemaRegistryClient delegate) {
        client = (SchemaRegistryClient) Proxy.newProxyInstance(SchemaRegistryClient.class.getClassLoader(),
                new Class<?>[] {SchemaRegistryClient.class}, (proxy, method, args) -> {
                    AtomicInteger calls = counted.get(method.getName());
                    if (calls != null) {
                        calls.incrementAndGet();
                    }
                    try {
                        return method.invoke(delegate, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private AtomicInteger counter(String method) {
        return counted.computeIfAbsent(method, name -> new AtomicInteger());
    }
}
