package io.sparkify.churn.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkify.testsupport.LocalSpark;
import io.sparkify.testsupport.hdfs.MiniHdfs;
import io.sparkify.testsupport.hdfs.TestHdfs;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The registry on HDFS, named the way a cluster's users often write it: {@code hdfs:///path}, the namenode implied. */
@Tag("integration")
@ExtendWith({LocalSpark.class, MiniHdfs.class})
class ModelRegistryOnHdfsTest {

    @Test
    void aRegistryUriWithoutTheNamenodeTakesTheDefaultFileSystemsAndAModelRoundTrips(SparkSession spark, TestHdfs hdfs) {
        // The registry's configuration names the namenode (as HADOOP_CONF_DIR does on a cluster); Spark ML's writer
        // resolves the model's paths on its own, which failed ("Incomplete HDFS URI, no host") after a whole training.
        ModelRegistry registry = new ModelRegistry("hdfs:///registry-" + System.nanoTime(), hdfs.configuration());

        Dataset<Row> rows = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create(1.0, 2.0)),
                new org.apache.spark.sql.types.StructType().add("a", "double").add("b", "double"));
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
                new VectorAssembler().setInputCols(new String[] {"a", "b"}).setOutputCol("v")}).fit(rows);
        registry.saveModel("v1", model);
        registry.writeFile("v1", ModelRegistry.METRICS_FILE, "{}");

        assertEquals(1, registry.loadModel("v1").stages().length);
        assertTrue(registry.root().startsWith(hdfs.uri() + "/registry-"), registry.root());
        assertTrue(registry.versionUri("v1").startsWith(hdfs.uri()), registry.versionUri("v1"));
    }
}
