package io.agentevents.cli;

import io.agentevents.schemas.connection.ClusterReachability;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.RegisteredSchema;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryException;
import io.agentevents.schemas.registry.SubjectCheck;
import io.agentevents.schemas.topics.SubjectProvisioner;

import org.apache.avro.Schema;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code eventbus schemas}: the event contract in the schema registry, under every domain subject
 * ({@code <prefix>.<domain>-value}): list what is registered, register the contract, and check a
 * candidate schema against every subject's compatibility level (the gate a team runs in CI before
 * changing {@code DomainEvent.avsc}). Talks to the registry only; {@code --bootstrap} is not used.
 * A registry that does not answer fails the command within {@link ClusterReachability#WITHIN}, naming it.
 */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = {"Work with the event contract in the schema registry, under every domain subject "
                + "(PREFIX.<domain>-value): list, register, check.",
                "Talks to the registry only (--bootstrap is not used)."},
        subcommands = {SchemasCommand.ListSubjects.class, SchemasCommand.Register.class, SchemasCommand.Check.class})
final class SchemasCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a schemas command is required: list, register or check");
    }

    /**
     * A {@code schemas} command: where the registry is ({@link ClusterOptions}); runs against a registry
     * client for the domain subjects, in catalog order. Each request waits at most half of
     * {@link ClusterReachability#WITHIN} to connect and half for the answer.
     */
    abstract static class Subcommand extends ClientCommand<SchemaRegistryClient> {
        @Mixin
        ClusterOptions cluster;

        private List<String> subjects;

        /** Checks {@code --prefix}; a command checking more calls this first. */
        @Override
        void check(CommandLine commandLine) {
            try {
                subjects = SubjectProvisioner.subjects(cluster.prefix);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(commandLine, "--prefix: " + e.getMessage());
            }
        }

        @Override
        final SchemaRegistryClient open(CommandLine commandLine) {
            Duration half = ClusterReachability.WITHIN.dividedBy(2);
            return new HttpSchemaRegistryClient(cluster.connection(commandLine).registry()
                    .withConnectTimeout(half).withRequestTimeout(half));
        }

        @Override
        final int run(CommandLine commandLine, SchemaRegistryClient registry) {
            try {
                return run(commandLine, registry, subjects);
            } catch (SchemaRegistryException e) {
                if (e.kind() == SchemaRegistryException.Kind.UNREACHABLE) {
                    // e's message names the address it tried (without any credentials of the URL)
                    throw new IllegalStateException("cannot reach the schema registry within "
                            + ClusterReachability.WITHIN.toSeconds() + " s: " + e.getMessage(), e);
                }
                throw e;
            }
        }

        /** The command's work against the registry, for the domain subjects in catalog order; the exit code. */
        abstract int run(CommandLine commandLine, SchemaRegistryClient registry, List<String> subjects);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print one JSON line per domain subject: subject, compatibility, its versions with their "
                    + "ids (oldest first; [] when nothing is registered), and contract_version: the version holding "
                    + "this build's contract, or null.")
    static final class ListSubjects extends Subcommand {
        @Override
        int run(CommandLine commandLine, SchemaRegistryClient registry, List<String> subjects) {
            String contract = AvroEventCodec.CONTRACT_SCHEMA.toString();
            for (String subject : subjects) {
                List<RegisteredSchema> versions = registry.liveVersions(subject);
                Integer contractVersion = versions.stream().filter(version -> version.schema().toString().equals(contract))
                        .map(RegisteredSchema::version).reduce((first, later) -> later).orElse(null);
                CommandArguments.printJson(commandLine.getOut(), new Listed(subject, registry.subjectCompatibility(subject).name(),
                        versions.stream().map(version -> new Version(version.version(), version.id())).toList(), contractVersion));
            }
            return 0;
        }

        /** One line of {@code schemas list}. */
        record Listed(String subject, String compatibility, List<Version> versions,
                      @JsonProperty("contract_version") Integer contractVersion) {
        }

        /** A version of a subject, as {@code schemas list} prints it. */
        record Version(int version, int id) {
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Register this build's contract (DomainEvent.avsc, without Java-only properties) under "
                    + "every domain subject and print one JSON line per subject: subject, id, version.",
                    "Idempotent: a subject holding the contract keeps its version. eventbus local, eventbus projections "
                            + "and the Java producer do this on start. A subject whose compatibility level refuses the "
                            + "contract fails the command, naming it."})
    static final class Register extends Subcommand {
        @Override
        int run(CommandLine commandLine, SchemaRegistryClient registry, List<String> subjects) {
            for (RegisteredSchema registered : SubjectProvisioner.register(registry, cluster.prefix)) {
                CommandArguments.printJson(commandLine.getOut(), new Registered(registered.subject(), registered.id(),
                        registered.version()));
            }
            return 0;
        }

        /** One line of {@code schemas register}. */
        record Registered(String subject, int id, int version) {
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check a candidate schema FILE (.avsc) against every domain subject under the subject's "
                    + "compatibility level (against every version for the _TRANSITIVE levels), registering nothing.",
                    "Prints one JSON line per subject: subject, compatibility, versions_checked, compatible, problems. "
                            + "Exit 0 when every subject accepts it; 1 naming each incompatibility (the gate to run in CI "
                            + "before changing the contract)."})
    static final class Check extends Subcommand {
        @Parameters(index = "0", paramLabel = "FILE", description = "The candidate Avro schema, e.g. a changed DomainEvent.avsc.")
        Path file;

        private String text;

        @Override
        void check(CommandLine commandLine) {
            super.check(commandLine);
            if (!Files.isRegularFile(file)) {
                throw new CommandLine.ParameterException(commandLine, "FILE: no such file: " + file);
            }
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }

        @Override
        int run(CommandLine commandLine, SchemaRegistryClient registry, List<String> subjects) {
            Schema candidate = parse();
            List<SubjectCheck> checks = new ArrayList<>();
            for (String subject : subjects) {
                SubjectCheck check = SubjectCheck.of(registry, subject, candidate);
                CommandArguments.printJson(commandLine.getOut(), new Checked(subject, check.level().name(),
                        check.versionsChecked(), check.result().compatible(), check.result().messages()));
                checks.add(check);
            }
            SubjectCheck.incompatibilities(checks).ifPresent(problem -> {
                throw new IllegalStateException(file + " " + problem);
            });
            return 0;
        }

        /** One line of {@code schemas check}. */
        record Checked(String subject, String compatibility, @JsonProperty("versions_checked") int versionsChecked,
                       boolean compatible, List<String> problems) {
        }

        private Schema parse() {
            try {
                return new Schema.Parser().setValidateDefaults(true).parse(text);
            } catch (RuntimeException e) {
                // Avro reports a bad schema with several unchecked types; each means "not a valid schema"
                throw new IllegalStateException(file + " is not a valid Avro schema: " + e.getMessage(), e);
            }
        }
    }
}
