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
        Set<String> files = new HashSet<>();
        forEachScanFile(engine, snapshot(engine, uri, version).getScanBuilder().build(), (scanFile, path) -> files.add(path));
        return files;
    }

    /** Version {@code version} of the table at {@code uri}; -1 for the latest. */
    public static Contents read(Configuration conf, String uri, long version) {
        Engine engine = DefaultEngine.create(conf);
        Snapshot snapshot = snapshot(engine, uri, version);
        StructType readSchema = new StructType()
                .add(LakeLayout.KAFKA_PARTITION, IntegerType.INTEGER)
                .add(LakeLayout.KAFKA_OFFSET, LongType.LONG);
        Scan scan = snapshot.getScanBuilder().withReadSchema(readSchema).build();
        Row scanState = scan.getScanState(engine);
        StructType physical = ScanStateRow.getPhysicalDataReadSchema(scanState);
        List<String> coordinates = new ArrayList<>();
        Set<String> files = new HashSet<>();
        forEachScanFile(engine, scan, (scanFile, path) -> {
            files.add(path);
            CloseableIterator<ColumnarBatch> data = engine.getParquetHandler()
                    .readParquetFiles(Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(scanFile)),
                            physical, Optional.empty())
                    .map(FileReadResult::getData);
            try (CloseableIterator<FilteredColumnarBatch> logical =
                    Scan.transformPhysicalData(engine, scanState, scanFile, data)) {
                while (logical.hasNext()) {
                    collect(logical.next(), coordinates);
                }
            }
        });
        return new Contents(snapshot.getVersion(), coordinates, files);
    }

    private static Snapshot snapshot(Engine engine, String uri, long version) {
        Table table = Table.forPath(engine, uri);
        return version < 0 ? table.getLatestSnapshot(engine) : table.getSnapshotAsOfVersion(engine, version);
    }

    /** What to do with one data file of a scan: its scan row and its absolute path. */
    private interface ScanFileVisitor {
        void visit(Row scanFile, String path) throws IOException;
    }

    private static void forEachScanFile(Engine engine, Scan scan, ScanFileVisitor visitor) {
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> rows = scanFiles.next().getRows()) {
                    while (rows.hasNext()) {
                        Row scanFile = rows.next();
                        FileStatus status = InternalScanFileUtils.getAddFileStatus(scanFile);
                        visitor.visit(scanFile, new org.apache.hadoop.fs.Path(status.getPath()).toUri().getPath());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
