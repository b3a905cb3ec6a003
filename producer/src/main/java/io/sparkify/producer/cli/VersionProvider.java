package io.sparkify.producer.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar manifest (the Maven project version). */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = ProducerMain.class.getPackage().getImplementationVersion();
        return new String[] {"sparkify " + (v == null ? "(development build)" : v)};
    }
}
