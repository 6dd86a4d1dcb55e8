/**
 * Test support for every module: one shared Kafka + schema registry per test JVM
 * ({@link io.agentevents.local.testing.SharedPlatformExtension}), embedded by default, containers on
 * request. Needs JUnit 5 (and Testcontainers for the container platform) on the test classpath.
 */
package io.agentevents.local.testing;
