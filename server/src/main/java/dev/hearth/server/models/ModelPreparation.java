package dev.hearth.server.models;

import dev.hearth.api.Model;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.resource.Times;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns uploaded files into something a runner can load: {@code :validateUpload} inspects them, and a GGUF is READY
 * at once while a Hugging Face checkpoint or PEFT adapter is converted in the background. Work in progress is a
 * PREPARING artifact row, so a restarted server picks it up again; a failure marks the model FAILED with the reason.
 */
public final class ModelPreparation implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelPreparation.class);
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?:[^/\\s:]+/)+([^/\\s:]+)");

    /** Produces one artifact into {@code out}; throws with a client-readable message when it cannot. */
    public interface Job {
        void run(ModelRow model, Path uploadedFiles, Path out) throws Exception;
    }

    /** Re-quantizes a GGUF into another precision; runs native code, so implementations use a child process. */
    public interface Quantize {
        void run(Path source, Path out, String precision) throws Exception;
    }

    /** The precisions {@code :prepare} can add, as GGUF type names; FP16 is accepted as F16. */
    public static final List<String> PRECISIONS = List.of("F32", "F16", "Q8_0", "Q4_0", "Q4_K");

    private final Models models;
    private final BlobStore blobs;
    private final Map<String, Job> jobsBySource;
    private final Quantize quantize;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<String> running = ConcurrentHashMap.newKeySet();

    /** @param jobsBySource how each source format (HF, PEFT, SYNTHETIC, ...) becomes a GGUF */
    public ModelPreparation(Models models, BlobStore blobs, Map<String, Job> jobsBySource, Quantize quantize) {
        this.models = models;
        this.blobs = blobs;
        this.jobsBySource = Map.copyOf(jobsBySource);
        this.quantize = quantize;
    }

    /** {@code :prepare}: adds a precision to a READY base model, quantized in the background from what it has. */
    public ModelRow prepare(Principal caller, String modelId, String requested) {
        Models.requireWriter(caller, "prepare models");
        if (requested == null || requested.isBlank()) {
            throw ApiError.invalid("precision", "is required; one of " + PRECISIONS);
        }
        String precision = requested.strip().toUpperCase(java.util.Locale.ROOT).equals("FP16") ? "F16"
                : requested.strip().toUpperCase(java.util.Locale.ROOT);
        if (!PRECISIONS.contains(precision)) {
            throw ApiError.invalid("precision", "\"" + requested + "\" is not available on this server; one of " + PRECISIONS
                    + " (FP8 and FP4 formats need GPU kernels Hearth's CPU engine does not have)");
        }
        boolean start = models.db().jdbi().inTransaction(h -> {
            ModelRow row = Models.own(h, caller, modelId);
            if (!row.state().equals(ModelRow.READY) || row.isAdapter() || row.sourceFormat().equals("ONNX")) {
                throw ApiError.failedPrecondition("model " + row.name() + " cannot be prepared: only READY base models "
                        + "served from GGUF take another precision (it is " + row.state() + ", " + row.sourceFormat() + ")");
            }
            var existing = ModelStore.artifacts(h, row.accountId(), modelId).stream()
                    .filter(a -> a.precision().equals(precision)).findFirst();
            if (existing.isPresent() && !existing.get().state().equals("FAILED")) {
                return false;
            }
            long now = Times.nowMicros();
            ModelStore.putArtifact(h, new ModelStore.ArtifactRow(row.accountId(), modelId, precision, "PREPARING", "",
                    ModelFiles.artifact(row.accountId(), modelId, precision), 0), now);
            // The model stays READY in what it has; its status says what is being added until the job ends.
            ModelStore.update(h, row.withState(ModelRow.READY, "OK", preparingMessage(precision), now), row.version());
            return true;
        });
        if (start) {
            start(caller.accountId(), modelId, precision);
        }
        return models.db().jdbi().withHandle(h -> Models.own(h, caller, modelId));
    }

    /** {@code :validateUpload}: checks the files, fills in what they say about the model, and starts any conversion. */
    public List<String> validateUpload(Principal caller, String modelId) {
        Models.requireWriter(caller, "validate model uploads");
        ModelRow row = models.db().jdbi().withHandle(h -> Models.own(h, caller, modelId));
        if (row.state().equals(ModelRow.READY)) {
            return List.of();
        }
        var files = models.db().jdbi().withHandle(h -> ModelStore.files(h, row.accountId(), modelId));
        if (files.isEmpty()) {
            throw ApiError.failedPrecondition("model " + row.name() + " has no files; call getUploadEndpoint and upload them first");
        }
        List<String> missing = files.stream().filter(f -> !f.uploaded()).map(ModelStore.FileRow::filename).toList();
        if (!missing.isEmpty()) {
            throw ApiError.failedPrecondition("model " + row.name() + ": files not uploaded yet: " + missing);
        }
        Map<String, Path> paths = new LinkedHashMap<>();
        for (var file : files) {
            paths.put(file.filename(), uploadedPath(row, file.filename()));
        }
        ModelInspector.Inspection inspection;
        try {
            inspection = ModelInspector.inspect(row, paths);
        } catch (ApiError e) {
            fail(row.accountId(), modelId, e.getMessage());
            throw e;
        }
        boolean direct = inspection.sourceFormat().startsWith("GGUF");
        String blobKey = direct ? ModelFiles.uploaded(row.accountId(), modelId, paths.keySet().stream()
                .filter(n -> n.endsWith(".gguf")).findFirst().orElseThrow())
                : ModelFiles.artifact(row.accountId(), modelId, inspection.precision());
        long now = Times.nowMicros();
        models.db().jdbi().useTransaction(h -> {
            ModelRow current = Models.own(h, caller, modelId);
            ModelRow updated = withInspection(current, inspection, direct ? ModelRow.READY : ModelRow.UPLOADING,
                    direct ? "" : "converting " + inspection.sourceFormat() + " files to GGUF", now);
            if (!ModelStore.update(h, updated, current.version())) {
                throw ApiError.aborted("model " + current.name() + " was changed concurrently; retry");
            }
            ModelStore.putArtifact(h, new ModelStore.ArtifactRow(row.accountId(), modelId, inspection.precision(),
                    direct ? "READY" : "PREPARING", "", blobKey, 0), now);
        });
        if (!direct) {
            start(row.accountId(), modelId, inspection.precision());
        }
        return inspection.warnings();
    }

    /** Restarts conversions that a previous server process left unfinished. */
    public void resumeUnfinished() {
        for (var artifact : models.db().jdbi().withHandle(h -> ModelStore.artifactsInState(h, "PREPARING"))) {
            start(artifact.accountId(), artifact.modelId(), artifact.precision());
        }
    }

    /** Starts producing an artifact already recorded as PREPARING (at most one job per artifact). */
    public void start(String accountId, String modelId, String precision) {
        String key = accountId + "/" + modelId + "/" + precision;
        if (!running.add(key)) {
            return;
        }
        workers.submit(() -> {
            try {
                prepare(accountId, modelId, precision);
            } finally {
                running.remove(key);
            }
        });
    }

    private void prepare(String accountId, String modelId, String precision) {
        ModelRow row = models.db().jdbi().withHandle(h -> ModelStore.find(h, accountId, modelId)).orElse(null);
        if (row == null) {
            return;
        }
        // A model that already has a GGUF is re-quantized from its best one; otherwise its source is converted.
        var source = models.db().jdbi().withHandle(h -> ModelStore.artifacts(h, accountId, modelId)).stream()
                .filter(a -> a.state().equals("READY") && !a.precision().equals(precision))
                .min(java.util.Comparator.comparingInt(a -> fidelity(a.precision()))).orElse(null);
        Job job = source != null ? (model, files, out) -> quantize.run(blobs.localPath(source.blobKey()), out, precision)
                : jobsBySource.get(row.sourceFormat());
        String key = ModelFiles.artifact(accountId, modelId, precision);
        try (BlobStore.Staged staged = blobs.stage(key)) {
            if (job == null) {
                throw new IllegalStateException("no preparation for " + row.sourceFormat() + " models");
            }
            job.run(row, blobs.localPath(ModelFiles.prefix(accountId, modelId) + "/files"), staged.file());
            staged.commit();
            long size = blobs.size(key).orElse(0L);
            long now = Times.nowMicros();
            models.db().jdbi().useTransaction(h -> {
                ModelStore.putArtifact(h, new ModelStore.ArtifactRow(accountId, modelId, precision, "READY", "", key, size), now);
                ModelStore.find(h, accountId, modelId)
                        .filter(m -> !m.state().equals(ModelRow.READY) || m.statusMessage().equals(preparingMessage(precision)))
                        .ifPresent(m -> ModelStore.update(h, m.withState(ModelRow.READY, "OK", "", now), m.version()));
            });
            LOG.info("prepared {} as {}", row.name(), precision);
        } catch (Exception e) {
            String reason = withoutLocalPaths(e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.warn("preparing {} as {} failed: {}", row.name(), precision, reason);
            long now = Times.nowMicros();
            models.db().jdbi().useTransaction(h -> {
                ModelStore.putArtifact(h, new ModelStore.ArtifactRow(accountId, modelId, precision, "FAILED", reason, key, 0), now);
                // A READY model keeps serving what it has; its status tells the :prepare caller why nothing was added.
                ModelStore.find(h, accountId, modelId).filter(m -> m.state().equals(ModelRow.READY))
                        .ifPresent(m -> ModelStore.update(h, m.withState(ModelRow.READY, "INTERNAL",
                                preparingMessage(precision) + " failed: " + reason, now), m.version()));
            });
            if (!row.state().equals(ModelRow.READY)) {
                fail(accountId, modelId, reason);
            }
        }
    }

    /** Server paths (the blob store's layout) stay out of what clients read: a path becomes its file name. */
    static String withoutLocalPaths(String message) {
        return LOCAL_PATH.matcher(message).replaceAll("$1");
    }

    static String preparingMessage(String precision) {
        return "preparing " + precision;
    }

    /** Lower is closer to the original weights. */
    private static int fidelity(String precision) {
        int i = List.of("F32", "BF16", "F16", "Q8_0", "Q4_K", "Q4_0").indexOf(precision);
        return i < 0 ? 100 : i;
    }

    private void fail(String accountId, String modelId, String reason) {
        long now = Times.nowMicros();
        models.db().jdbi().useTransaction(h -> ModelStore.find(h, accountId, modelId)
                .ifPresent(m -> ModelStore.update(h, m.withState(ModelRow.FAILED, "INVALID_ARGUMENT", reason, now), m.version())));
    }

    private Path uploadedPath(ModelRow row, String filename) {
        try {
            return blobs.localPath(ModelFiles.uploaded(row.accountId(), row.modelId(), filename));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The model's fields as the files describe them; what the client set explicitly wins. */
    private static ModelRow withInspection(ModelRow row, ModelInspector.Inspection in, String state, String message, long now) {
        Model s = row.spec();
        Model.ConversationConfig conversation = s.conversationConfig();
        boolean adapter = in.sourceFormat().equals("GGUF_ADAPTER") || in.sourceFormat().equals("PEFT");
        Model spec = new Model(null, null, null, null, null, null, null, null, null, s.githubUrl(), s.huggingFaceUrl(),
                s.importedFrom(), s.contextLength() != null ? s.contextLength() : in.contextLength(), in.baseModelDetails(),
                in.peftDetails() != null ? in.peftDetails() : s.peftDetails(), conversation, s.supportsImageInput(),
                s.supportsTools() != null ? s.supportsTools() : in.supportsTools(), !adapter && !in.kind().equals("EMBEDDING_MODEL"),
                null, s.tunable(), s.defaultSamplingParams(), null, null, s.deprecationDate());
        String kind = row.kind().equals("KIND_UNSPECIFIED") ? in.kind() : row.kind();
        return new ModelRow(row.accountId(), row.modelId(), row.displayName(), row.description(), kind, state,
                "OK", message, row.isPublic(), !adapter, adapter ? row.baseModel() : null, in.sourceFormat(), spec,
                row.createTime(), Math.max(now, row.updateTime()), row.version() + 1);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
