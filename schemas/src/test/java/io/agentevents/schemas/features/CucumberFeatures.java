package io.agentevents.schemas.features;

import org.junit.platform.suite.api.IncludeEngines;
import org.junit.platform.suite.api.SelectClasspathResource;
import org.junit.platform.suite.api.Suite;

/** Runs the plain-language features in {@code src/test/resources/features}. */
@Suite
@IncludeEngines("cucumber")
@SelectClasspathResource("features")
class CucumberFeatures {
}
