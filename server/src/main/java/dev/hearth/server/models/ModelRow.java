package dev.hearth.server.models;

import dev.hearth.api.Model;
import dev.hearth.api.Status;
import dev.hearth.server.resource.Times;
import java.util.List;

/**
 * A model as stored. Columns hold what lists filter on and what the server owns; {@code spec} holds the rest of the
 * documented fields as the client set them (or as validation filled them in).
 *
 * @param sourceFormat what was uploaded: GGUF, GGUF_ADAPTER, HF, PEFT, ONNX (built-in embedding models), or NONE yet
 */
public record ModelRow(String accountId, String modelId, String displayName, String description, String kind,
        String state, String statusCode, String statusMessage, boolean isPublic, boolean supportsServerless,
        String baseModel, String sourceFormat, Model spec, long createTime, long updateTime, long version) {

    public static final String UPLOADING = "UPLOADING";
    public static final String READY = "READY";
    public static final String FAILED = "FAILED";

    public String name() {
        return ModelNames.name(accountId, modelId);
    }

    public boolean isAdapter() {
        return "GGUF_ADAPTER".equals(sourceFormat) || "PEFT".equals(sourceFormat);
    }

    public ModelRow withState(String newState, String code, String message, long now) {
        return new ModelRow(accountId, modelId, displayName, description, kind, newState, code, message, isPublic,
                supportsServerless, baseModel, sourceFormat, spec, createTime, Math.max(now, updateTime), version + 1);
    }

    /** The wire form; {@code precisions} are the prepared artifacts, {@code refs} the deployments using it (Get only). */
    public Model toWire(List<String> precisions, List<Model.DeployedModelRef> refs) {
        Model s = spec;
        return new Model(name(), displayName, description, Times.format(createTime), Times.format(updateTime), state,
                new Status(statusCode, statusMessage.isEmpty() ? null : statusMessage), kind, isPublic,
                s.githubUrl(), s.huggingFaceUrl(), s.importedFrom(), s.contextLength(), s.baseModelDetails(),
                s.peftDetails(), s.conversationConfig(), s.supportsImageInput(), s.supportsTools(), s.supportsLora(),
                supportsServerless, s.tunable(), s.defaultSamplingParams(), precisions, refs, s.deprecationDate());
    }
}
