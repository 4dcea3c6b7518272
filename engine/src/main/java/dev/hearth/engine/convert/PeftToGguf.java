package dev.hearth.engine.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufTensorInfo;
import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.engine.gguf.GgufWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Converts a PEFT LoRA adapter ({@code adapter_config.json} + {@code adapter_model.safetensors}) into a llama.cpp LoRA
 * GGUF for a converted base model, as {@code convert_lora_to_gguf.py} does: {@code general.type=adapter},
 * {@code adapter.type=lora}, {@code adapter.lora.alpha}, and per adapted weight {@code blk.N.<name>.weight.lora_a}
 * ({@code [in, rank]}) and {@code .lora_b} ({@code [rank, out]}), B's rows permuted like the base q/k weights.
 */
public final class PeftToGguf {

    public static final String CONFIG_FILE = "adapter_config.json";
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";

    /** Hugging Face module names and their llama.cpp tensor names. */
    public static final Map<String, String> MODULES = orderedModules();

    private static final Pattern TENSOR_NAME = Pattern.compile(
            "base_model\\.model\\.model\\.layers\\.(\\d+)\\.(self_attn|mlp)\\.(\\w+)\\.lora_([AB])(?:\\.default)?\\.weight");

    private PeftToGguf() {
    }

    private static Map<String, String> orderedModules() {
        Map<String, String> modules = new LinkedHashMap<>();
        modules.put("q_proj", "attn_q");
        modules.put("k_proj", "attn_k");
        modules.put("v_proj", "attn_v");
        modules.put("o_proj", "attn_output");
        modules.put("gate_proj", "ffn_gate");
        modules.put("up_proj", "ffn_up");
        modules.put("down_proj", "ffn_down");
        return java.util.Collections.unmodifiableMap(modules);
    }

    /** Checks the adapter folder (config and tensor names/shapes) and returns its configuration. */
    public static AdapterConfig validate(Path adapterDir) throws ConversionException {
        AdapterConfig config = readConfig(adapterDir);
        try (Safetensors weights = openWeights(adapterDir)) {
            pairs(adapterDir.resolve(WEIGHTS_FILE), weights, config);
        }
        return config;
    }

    /**
     * Writes the adapter in {@code adapterDir} as a llama.cpp LoRA GGUF for {@code baseGguf}, after checking every
     * pair against the base model's tensor shapes.
     *
     * @param type F32, F16 or BF16
     */
    public static AdapterConfig convert(Path adapterDir, Path baseGguf, Path outGguf, GgmlType type) throws IOException {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.BF16) {
            throw new IllegalArgumentException("an adapter is written as F32, F16 or BF16, not " + type);
        }
        AdapterConfig config = readConfig(adapterDir);
        Path weightsFile = adapterDir.resolve(WEIGHTS_FILE);
        try (Safetensors weights = openWeights(adapterDir); GgufFile base = openBase(baseGguf)) {
            String arch = base.architecture();
            boolean permute = arch.equals("llama");
            GgufWriter writer = new GgufWriter()
                    .put("general.architecture", GgufValue.string(arch))
                    .put("general.type", GgufValue.string("adapter"))
                    .put("general.name", GgufValue.string(adapterDir.toAbsolutePath().normalize().getFileName().toString()))
                    .put("adapter.type", GgufValue.string("lora"))
                    .put("adapter.lora.alpha", GgufValue.float32(config.ggufAlpha()));
            for (LoraPair pair : pairs(weightsFile, weights, config)) {
                String name = "blk." + pair.block() + "." + MODULES.get(pair.module()) + ".weight";
                GgufTensorInfo weight = base.tensor(name).orElseThrow(() -> new ConversionException(weightsFile,
                        "adapts " + name + ", which base model " + baseGguf.getFileName() + " does not have"));
                long in = pair.a().shape()[1];
                long out = pair.b().shape()[0];
                if (weight.rank() != 2 || weight.dim(0) != in || weight.dim(1) != out) {
                    throw new ConversionException(weightsFile, "tensor " + pair.b().name() + " adapts a [" + out + ", " + in + "] weight but "
                            + name + " of " + baseGguf.getFileName() + " is " + Arrays.toString(weight.dims()) + " (GGUF order): wrong base model?");
                }
                RotaryPermutation permutation = null;
                if (permute && (pair.module().equals("q_proj") || pair.module().equals("k_proj"))) {
                    String heads = arch + ".attention.head_count" + (pair.module().equals("k_proj") ? "_kv" : "");
                    int headCount = base.get(heads).orElseThrow(() -> new ConversionException(baseGguf, "has no " + heads)).asInt();
                    permutation = new RotaryPermutation(headCount, (int) out);
                }
                writer.addTensor(name + ".lora_a", type, pair.a().ggufDims(), new ConvertedTensorData(pair.a(), null));
                writer.addTensor(name + ".lora_b", type, pair.b().ggufDims(), new ConvertedTensorData(pair.b(), permutation));
            }
            writer.write(outGguf);
        }
        return config;
    }

    private record LoraPair(int block, String module, SafetensorsTensor a, SafetensorsTensor b) {
    }

    private static GgufFile openBase(Path baseGguf) throws ConversionException {
        try {
            GgufFile base = GgufFile.open(baseGguf);
            if (!base.get("general.architecture").isPresent()) {
                base.close();
                throw new ConversionException(baseGguf, "has no general.architecture; it is not a model");
            }
            return base;
        } catch (ConversionException e) {
            throw e;
        } catch (IOException e) {
            throw new ConversionException(baseGguf, "cannot be read as a GGUF base model: " + e.getMessage(), e);
        }
    }

    private static Safetensors openWeights(Path adapterDir) throws ConversionException {
        Path file = adapterDir.resolve(WEIGHTS_FILE);
        if (!Files.isRegularFile(file)) {
            if (Files.isRegularFile(adapterDir.resolve("adapter_model.bin"))) {
                throw new ConversionException(file, "missing; only the pickle adapter_model.bin is present, which is not supported "
                        + "(save the adapter with safe_serialization=True)");
            }
            throw new ConversionException(file, "missing: a PEFT adapter folder needs its weights");
        }
        return Safetensors.openFile(file);
    }

    private static List<LoraPair> pairs(Path file, Safetensors weights, AdapterConfig config) throws ConversionException {
        Map<String, SafetensorsTensor[]> byWeight = new LinkedHashMap<>();
        for (SafetensorsTensor tensor : weights.tensors().values()) {
            Matcher m = TENSOR_NAME.matcher(tensor.name());
            if (!m.matches()) {
                throw new ConversionException(file, "tensor " + tensor.name() + " is not a LoRA A/B matrix of a decoder layer "
                        + "(embedding, lm_head and bias adapters are not supported)");
            }
            String module = m.group(3);
            if (!MODULES.containsKey(module)) {
                throw new ConversionException(file, "tensor " + tensor.name() + " adapts module " + module + ", which is not supported; supported: " + MODULES.keySet());
            }
            if (tensor.shape().length != 2) {
                throw new ConversionException(file, "tensor " + tensor.name() + " is not a matrix");
            }
            SafetensorsTensor[] pair = byWeight.computeIfAbsent(m.group(1) + "." + module, k -> new SafetensorsTensor[2]);
            pair[m.group(4).equals("A") ? 0 : 1] = tensor;
        }
        if (byWeight.isEmpty()) {
            throw new ConversionException(file, "holds no LoRA tensors");
        }
        List<LoraPair> pairs = new ArrayList<>();
        for (Map.Entry<String, SafetensorsTensor[]> entry : byWeight.entrySet()) {
            SafetensorsTensor a = entry.getValue()[0];
            SafetensorsTensor b = entry.getValue()[1];
            if (a == null || b == null) {
                throw new ConversionException(file, "tensor " + (a == null ? b : a).name() + " has no " + (a == null ? "lora_A" : "lora_B") + " partner");
            }
            if (a.shape()[0] != config.rank()) {
                throw new ConversionException(file, "tensor " + a.name() + " has rank " + a.shape()[0] + " but adapter_config.json r is " + config.rank());
            }
            if (b.shape()[1] != config.rank()) {
                throw new ConversionException(file, "tensor " + b.name() + " has rank " + b.shape()[1] + " but adapter_config.json r is " + config.rank());
            }
            String[] key = entry.getKey().split("\\.", 2);
            pairs.add(new LoraPair(Integer.parseInt(key[0]), key[1], a, b));
        }
        List<String> order = List.copyOf(MODULES.keySet());
        pairs.sort(Comparator.comparingInt(LoraPair::block).thenComparingInt(p -> order.indexOf(p.module())));
        return pairs;
    }

    static AdapterConfig readConfig(Path adapterDir) throws ConversionException {
        if (!Files.isDirectory(adapterDir)) {
            throw new ConversionException(adapterDir, "is not a folder; expected a PEFT adapter folder with adapter_config.json");
        }
        Path file = adapterDir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConversionException(file, "missing: a PEFT adapter folder needs adapter_config.json");
        }
        JsonNode root = HfTokenizer.readJson(file);
        String peftType = root.path("peft_type").asText("LORA");
        if (!peftType.equals("LORA")) {
            throw new ConversionException(file, "peft_type " + peftType + " is not supported; only LORA is");
        }
        if (root.path("use_dora").asBoolean(false)) {
            throw new ConversionException(file, "use_dora=true is not supported (llama.cpp cannot apply DoRA's magnitude vectors)");
        }
        String bias = root.path("bias").asText("none");
        if (!bias.equals("none")) {
            throw new ConversionException(file, "bias '" + bias + "' is not supported; only 'none' is");
        }
        for (String field : List.of("rank_pattern", "alpha_pattern")) {
            if (root.path(field).size() > 0) {
                throw new ConversionException(file, field + " is not supported: every module must share r and lora_alpha");
            }
        }
        if (root.path("modules_to_save").size() > 0) {
            throw new ConversionException(file, "modules_to_save " + root.get("modules_to_save") + " is not supported (fully trained modules cannot be a LoRA adapter)");
        }
        JsonNode r = root.get("r");
        if (r == null || !r.canConvertToInt() || r.asInt() <= 0) {
            throw new ConversionException(file, "field r must be a positive integer, got " + r);
        }
        JsonNode alphaNode = root.get("lora_alpha");
        float alpha = alphaNode == null || alphaNode.isNull() ? 8 : (float) alphaNode.asDouble();
        if (!(alpha > 0)) {
            throw new ConversionException(file, "field lora_alpha must be positive, got " + alphaNode);
        }
        JsonNode targets = root.get("target_modules");
        List<String> modules = new ArrayList<>();
        if (targets != null && targets.isArray()) {
            targets.forEach(t -> modules.add(t.asText()));
        } else if (targets != null && targets.asText().equals("all-linear")) {
            modules.addAll(MODULES.keySet());
        } else {
            throw new ConversionException(file, "target_modules " + targets + " is not supported; give a list of module names");
        }
        for (String module : modules) {
            if (!MODULES.containsKey(module)) {
                throw new ConversionException(file, "target module " + module + " is not supported; supported: " + MODULES.keySet());
            }
        }
        String baseModel = root.path("base_model_name_or_path").isTextual() ? root.get("base_model_name_or_path").asText() : null;
        return new AdapterConfig(r.asInt(), alpha, modules, baseModel, root.path("use_rslora").asBoolean(false));
    }
}
