package dev.hearth.server.models;

import dev.hearth.api.Model;
import dev.hearth.engine.chat.ToolCallFormats;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufTensorInfo;
import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.server.http.ApiError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Looks at a model's uploaded files and says what they are: a GGUF model or adapter (served as it is), a Hugging Face
 * checkpoint or a PEFT adapter (converted to GGUF). Anything unusable is a 400 naming the file and the reason.
 */
final class ModelInspector {
    /** What the files are, and what the model's documented fields should say about them. */
    record Inspection(String sourceFormat, String kind, String precision, Integer contextLength,
            Model.BaseModelDetails baseModelDetails, Model.PeftDetails peftDetails, Boolean supportsTools,
            String chatTemplate, List<String> warnings) {}

    private ModelInspector() {}

    static Inspection inspect(ModelRow row, Map<String, Path> files) {
        Set<String> names = files.keySet();
        List<String> ggufs = names.stream().filter(n -> n.endsWith(".gguf")).sorted().toList();
        if (!ggufs.isEmpty()) {
            if (ggufs.size() > 1) {
                throw ApiError.invalid(ggufs.get(1), "a model takes one GGUF file, got " + ggufs.size() + ": " + ggufs
                        + " (split GGUF files are not supported; merge them with llama-gguf-split --merge)");
            }
            return gguf(row, ggufs.getFirst(), files.get(ggufs.getFirst()));
        }
        if (names.contains("adapter_config.json")) {
            return HfImport.inspectPeft(row, files);
        }
        if (names.contains("config.json")) {
            return HfImport.inspectCheckpoint(files);
        }
        throw ApiError.invalid("files", "no model found in " + names.stream().sorted().toList() + ": upload one .gguf file, "
                + "a Hugging Face checkpoint (config.json, *.safetensors, tokenizer.json) or a PEFT adapter "
                + "(adapter_config.json, adapter_model.safetensors)");
    }

    private static Inspection gguf(ModelRow row, String name, Path path) {
        try (GgufFile gguf = GgufFile.open(path)) {
            String type = gguf.get("general.type").map(GgufValue::asString).orElse("model");
            String arch = gguf.architecture();
            if (type.equals("adapter")) {
                if (row.baseModel() == null) {
                    throw ApiError.invalid("model.peftDetails.baseModel", name + " is a LoRA adapter; create the model "
                            + "with peftDetails.baseModel (firectl model create --base-model) naming the model it adapts");
                }
                int rank = gguf.tensors().stream().filter(t -> t.name().endsWith(".lora_a")).findFirst()
                        .map(t -> (int) t.dim(1)).orElseThrow(() -> ApiError.invalid(name, "adapter has no lora_a tensors"));
                List<String> targets = gguf.tensors().stream().filter(t -> t.name().endsWith(".lora_a"))
                        .map(t -> t.name().replaceAll("^blk\\.\\d+\\.", "").replace(".weight.lora_a", "")).distinct().sorted().toList();
                return new Inspection("GGUF_ADAPTER", "HF_PEFT_ADDON", "ADAPTER", null, null,
                        new Model.PeftDetails(row.baseModel(), rank, targets, arch, null), null, null, List.of());
            }
            int context = gguf.get(arch + ".context_length").map(GgufValue::asInt).orElse(0);
            long parameters = gguf.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum();
            String template = gguf.get("tokenizer.chat_template").map(GgufValue::asString).orElse(null);
            boolean embedding = gguf.get(arch + ".pooling_type").isPresent();
            String precision = dominantType(gguf.tensors()).name();
            Boolean tools = template == null ? Boolean.FALSE : ToolCallFormats.detect(template).supportsTools();
            return new Inspection("GGUF", embedding ? "EMBEDDING_MODEL" : "HF_BASE_MODEL", precision,
                    context > 0 ? context : null,
                    new Model.BaseModelDetails(1, "NATIVE", Long.toString(parameters), gguf.get(arch + ".expert_count").isPresent(),
                            false, arch, false, precision, false),
                    null, tools, template, List.of());
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiError api) {
                throw api;
            }
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().replace(path.toString(), name);
            throw ApiError.invalid(name, "not a usable GGUF file: " + reason);
        }
    }

    /** The type holding most of the weights, which names the precision (F16, Q8_0, ...). */
    private static GgmlType dominantType(List<GgufTensorInfo> tensors) {
        Map<GgmlType, Long> bytes = tensors.stream().collect(Collectors.groupingBy(GgufTensorInfo::type,
                () -> new EnumMap<>(GgmlType.class), Collectors.summingLong(GgufTensorInfo::byteSize)));
        return bytes.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(GgmlType.F32);
    }
}
