/**
 * The test kit (module {@code test-kit}, test scope only): one shared Kafka + schema registry per
 * test JVM ({@link io.agentevents.local.testing.SharedPlatform}, injected into JUnit 5 tests by
 * {@link io.agentevents.local.testing.SharedPlatformExtension}), embedded by default, containers on
 * request; {@link io.agentevents.local.testing.TopicRecords} to put records on a topic and await
 * them; the canonical event fixtures come with it ({@code io.agentevents.schemas.testing}).
 */
package io.agentevents.local.testing;
