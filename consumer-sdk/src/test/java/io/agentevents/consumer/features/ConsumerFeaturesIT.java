package io.agentevents.consumer.features;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/** Runs the subscribing features against a real embedded broker (so in Failsafe). */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("consumer-features")
@ConfigurationParameter(key = "cucumber.glue", value = "io.agentevents.consumer.features")
@ConfigurationParameter(key = "cucumber.plugin", value = "summary")
@ConfigurationParameter(key = "cucumber.publish.quiet", value = "true")
// the scenarios share nothing but the platform (each has its own topics and group): three at a time, as they
// mostly wait on the broker (the JUnit Platform runs this engine before the JUnit classes, not beside them)
@ConfigurationParameter(key = "cucumber.execution.parallel.enabled", value = "true")
@ConfigurationParameter(key = "cucumber.execution.parallel.config.strategy", value = "fixed")
@ConfigurationParameter(key = "cucumber.execution.parallel.config.fixed.parallelism", value = "3")
@ConfigurationParameter(key = "cucumber.execution.parallel.config.fixed.max-pool-size", value = "3")
class ConsumerFeaturesIT {
}
