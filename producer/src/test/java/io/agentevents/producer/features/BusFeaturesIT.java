package io.agentevents.producer.features;

import org.junit.platform.suite.api.ConfigurationParameter;
import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/** Runs the bus features against the in-process bus and a real embedded broker (so in Failsafe). */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("producer-features")
@ConfigurationParameter(key = "cucumber.glue", value = "io.agentevents.producer.features")
@ConfigurationParameter(key = "cucumber.plugin", value = "summary")
@ConfigurationParameter(key = "cucumber.publish.quiet", value = "true")
class BusFeaturesIT {
}
