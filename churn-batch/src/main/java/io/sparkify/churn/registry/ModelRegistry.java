package io.sparkify.churn.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkify.error.InvalidInputException;
import io.sparkify.error.OperationFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;

/**
 * The model registry on any Hadoop URI ({@code file://}, {@code hdfs://}, a bare path):
 * <pre>
 * models/
 *   CHAMPION                      the champion's version, replaced atomically (write + rename)
 *   20261125-043000-123/          one version per training run, names sort by time
 *     model/                      the MLlib PipelineModel
 *     feature-importances.json    the model's per-feature importances
 *     metrics.json                every metric; written last, so a version is complete when it exists
 * </pre>
 */
public final class ModelRegistry {

    public static final String CHAMPION_FILE = "CHAMPION";
    public static final String MODEL_DIR = "model";
    public static final String METRICS_FILE = "metrics.json";
    public static final String IMPORTANCES_FILE = "feature-importances.json";
    public static final String LOCK_FILE = "_TRAINING.lock";
    /** The default of conf key registry.lease.timeout. */
    public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofMinutes(2);

    private static final DateTimeFormatter VERSION_FORMAT =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    private final String root;
    private final Path rootPath;
    private final Configuration conf;
    private final FileSystem fs;
    private final Duration leaseTimeout;

    public ModelRegistry(String root, Configuration conf) {
        this(root, conf, DEFAULT_LEASE_TIMEOUT);
    }

    private ModelRegistry(String root, Configuration conf, Duration leaseTimeout) {
        if (root == null || root.isBlank()) {
            throw new InvalidInputException("--models is empty");
        }
        String trimmed = root.endsWith("/") && root.length() > 1 ? root.substring(0, root.length() - 1) : root;
        this.conf = conf;
        this.leaseTimeout = leaseTimeout;
        Path given = new Path(trimmed);
        try {
            this.fs = given.getFileSystem(conf);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot open model registry " + root + ": " + e.getMessage(), e);
        }
        // hdfs:///models names the default filesystem's namenode by omission; Spark ML's writers resolve a
        // version's paths without that default and fail ("Incomplete HDFS URI, no host") after the whole training.
        // Filled in once here, every path of the registry carries it.
        boolean schemeWithoutAuthority = given.toUri().getScheme() != null && given.toUri().getAuthority() == null
                && !"file".equals(given.toUri().getScheme());
        this.rootPath = schemeWithoutAuthority ? fs.makeQualified(given) : given;
        this.root = schemeWithoutAuthority ? rootPath.toString() : trimmed;
    }

    public String root() {
        return root;
    }

    public String versionUri(String version) {
        return root + "/" + version;
    }

    public String modelUri(String version) {
        return versionUri(version) + "/" + MODEL_DIR;
    }

    /** Complete versions (with metrics.json), oldest first. */
    public List<String> versions() {
        List<String> out = new ArrayList<>();
        for (String v : versionDirs()) {
            if (exists(new Path(rootPath, v + "/" + METRICS_FILE))) {
                out.add(v);
            }
        }
        return out;
    }

    /** Version directories without metrics.json: runs that died while saving. */
    public List<String> incompleteVersions() {
        List<String> out = new ArrayList<>(versionDirs());
        out.removeAll(versions());
        return out;
    }

    private List<String> versionDirs() {
        try {
            if (!fs.exists(rootPath)) {
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (FileStatus s : fs.listStatus(rootPath)) {
                String name = s.getPath().getName();
                if (s.isDirectory() && !name.startsWith("_") && !name.startsWith(".")) {
                    out.add(name);
                }
            }
            out.sort(null);
            return out;
        } catch (IOException e) {
            throw new InvalidInputException("cannot list model registry " + root + ": " + e.getMessage(), e);
        }
    }

    public Optional<String> champion() {
        Path p = new Path(rootPath, CHAMPION_FILE);
        if (!exists(p)) {
            return Optional.empty();
        }
        String v = read(p).trim();
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** A new, unused version id from the time: {@code yyyyMMdd-HHmmss-SSS} (UTC), sortable. */
    public String newVersion(Instant now) {
        Instant t = now;
        while (exists(new Path(rootPath, VERSION_FORMAT.format(t)))) {
            t = t.plusMillis(1);
        }
        return VERSION_FORMAT.format(t);
    }

    public void saveModel(String version, PipelineModel model) {
        try {
            model.write().save(modelUri(version));
        } catch (IOException e) {
            throw new OperationFailedException("cannot save model to " + modelUri(version) + ": " + e.getMessage(), e);
        }
    }

    public PipelineModel loadModel(String version) {
        return PipelineModel.load(modelUri(version));
    }

    public void writeFile(String version, String name, String content) {
        write(new Path(rootPath, version + "/" + name), content);
    }

    public JsonNode metrics(String version) {
        return JsonFiles.parse(read(new Path(rootPath, version + "/" + METRICS_FILE)));
    }

    /** Points CHAMPION at the version: written beside it, then renamed over it (atomic on HDFS and local disks). */
    public void setChampion(String version) {
        Path tmp = new Path(rootPath, "." + CHAMPION_FILE + "." + UUID.randomUUID());
        write(tmp, version + "\n");
        try {
            FileContext.getFileContext(rootPath.toUri(), conf)
                    .rename(tmp, new Path(rootPath, CHAMPION_FILE), Options.Rename.OVERWRITE);
        } catch (IOException e) {
            throw new OperationFailedException("cannot update " + root + "/" + CHAMPION_FILE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes the registry's training lease ({@link TrainingLease}), so two scheduled runs cannot register at once; a
     * {@link io.sparkify.error.LockedException} when a live run holds it. A run that died holding it loses it after
     * {@link #leaseTimeout()}, and the next run takes it over.
     */
    public AutoCloseable lock() {
        return TrainingLease.acquire(fs, new Path(rootPath, LOCK_FILE), leaseTimeout);
    }

    /** How long a training lease outlives its holder's last renewal. */
    public Duration leaseTimeout() {
        return leaseTimeout;
    }

    /** The same registry with another lease timeout (conf key registry.lease.timeout). */
    public ModelRegistry withLeaseTimeout(Duration timeout) {
        return new ModelRegistry(root, conf, timeout);
    }

    private boolean exists(Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new OperationFailedException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private String read(Path p) {
        try (InputStream in = fs.open(p)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OperationFailedException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private void write(Path p, String content) {
        try (OutputStream out = fs.create(p, true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OperationFailedException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }
}
