package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The SCRAM users of a secured embedded cluster, kept apart from starting it: formatting the storage
 * bootstraps them the first time ({@link NodeSettings#scramArguments}); on a cluster formatted
 * before, {@link #upsert} sets every configured user's credential through the Admin API so users
 * added or changed since take effect. Stateless.
 */
final class ScramUsers {
    /** Iterations of a SCRAM credential set at start, as {@code kafka-storage format --add-scram} uses. */
    static final int ITERATIONS = 4096;

    private ScramUsers() {
    }

    /**
     * Sets every user of {@code security} on the cluster at {@code bootstrap}, logging in with
     * {@code admin} (the admin user must keep its password: brokers log in with it).
     *
     * @throws LocalPlatformException naming the users and the cluster when they cannot be set
     */
    static void upsert(EmbeddedKafkaSecurity security, Properties admin, String bootstrap) {
        List<UserScramCredentialAlteration> upserts = new ArrayList<>();
        security.users().forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, ITERATIONS), password)));
        if (upserts.isEmpty()) {
            return;
        }
        try (Admin client = Admin.create(admin)) {
            client.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new LocalPlatformException("cannot set the SCRAM users " + security.users().keySet() + " on "
                    + bootstrap + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException("interrupted while setting the SCRAM users", e);
        }
    }
}
