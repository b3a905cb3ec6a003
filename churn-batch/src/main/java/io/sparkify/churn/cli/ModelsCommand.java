package io.sparkify.churn.cli;

import io.sparkify.churn.registry.JsonFiles;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.registry.VersionSummary;
import io.sparkify.cli.ExitCodes;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sparkify models}: the registry's versions and champion. Needs no Spark session. */
@Command(name = "models",
        description = {"List the model versions in the registry with their status (champion, retired, rejected, "
                + "incomplete), forward AUC-PR and AUC-ROC, and the champion.", "Exit code 0, or 2 when the registry cannot be read."},
        mixinStandardHelpOptions = true)
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--models", paramLabel = "URI",
            description = "Model registry, any Hadoop URI. Default: ${DEFAULT-VALUE} (conf models.uri).")
    String models;

    @Option(names = "--json", description = "Print {\"models\": URI, \"champion\": version, \"versions\": [...]} as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        ModelRegistry registry = new ModelRegistry(models, new Configuration());
        List<VersionSummary> versions = VersionSummary.list(registry);
        String champion = registry.champion().orElse(null);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("models", registry.root());
            m.put("champion", champion);
            m.put("versions", versions.stream().map(VersionSummary::toMap).toList());
            out.println(JsonFiles.compact(m));
        } else {
            out.printf("%-20s %-20s %-10s %-5s %8s %8s %6s  %-24s %s%n", "version", "created", "status", "model", "AUC-PR",
                    "AUC-ROC", "base", "pooled AUC-ROC [95%]", "AUC-PR vs champion [95%]");
            for (VersionSummary v : versions) {
                out.printf("%-20s %-20s %-10s %-5s %8s %8s %6s  %-24s %s%n", v.version(), v.createdAt() == null ? "-" : v.createdAt(),
                        v.status(), v.model() == null ? "-" : v.model(), fmt(v.forwardAucPr()), fmt(v.forwardAucRoc()),
                        fmt(v.forwardBaseRate()), withCi(v.pooledAucRoc(), v.pooledAucRocCi()),
                        withCi(v.aucPrDifference(), v.aucPrDifferenceCi()));
            }
            out.println(versions.isEmpty() ? "no versions in " + registry.root() : "champion: " + (champion == null ? "none" : champion));
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String withCi(Double d, double[] ci) {
        return d == null ? "-" : ci == null ? String.format(java.util.Locale.ROOT, "%+.3f", d)
                : String.format(java.util.Locale.ROOT, "%.3f [%.3f, %.3f]", d, ci[0], ci[1]);
    }

    private static String fmt(Double d) {
        return d == null ? "-" : String.format("%.3f", d);
    }
}
