package io.agentevents.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryConfig;
import io.agentevents.schemas.topics.SubjectProvisioner;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.agentevents.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code eventbus schemas list | register | check} against the shared platform, each test under its own prefix. */
@ExtendWith(SharedPlatformExtension.class)
class EventbusSchemasIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void registerPutsTheContractUnderEveryDomainSubjectOnceAndListShowsIt(TestPlatform platform) {
        String prefix = platform.uniqueName("schemas-register");
        List<String> subjects = SubjectProvisioner.subjects(prefix);

        CliRun before = run("schemas", "list", "--prefix", prefix, "--registry", platform.schemaRegistryUrl());
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.lines()).extracting(line -> line.get("subject").asText()).containsExactlyElementsOf(subjects);
        assertThat(before.lines()).allSatisfy(line -> {
            assertThat(line.get("versions")).isEmpty();
            assertThat(line.get("contract_version").isNull()).isTrue();
            assertThat(line.get("compatibility").asText()).isNotBlank();
        });

        CliRun first = run("schemas", "register", "--prefix", prefix, "--registry", platform.schemaRegistryUrl());
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.lines()).extracting(line -> line.get("subject").asText()).containsExactlyElementsOf(subjects);
        int id = first.lines().get(0).get("id").asInt();
        assertThat(first.lines()).allSatisfy(line -> {
            assertThat(line.get("id").asInt()).as("one id for the contract under every subject").isEqualTo(id);
            assertThat(line.get("version").asInt()).isEqualTo(1);
        });

        CliRun again = run("schemas", "register", "--prefix", prefix, "--registry", platform.schemaRegistryUrl());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).as("idempotent").isEqualTo(first.out());

        CliRun after = run("schemas", "list", "--prefix", prefix, "--registry", platform.schemaRegistryUrl());
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(after.lines()).allSatisfy(line -> {
            assertThat(line.get("versions").toString()).isEqualTo("[{\"version\":1,\"id\":" + id + "}]");
            assertThat(line.get("contract_version").asInt()).isEqualTo(1);
        });
    }

    @Test
    void checkPassesACompatibleCandidateAndNamesEachIncompatibility(TestPlatform platform, @TempDir Path dir)
            throws Exception {
        String prefix = platform.uniqueName("schemas-check");
        try (SchemaRegistryClient registry = new HttpSchemaRegistryClient(SchemaRegistryConfig.of(platform.schemaRegistryUrl()))) {
            for (String subject : SubjectProvisioner.subjects(prefix)) {
                registry.setSubjectCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
            }
            SubjectProvisioner.register(registry, prefix);
        }
        Path compatible = candidate(dir.resolve("compatible.avsc"),
                "{\"name\": \"priority\", \"type\": [\"null\", \"long\"], \"default\": null}");
        Path incompatible = candidate(dir.resolve("incompatible.avsc"), "{\"name\": \"priority\", \"type\": \"long\"}");

        CliRun passed = run("schemas", "check", compatible.toString(), "--prefix", prefix,
                "--registry", platform.schemaRegistryUrl());
        assertThat(passed.exitCode()).as(passed.err()).isZero();
        assertThat(passed.err()).isEmpty();
        assertThat(passed.lines()).hasSize(SubjectProvisioner.subjects(prefix).size()).allSatisfy(line -> {
            assertThat(line.get("compatible").asBoolean()).isTrue();
            assertThat(line.get("compatibility").asText()).isEqualTo("FULL_TRANSITIVE");
            assertThat(line.get("versions_checked").asInt()).isEqualTo(1);
            assertThat(line.get("problems")).isEmpty();
        });

        CliRun refused = run("schemas", "check", incompatible.toString(), "--prefix", prefix,
                "--registry", platform.schemaRegistryUrl());
        assertThat(refused.exitCode()).as(refused.out()).isEqualTo(1);
        assertThat(refused.lines()).allSatisfy(line -> {
            assertThat(line.get("compatible").asBoolean()).isFalse();
            assertThat(line.get("problems").toString()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "priority");
        });
        assertThat(refused.err().lines().toList()).singleElement().asString()
                .startsWith("eventbus: " + incompatible + " is incompatible with 11 of the 11 domain subjects: "
                        + prefix + ".plan-value, ")
                .contains(prefix + ".context-value: the new schema cannot read data written with version 1 (FULL_TRANSITIVE): "
                        + "READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void theProjectionsServiceRegistersTheContractBesideTheTopics(TestPlatform platform) {
        String prefix = platform.uniqueName("schemas-projections");
        ProjectionsConfig config = ProjectionsConfig.defaults(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopics(TopicLayout.local(1).withPrefix(prefix));
        StringWriter out = new StringWriter();

        ProjectionsCommand.registerContract(config, new PrintWriter(out, true));

        CliRun list = run("schemas", "list", "--prefix", prefix, "--registry", platform.schemaRegistryUrl());
        assertThat(list.lines()).hasSize(11).allSatisfy(line -> assertThat(line.get("contract_version").asInt()).isEqualTo(1));
        int id = list.lines().get(0).get("versions").get(0).get("id").asInt();
        assertThat(out.toString()).isEqualTo("schemas: the contract is registered under the 11 domain subjects ("
                + prefix + ".<domain>-value), id " + id + System.lineSeparator());
    }

    /** The contract with one more field. */
    private static Path candidate(Path file, String field) throws Exception {
        ObjectNode schema = (ObjectNode) JSON.readTree(AvroEventCodec.CONTRACT_SCHEMA.toString());
        ((ArrayNode) schema.get("fields")).add(JSON.readTree(field));
        Files.writeString(file, schema.toPrettyString());
        return file;
    }
}
