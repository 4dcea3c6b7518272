package dev.hearth.server.models;

import dev.hearth.api.Model;
import dev.hearth.engine.chat.ToolCallFormats;
import dev.hearth.engine.convert.AdapterConfig;
import dev.hearth.engine.convert.ConversionException;
import dev.hearth.engine.convert.HfCheckpoint;
import dev.hearth.engine.convert.HfModel;
import dev.hearth.engine.convert.PeftToGguf;
import dev.hearth.server.http.ApiError;
import java.nio.file.Path;
import java.util.Map;

/** Hugging Face checkpoints and PEFT adapters: checked at {@code :validateUpload}, converted to GGUF in the background. */
final class HfImport {
    /** The LoRA ranks the Fireworks docs accept ("between 4 and 64, inclusive"). */
    static final int MIN_RANK = 4;
    static final int MAX_RANK = 64;

    private HfImport() {}

    static ModelInspector.Inspection inspectCheckpoint(Map<String, Path> files) {
        HfModel model;
        try {
            model = HfCheckpoint.open(folder(files));
        } catch (ConversionException e) {
            throw invalid(e);
        } catch (RuntimeException e) {
            // The converter reports bad input as ConversionException; anything else still is the upload's fault.
            throw ApiError.invalid("files", "cannot be read as a Hugging Face checkpoint: " + e.getMessage());
        }
        // F32 checkpoints stay F32; F16 and BF16 ones become F16, as llama.cpp's own converter does by default.
        String precision = model.dtype().equals("F32") ? "F32" : "F16";
        Boolean tools = model.chatTemplate() == null ? Boolean.FALSE : ToolCallFormats.detect(model.chatTemplate()).supportsTools();
        return new ModelInspector.Inspection("HF", "HF_BASE_MODEL", precision, model.contextLength(),
                new Model.BaseModelDetails(1, "HUGGINGFACE", Long.toString(model.parameterCount()), false, false,
                        model.ggufArchitecture(), false, precision, false),
                null, tools, model.chatTemplate(), model.warnings());
    }

    static ModelInspector.Inspection inspectPeft(ModelRow row, Map<String, Path> files) {
        if (row.baseModel() == null) {
            throw ApiError.invalid("model.peftDetails.baseModel", "a PEFT adapter needs the model it adapts; create the model "
                    + "with peftDetails.baseModel (firectl model create --base-model)");
        }
        AdapterConfig adapter;
        try {
            adapter = PeftToGguf.validate(folder(files));
        } catch (ConversionException e) {
            throw invalid(e);
        } catch (RuntimeException e) {
            throw ApiError.invalid("files", "cannot be read as a PEFT adapter: " + e.getMessage());
        }
        if (adapter.rank() < MIN_RANK || adapter.rank() > MAX_RANK) {
            throw ApiError.invalid(PeftToGguf.CONFIG_FILE, "r must be between " + MIN_RANK + " and " + MAX_RANK
                    + " (inclusive), got " + adapter.rank());
        }
        return new ModelInspector.Inspection("PEFT", "HF_PEFT_ADDON", "ADAPTER", null, null,
                new Model.PeftDetails(row.baseModel(), adapter.rank(), adapter.targetModules(), null, null), null, null, java.util.List.of());
    }

    /** Uploaded files all live in the model's one flat folder. */
    private static Path folder(Map<String, Path> files) {
        return files.values().iterator().next().getParent();
    }

    /** The converter names the file and the problem; the server's own paths never reach the client. */
    static ApiError invalid(ConversionException e) {
        return ApiError.invalid(e.file().getFileName().toString(), e.problem().replace(e.file().getParent() + "/", ""));
    }
}
