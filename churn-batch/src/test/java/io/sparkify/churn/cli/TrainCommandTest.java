package io.sparkify.churn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sparkify.churn.model.ModelKind;
import io.sparkify.cli.CommandRunner;
import io.sparkify.config.SparkifyConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code train} fits when its command line names no families: the conf's {@code train.model.types}. */
class TrainCommandTest {

    @TempDir
    Path home;

    private List<String> modelTypes(Map<String, String> env, String... args) throws IOException {
        TrainCommand train = new TrainCommand();
        CommandRunner.commandLine(train, SparkifyConfig.load(env)).parseArgs(args);
        return train.modelTypes;
    }

    @Test
    void theShippedDefaultIsModelKindsDefaults() throws IOException {
        assertEquals(ModelKind.defaults().stream().map(ModelKind::id).toList(),
                modelTypes(Map.of(SparkifyConfig.HOME_ENV, home.toString())));
        assertEquals(List.of("lr", "rf", "rate"), ModelKind.defaults().stream().map(ModelKind::id).toList());
    }

    @Test
    void aScheduledRunTakesTheFamiliesFromTheEnvironmentAndTheFlagWins() throws IOException {
        Map<String, String> env = Map.of(SparkifyConfig.HOME_ENV, home.toString(), "SPARKIFY_TRAIN_MODEL_TYPES", "rate,lr");

        assertEquals(List.of("rate", "lr"), modelTypes(env));
        assertEquals(List.of("gbt"), modelTypes(env, "--model-types", "gbt"));
    }
}
