package io.sparkify.config;

import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives every option named like a {@link ConfigKey#flag()} its value from the configuration,
 * so defaults live in one place (conf file and environment) and the flag still wins. Options
 * without a matching key keep their annotated default.
 */
public final class ConfigDefaultProvider implements IDefaultValueProvider {

    private final SparkifyConfig config;

    public ConfigDefaultProvider(SparkifyConfig config) {
        this.config = config;
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String command = option.command() == null ? null : option.command().name();
        return ConfigKey.forFlag(option.longestName(), command)
                .map(config::get)
                .filter(v -> !v.isEmpty())
                .orElse(null);
    }
}
