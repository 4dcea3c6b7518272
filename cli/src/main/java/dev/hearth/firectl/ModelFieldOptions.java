package dev.hearth.firectl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.util.List;
import picocli.CommandLine.Option;

/** The model fields that {@code create model} sets and {@code update model} changes, one flag each. */
final class ModelFieldOptions {
    @Option(names = "--display-name", paramLabel = "string", description = "The display name of the model.")
    String displayName;

    @Option(names = "--description", paramLabel = "string", description = "The description of the model.")
    String description;

    @Option(names = "--github-url", paramLabel = "string", description = "The GitHub URL of the model.")
    String githubUrl;

    @Option(names = "--hugging-face-url", paramLabel = "string", description = "The Hugging Face URL of the model.")
    String huggingFaceUrl;

    @Option(names = "--context-length", paramLabel = "int32", description = "The maximum context length of the model.")
    Integer contextLength;

    @Option(names = "--public", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "Whether the model is publicly accessible (--public=false makes it private again).")
    Boolean isPublic;

    @Option(names = "--supports-image-input", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "Whether the model supports image inputs.")
    Boolean supportsImageInput;

    @Option(names = "--supports-tools", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "Whether the model supports function calling.")
    Boolean supportsTools;

    /** The flags given, as model fields; each one's snake_case path is added to {@code mask} (an updateMask). */
    ObjectNode fields(List<String> mask) {
        ObjectNode model = Json.MAPPER.createObjectNode();
        put(model, mask, "displayName", "display_name", displayName);
        put(model, mask, "description", "description", description);
        put(model, mask, "githubUrl", "github_url", githubUrl);
        put(model, mask, "huggingFaceUrl", "hugging_face_url", huggingFaceUrl);
        put(model, mask, "contextLength", "context_length", contextLength);
        put(model, mask, "public", "public", isPublic);
        put(model, mask, "supportsImageInput", "supports_image_input", supportsImageInput);
        put(model, mask, "supportsTools", "supports_tools", supportsTools);
        return model;
    }

    private static void put(ObjectNode model, List<String> mask, String field, String path, Object value) {
        if (value != null) {
            model.set(field, Json.MAPPER.valueToTree(value));
            mask.add(path);
        }
    }
}
