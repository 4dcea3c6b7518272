package dev.hearth.server.inference;

import dev.hearth.server.auth.Principal;
import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.deployments.DeploymentController;
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
    private final DeploymentController deployments;

    public ModelResolver(Models models, BlobStore blobs, DeploymentController deployments) {
        this.models = models;
        this.blobs = blobs;
        this.deployments = deployments;
    }

    /**
     * A servable model: its row, whether it is an embedding model, and either the serverless runner for it or the
     * deployment {@code route} that serves it.
     */
    public record Target(ModelRow model, boolean embedding, RunnerSpec runner, DeploymentController.Route route) {
        public String name() {
            return model.name();
        }

        /** The {@code model} the runner knows: its base model's name, or the add-on's name on a deployment. */
        String runnerModel() {
            return route != null && route.adapter() != null ? route.adapter() : route != null ? route.model() : model.name();
        }
    }

    /**
     * Every model string the Fireworks docs allow: {@code accounts/A/models/M#accounts/A/deployments/D} (or the short
     * {@code A/M#A/D}), {@code accounts/A/deployments/D}, {@code accounts/A/deployedModels/X}, and a bare model name,
     * which goes to the caller's default deployment of it when there is one and to a serverless runner otherwise.
     */
    public Target resolve(Principal caller, String model) {
        int hash = model.indexOf('#');
        if (hash >= 0) {
            String[] deployment = deploymentRef(model.substring(hash + 1), model);
            ModelRow row = visible(caller, model.substring(0, hash), model);
            DeploymentController.Route route = own(caller, deployment[0])
                    .flatMap(account -> deployments.byDeployment(account, deployment[1], row.name()))
                    .orElseThrow(() -> deploymentNotFound(model));
            return routed(caller, row, route);
        }
        String[] parts = model.split("/", -1);
        if (parts.length == 4 && parts[0].equals("accounts") && parts[2].equals("deployments")) {
            DeploymentController.Route route = own(caller, parts[1])
                    .flatMap(account -> deployments.byDeployment(account, parts[3], null)).orElseThrow(() -> deploymentNotFound(model));
            return routed(caller, visible(caller, route.model(), model), route);
        }
        if (parts.length == 4 && parts[0].equals("accounts") && parts[2].equals("deployedModels")) {
            DeploymentController.Route route = own(caller, parts[1])
                    .flatMap(account -> deployments.byDeployedModel(account, parts[3])).orElseThrow(() -> deploymentNotFound(model));
            return routed(caller, visible(caller, route.model(), model), route);
        }
        ModelNames.Ref ref;
        try {
            ref = ModelNames.parse("model", model, caller.accountId());
        } catch (ApiError e) {
            throw InferenceError.modelNotFound(model);
        }
        var routed = deployments.defaultFor(caller.accountId(), ref.name());
        if (routed.isPresent()) {
            return routed(caller, visible(caller, ref.name(), model), routed.get());
        }
        Models.WithArtifacts found;
        try {
            found = models.getWithReadyArtifacts(caller, ref.accountId(), ref.modelId());
        } catch (ApiError e) {
            throw InferenceError.modelNotFound(model);
        }
        ModelRow row = found.row();
        if (row.isAdapter()) {
            throw new InferenceError(404, "invalid_request_error", "model", "NOT_FOUND", "model " + row.name()
                    + " is a LoRA add-on that is not loaded on any deployment; load it with firectl load-lora " + row.name()
                    + " --deployment <id> and address it as " + row.name() + "#accounts/" + caller.accountId() + "/deployments/<id>");
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
                    List.of("embedding-runner", "--model", runnerModel, "--model-id", row.name())), null);
        }
        return new Target(row, embedding, ggufRunner(row, found.ready(), embedding), null);
    }

    private Target routed(Principal caller, ModelRow row, DeploymentController.Route route) {
        boolean embedding = route.adapter() == null && row.kind().equals("EMBEDDING_MODEL");
        return new Target(row, embedding, null, route);
    }

    private ModelRow visible(Principal caller, String name, String requested) {
        try {
            ModelNames.Ref ref = ModelNames.parse("model", name, caller.accountId());
            return models.get(caller, ref.accountId(), ref.modelId());
        } catch (ApiError e) {
            throw InferenceError.modelNotFound(requested);
        }
    }

    /** {@code accounts/A/deployments/D} or the short {@code A/D}, as [A, D]. */
    private static String[] deploymentRef(String value, String requested) {
        String[] parts = value.split("/", -1);
        if (parts.length == 4 && parts[0].equals("accounts") && parts[2].equals("deployments")) {
            return new String[] {parts[1], parts[3]};
        }
        if (parts.length == 2) {
            return parts;
        }
        throw new InferenceError(400, "invalid_request_error", "model", null, "\"" + requested + "\" names no deployment after '#'; "
                + "write <model>#accounts/<account>/deployments/<id>");
    }

    /** Deployments are private to their account: another account's is reported as not found. */
    private static java.util.Optional<String> own(Principal caller, String account) {
        return account.equals(caller.accountId()) ? java.util.Optional.of(account) : java.util.Optional.empty();
    }

    private static InferenceError deploymentNotFound(String model) {
        return new InferenceError(404, "invalid_request_error", "model", "NOT_FOUND", "Deployment not found: " + model
                + " (no such deployment in your account, or the model is not deployed on it)");
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
