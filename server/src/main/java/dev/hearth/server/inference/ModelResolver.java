package dev.hearth.server.inference;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.models.Catalog;
import dev.hearth.server.models.ModelNames;
import dev.hearth.server.models.ModelRow;
import dev.hearth.server.models.ModelStore;
import dev.hearth.server.models.Models;
import dev.hearth.server.runners.RunnerSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Turns a request's {@code model} string into the model and the runner that serves it. */
public final class ModelResolver {
    /** Sequences one serverless runner decodes together. */
    static final int SERVERLESS_PARALLEL = 4;
    /** The most context one sequence of a serverless runner gets. */
    static final int SERVERLESS_MAX_CONTEXT = 8192;

    private final Models models;
    private final BlobStore blobs;

    public ModelResolver(Models models, BlobStore blobs) {
        this.models = models;
        this.blobs = blobs;
    }

    /** A servable model: its row, whether it is an embedding model, and the runner for it. */
    public record Target(ModelRow model, boolean embedding, RunnerSpec runner) {
        public String name() {
            return model.name();
        }
    }

    public Target resolve(Principal caller, String model) {
        if (model.contains("#") || model.contains("/deployments/") || model.contains("/deployedModels/")) {
            throw new InferenceError(404, "invalid_request_error", "model", "NOT_FOUND",
                    "Deployment not found: " + model + " (this server has no dedicated deployments yet; use a model name)");
        }
        ModelNames.Ref ref;
        try {
            ref = ModelNames.parse("model", model, caller.accountId());
        } catch (ApiError e) {
            throw InferenceError.modelNotFound(model);
        }
        Models.WithArtifacts found;
        try {
            found = models.getWithReadyArtifacts(caller, ref.accountId(), ref.modelId());
        } catch (ApiError e) {
            throw InferenceError.modelNotFound(model);
        }
        ModelRow row = found.row();
        if (row.isAdapter()) {
            throw new InferenceError(400, "invalid_request_error", "model", null, "model " + row.name()
                    + " is a LoRA add-on; LoRA add-ons are served on a dedicated deployment of their base model");
        }
        if (!row.state().equals(ModelRow.READY)) {
            String why = row.state().equals(ModelRow.FAILED) ? "failed: " + row.statusMessage()
                    : "is not ready yet (" + row.state() + (row.statusMessage().isEmpty() ? "" : ": " + row.statusMessage()) + ")";
            throw new InferenceError(row.state().equals(ModelRow.FAILED) ? 400 : 503,
                    row.state().equals(ModelRow.FAILED) ? "invalid_request_error" : "service_unavailable", "model",
                    row.state().equals(ModelRow.FAILED) ? "MODEL_FAILED" : "MODEL_NOT_READY", "model " + row.name() + " " + why);
        }
        boolean embedding = row.kind().equals("EMBEDDING_MODEL");
        if (row.sourceFormat().equals("ONNX")) {
            String runnerModel = Catalog.EMBEDDING_MODELS.stream().filter(e -> e.modelId().equals(row.modelId())).findFirst()
                    .orElseThrow(() -> InferenceError.modelNotFound(model)).runnerModel();
            return new Target(row, true, new RunnerSpec("onnx:" + row.name(), row.name(), row.name(),
                    List.of("embedding-runner", "--model", runnerModel, "--model-id", row.name())));
        }
        return new Target(row, embedding, ggufRunner(row, found.ready(), embedding));
    }

    private RunnerSpec ggufRunner(ModelRow row, List<ModelStore.ArtifactRow> artifacts, boolean embedding) {
        if (artifacts.isEmpty()) {
            throw InferenceError.unavailable("MODEL_NOT_READY", "model " + row.name() + " has no prepared weights yet");
        }
        String preferred = row.spec().baseModelDetails() == null ? null : row.spec().baseModelDetails().defaultPrecision();
        var artifact = artifacts.stream().filter(a -> a.precision().equals(preferred)).findFirst().orElse(artifacts.getFirst());
        int perSequence = Math.min(row.spec().contextLength() == null ? 4096 : row.spec().contextLength(), SERVERLESS_MAX_CONTEXT);
        try {
            List<String> flags = embedding
                    ? List.of("--embeddings", "--ctx", Integer.toString(perSequence * SERVERLESS_PARALLEL), "--parallel",
                            Integer.toString(SERVERLESS_PARALLEL))
                    : List.of("--ctx", Integer.toString(perSequence * SERVERLESS_PARALLEL), "--parallel",
                            Integer.toString(SERVERLESS_PARALLEL));
            return RunnerSpec.engine(row.name() + "@" + artifact.precision() + "#" + row.createTime(), row.name(), row.name(),
                    blobs.localPath(artifact.blobKey()), flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
