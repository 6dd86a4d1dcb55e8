/**
 * The test kit (module {@code test-kit}, test scope only): one shared Kafka + schema registry per
 * test JVM ({@link io.agentevents.local.testing.SharedPlatform}, injected into JUnit 5 tests by
 * {@link io.agentevents.local.testing.SharedPlatformExtension}), embedded by default, containers on
 * request; {@link io.agentevents.local.testing.TopicRecords} to put records on a topic and read or
 * await them; {@link io.agentevents.local.testing.EventTopics} for a topic layout of a test's own,
 * written to the way the platform writes; {@link io.agentevents.local.testing.SecuredPlatform}, a
 * test class's own secured platform with its ACLs; {@link io.agentevents.local.testing.SettingDocs}
 * to check that the docs list every setting; {@link io.agentevents.local.testing.GroupGenerations}
 * for the generation of a consumer group. The canonical event fixtures come with it
 * ({@code io.agentevents.schemas.testing}).
 */
package io.agentevents.local.testing;
