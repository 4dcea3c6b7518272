package dev.hearth.server.models;

import dev.hearth.server.http.ApiError;
import java.nio.file.Path;
import java.util.Map;

/** Hugging Face checkpoints and PEFT adapters: validated at upload, converted to GGUF when prepared. */
final class HfImport {
    private HfImport() {}

    static ModelInspector.Inspection inspectCheckpoint(Map<String, Path> files) {
        throw ApiError.invalid("config.json", "Hugging Face checkpoints are not supported yet");
    }

    static ModelInspector.Inspection inspectPeft(ModelRow row, Map<String, Path> files) {
        throw ApiError.invalid("adapter_config.json", "PEFT adapters are not supported yet");
    }
}
