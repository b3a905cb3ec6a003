import io.sparkify.churn.features.ChurnFeatures;
import java.util.stream.Collectors;

/** Prints ChurnFeatures.groups() as one JSON object (group -> feature names), for features.sh. */
public class FeatureGroups {
    public static void main(String[] args) {
        System.out.println(ChurnFeatures.groups().entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\": [" + e.getValue().stream().map(n -> "\"" + n + "\"")
                        .collect(Collectors.joining(", ")) + "]")
                .collect(Collectors.joining(", ", "{", "}")));
    }
}
