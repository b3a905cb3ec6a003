package io.sparkify.churn.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.model.Grid;
import io.sparkify.churn.model.ModelKind;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.testsupport.LocalSpark;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where churn risk lies in a behaviour the one-line rule cannot see, the model must find it and win: the
 * one-standard-error rule does not hold a better family back, and the pooled test interval of the champion lies
 * above the activity_rate rule's (issue 13). The counterpart of the two samples, on which no family beats the rule.
 */
@Tag("integration")
@ExtendWith(LocalSpark.class)
class PlantedRiskTest {

    @Test
    void aModelBeatsTheActivityRuleWithANonOverlappingIntervalWhereTheRiskIsInAnotherFeature(SparkSession spark,
                                                                                            @TempDir Path tmp) throws Exception {
        Path log = PlantedRiskLog.write(tmp.resolve("planted.json.gz"), 400, 13L);
        ModelRegistry registry = new ModelRegistry(tmp.resolve("models").toString(), spark.sparkContext().hadoopConfiguration());
        TrainSettings settings = TrainSettings.defaults().toBuilder().grid(Grid.QUICK)
                .models(List.of(ModelKind.LR, ModelKind.RATE)).build();

        TrainResult result = new TrainService(Clock.systemUTC()).train(EventSource.load(spark, log.toString()), settings, registry);

        JsonNode metrics = registry.metrics(result.version());
        JsonNode fwd = metrics.path("evaluations").path("forward");
        JsonNode selection = fwd.path("family_selection");
        assertEquals("lr", selection.path("chosen").asText(), selection.toString());
        assertFalse(selection.path("compared").path("rate").path("within_one_se").asBoolean(), selection.toString());
        JsonNode champion = metrics.path("champion_candidate").path("pooled");
        JsonNode rule = fwd.path("baselines").path("activity_rate").path("pooled");
        assertEquals(rule.path("rows").asLong(), champion.path("rows").asLong(), "the same pooled rows");
        assertTrue(champion.path("positives").asLong() >= 20, "enough churners to tell: " + champion);
        assertTrue(champion.path("auc_roc_ci").path(0).asDouble() > rule.path("auc_roc_ci").path(1).asDouble(),
                "champion " + champion.path("auc_roc") + " " + champion.path("auc_roc_ci") + " against activity_rate "
                        + rule.path("auc_roc") + " " + rule.path("auc_roc_ci"));
    }
}
