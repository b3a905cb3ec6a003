package io.sparkify.ingest;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import io.sparkify.lake.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;

/**
 * The lake as a reader that follows only the Delta log sees it, without Spark: Delta Kernel (the
 * library Trino, DuckDB-style and other non-Spark connectors build on) with its default engine.
 */
public final class KernelLake {

    /**
     * What one version of a table holds.
     *
     * @param version the table version read
     * @param coordinates "partition/offset" of every row, duplicates kept
     * @param files the data files of the version (absolute paths, as the log resolves them)
     */
    public record Contents(long version, List<String> coordinates, Set<String> files) {
    }

    private KernelLake() {
    }

    /** The latest version of the table at {@code uri}. */
    public static Contents read(Configuration conf, String uri) {
        return read(conf, uri, -1);
    }

    /**
     * The data files of version {@code version} (-1: the latest) from the log alone, without reading them: what
     * a poll or a walk over many versions needs (reading each file's rows costs seconds per version).
     */
    public static Set<String> files(Configuration conf, String uri, long version) {
        Engine engine = DefaultEngine.create(conf);
        Table table = Table.forPath(engine, uri);
        Snapshot snapshot = version < 0 ? table.getLatestSnapshot(engine) : table.getSnapshotAsOfVersion(engine, version);
        Set<String> files = new HashSet<>();
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = snapshot.getScanBuilder().build().getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> rows = scanFiles.next().getRows()) {
                    while (rows.hasNext()) {
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(rows.next());
                        files.add(new org.apache.hadoop.fs.Path(status.getPath()).toUri().getPath());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** Version {@code version} of the table at {@code uri}; -1 for the latest. */
    public static Contents read(Configuration conf, String uri, long version) {
        Engine engine = DefaultEngine.create(conf);
        Table table = Table.forPath(engine, uri);
        Snapshot snapshot = version < 0 ? table.getLatestSnapshot(engine) : table.getSnapshotAsOfVersion(engine, version);
        StructType readSchema = new StructType()
                .add(LakeLayout.KAFKA_PARTITION, IntegerType.INTEGER)
                .add(LakeLayout.KAFKA_OFFSET, LongType.LONG);
        Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
        Row scanState = scan.getScanState(engine);
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
        List<String> coordinates = new ArrayList<>();
        Set<String> files = new HashSet<>();
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> rows = scanFiles.next().getRows()) {
                    while (rows.hasNext()) {
                        Row scanFile = rows.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
                        files.add(new org.apache.hadoop.fs.Path(status.getPath()).toUri().getPath());
                        CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                                .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty())
                                .map(FileReadResult::getData);
                        try (CloseableIterator<FilteredColumnarBatch> logical =
                                Scan.transformPhysicalData(engine, scanState, scanFile, data)) {
                            while (logical.hasNext()) {
                                collect(logical.next(), coordinates);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Contents(snapshot.getVersion(), coordinates, files);
    }

    private static void collect(FilteredColumnarBatch batch, List<String> out) {
        ColumnarBatch b = batch.getData();
        ColumnVector partition = b.getColumnVector(b.getSchema().indexOf(LakeLayout.KAFKA_PARTITION));
        ColumnVector offset = b.getColumnVector(b.getSchema().indexOf(LakeLayout.KAFKA_OFFSET));
        Optional<ColumnVector> selected = batch.getSelectionVector();
        for (int i = 0; i < b.getSize(); i++) {
            if (selected.isPresent() && (selected.get().isNullAt(i) || !selected.get().getBoolean(i))) {
                continue;
            }
            out.add(partition.getInt(i) + "/" + offset.getLong(i));
        }
    }
}
