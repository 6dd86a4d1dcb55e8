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
class ConsumerFeaturesIT {
}
