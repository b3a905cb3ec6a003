package io.sparkify.churn.score;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import io.sparkify.churn.model.FlagShare;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The probability cuts of the risk bands for one scoring run: {@code high} from {@code high} up, {@code medium}
 * from {@code medium} up, {@code low} below.
 *
 * <p>The champion's {@code flag_share} (chosen on validation data, see {@link FlagShare}) is applied as a rank over
 * the users being scored, exactly as the evaluation applied it to its test rows: the top share is {@code high}, the
 * next users up to twice that share (the watch list just below the line) {@code medium}. Versions trained before
 * the share existed keep their absolute rule: the churn threshold, and the training base rate for medium.
 *
 * <p>Serializable: the scoring map function carries it to the executors.
 *
 * @param high lowest probability of the high band
 * @param medium lowest probability of the medium band
 * @param flagShare the champion's share (null for a version without one)
 */
record RiskBands(double high, double medium, Double flagShare) implements Serializable {

    static RiskBands of(JsonNode championCandidate, Dataset<Row> scored, String probabilityColumn) {
        JsonNode share = championCandidate.path("flag_share");
        if (!share.isNumber()) {
            double high = championCandidate.path("threshold").asDouble(0.5);
            return new RiskBands(high, Math.min(high, championCandidate.path("train_base_rate").asDouble(high)), null);
        }
        FlagShare flag = new FlagShare(share.asDouble());
        long n = scored.count();
        if (n == 0) {
            return new RiskBands(1.0, 1.0, flag.share());
        }
        long highCount = flag.count(n);
        long mediumCount = Math.min(n, 2 * highCount);
        // Only the top of the ranking is needed: Spark keeps the k largest per partition, not a full sort.
        List<Row> top = scored.select(col(probabilityColumn)).orderBy(col(probabilityColumn).desc())
                .limit((int) mediumCount).collectAsList();
        return new RiskBands(top.get((int) highCount - 1).getDouble(0), top.get((int) mediumCount - 1).getDouble(0),
                flag.share());
    }

    String band(double probability) {
        return probability >= high ? "high" : probability >= medium ? "medium" : "low";
    }
}
