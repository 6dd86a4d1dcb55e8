package io.agentevents.cli;

import picocli.CommandLine;

/** The version printed by {@code eventbus --version}: the jar's implementation version. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = EventbusCommand.class.getPackage().getImplementationVersion();
        return new String[] {"eventbus " + (version == null ? "(development build)" : version)};
    }
}
