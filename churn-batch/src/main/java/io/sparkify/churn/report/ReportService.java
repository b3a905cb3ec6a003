package io.sparkify.churn.report;

import io.sparkify.churn.io.EventSource;
import io.sparkify.churn.io.LoadedEvents;
import io.sparkify.churn.registry.ModelRegistry;
import io.sparkify.churn.report.data.ReportAggregator;
import io.sparkify.churn.report.data.ReportData;
import io.sparkify.churn.report.html.ChartBlock;
import io.sparkify.churn.report.html.HtmlReportWriter;
import io.sparkify.churn.report.html.ModelSection;
import io.sparkify.churn.report.html.ReportPage;
import io.sparkify.churn.report.html.ReportPages;
import io.sparkify.churn.report.model.ModelMetricsReader;
import io.sparkify.churn.report.model.ModelReport;
import io.sparkify.error.InvalidInputException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads the input, aggregates it with Spark, reads the model registry and writes the HTML report. */
public final class ReportService {

    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);

    private final SparkSession spark;

    public ReportService(SparkSession spark) {
        this.spark = spark;
    }

    /** Reads the registry first (a wrong --models fails before any Spark work), then aggregates and writes. */
    public ReportSummary run(ReportOptions options) throws IOException {
        Optional<ModelReport> models = models(options);
        return write(aggregate(options.input()), models, options.out());
    }

    /** Loads the input and computes every exploration view with Spark. */
    public ReportData aggregate(String input) {
        LoadedEvents loaded = EventSource.load(spark, input);
        try {
            LOG.info("report input: {}", loaded.quality().describe());
            return ReportAggregator.aggregate(loaded);
        } finally {
            loaded.release();
        }
    }

    /** Renders the page and writes it to {@code out} (any Hadoop URI). */
    public ReportSummary write(ReportData data, Optional<ModelReport> models, String out) throws IOException {
        ReportPage page = ReportPages.build(data, models.map(ModelSection::build).orElse(null));
        byte[] html = new HtmlReportWriter().render(page).getBytes(StandardCharsets.UTF_8);
        Path path = new Path(out);
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (OutputStream os = fs.create(path, true)) {
            os.write(html);
        }
        int charts = (int) page.sections().stream().flatMap(s -> s.blocks().stream())
                .filter(b -> b instanceof ChartBlock).count();
        return new ReportSummary(out, html.length, charts, data.overview().users(), data.overview().churnedUsers(),
                models.map(ModelReport::version).orElse(null));
    }

    /** The model section's data; empty without a registry, or when a configured default registry has no model. */
    public Optional<ModelReport> models(ReportOptions options) {
        if (options.models() == null) {
            return Optional.empty();
        }
        Optional<ModelReport> report = ModelMetricsReader.read(
                new ModelRegistry(options.models(), spark.sparkContext().hadoopConfiguration()));
        if (report.isEmpty()) {
            if (options.modelsRequired()) {
                throw new InvalidInputException("no trained model in the registry " + options.models()
                        + ": run ./sparkify train first, or leave out --models");
            }
            LOG.info("no model in {}: the report has no model section", options.models());
        }
        return report;
    }

}
