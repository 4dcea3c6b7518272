package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.ApiException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(description = {"Creates a model and uploads its files: a GGUF file, or a checkpoint or adapter folder.",
        "Run it again after an interruption: the upload resumes from what the server already holds."},
        footerHeading = "%nExamples:%n",
        footer = {"  firectl model create my-model /path/to/model.gguf",
                "  firectl create model my-model /path/to/checkpoint/ --display-name \"My model\" --wait",
                "  firectl model create my-lora /path/to/adapter/ --base-model accounts/fireworks/models/my-base"})
final class ModelCreate implements Callable<Integer> {
    private static final int ALREADY_EXISTS = 409;

    private final CommandContext context;

    @Parameters(index = "0", paramLabel = "MODEL_ID",
            description = "The ID of the model to create, or its name (accounts/ACCOUNT_ID/models/MODEL_ID).")
    String model;

    @Parameters(index = "1", paramLabel = "PATH", description = "A model file (.gguf) or a folder of model files.")
    Path path;

    @Mixin
    ModelFieldOptions fields;

    @Option(names = "--base-model", paramLabel = "string",
            description = "For a LoRA adapter: the model it adapts (an ID or accounts/ACCOUNT_ID/models/MODEL_ID).")
    String baseModel;

    @Option(names = "--kind", paramLabel = "string",
            description = "The model kind, such as HF_BASE_MODEL, HF_PEFT_ADDON or EMBEDDING_MODEL. "
                    + "By default the server derives it from the files.")
    String kind;

    @Option(names = "--quiet", description = "If true, does not print the upload progress bar.")
    boolean quiet;

    @Mixin
    WaitOptions wait;

    ModelCreate(CommandContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        LocalModel local = LocalModel.scan(path);
        ResourceName name = ResourceName.parse(model, "models", context::accountId);
        ObjectNode spec = fields.fields(new ArrayList<>());
        if (kind != null) {
            spec.put("kind", kind);
        }
        if (baseModel != null) {
            spec.putObject("peftDetails").put("baseModel", baseModel);
        }
        ApiRequest create = ApiRequest.post(ApiPaths.models(name.accountId()), new ModelRequests.Create(name.id(), spec));
        ApiRequest announce = ApiRequest.post(ApiPaths.model(name) + ":getUploadEndpoint",
                new ModelRequests.GetUploadEndpoint(local.sizes(), true));
        if (context.dryRun()) {
            context.send(create);
            context.send(announce);
            return 0;
        }
        createOrResume(create, name);
        ModelRequests.UploadEndpoint endpoint = ModelRequests.read(context.call(announce), ModelRequests.UploadEndpoint.class);
        SignedUrlTransfer transfer = context.transfer(quiet);
        for (LocalModel.File file : local.files()) {
            String url = endpoint.filenameToSignedUrls() == null ? null : endpoint.filenameToSignedUrls().get(file.name());
            if (url == null) {
                throw new IllegalStateException("the server gave no upload URL for " + file.name());
            }
            transfer.upload(url, file);
        }
        JsonNode validated = context.call(ApiRequest.get(ApiPaths.model(name) + ":validateUpload"));
        validated.path("warnings").forEach(warning -> context.note("Warning: " + warning.asText()));
        JsonNode result = wait.wait ? ModelWait.untilReady(context, name, wait.timeout)
                : context.call(ApiRequest.get(ApiPaths.model(name)));
        context.printer().resource(result);
        return 0;
    }

    /** Creates the model; one left UPLOADING or FAILED by an earlier run is taken over, so its upload resumes. */
    private void createOrResume(ApiRequest create, ResourceName name) {
        try {
            context.call(create);
        } catch (ApiException e) {
            if (e.httpStatus() != ALREADY_EXISTS) {
                throw e;
            }
            String state = context.call(ApiRequest.get(ApiPaths.model(name))).path("state").asText("");
            if (!state.equals("UPLOADING") && !state.equals("FAILED")) {
                throw e;
            }
        }
    }
}
