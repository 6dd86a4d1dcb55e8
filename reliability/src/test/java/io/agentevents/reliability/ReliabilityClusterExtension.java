package io.agentevents.reliability;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives every test of the JVM the same {@link ReliabilityCluster}, started on first use and closed
 * (nodes stopped, data deleted) when the JVM's tests are done. Inject it as a test parameter.
 * After each class that used it, the topics of that class's scenarios are deleted
 * ({@link ReliabilityCluster#deleteTopicsOfFinishedScenario()}).
 */
final class ReliabilityClusterExtension implements ParameterResolver, AfterAllCallback {
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ReliabilityClusterExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ReliabilityCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return store(context).getOrComputeIfAbsent("cluster", key -> ReliabilityCluster.start(), ReliabilityCluster.class);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ReliabilityCluster cluster = store(context).get("cluster", ReliabilityCluster.class);
        if (cluster != null) {
            cluster.deleteTopicsOfFinishedScenario();
        }
    }

    /** The JVM-wide store holding the cluster (the root context's). */
    private static ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE);
    }
}
