package dev.hearth.engine.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a Hugging Face {@code config.json} the converter uses, checked: required fields present and
 * positive, shapes consistent, and every setting llama.cpp would not reproduce (activation, biases, RoPE scaling
 * type) rejected with the field's name. Settings llama.cpp ignores but that change little are listed as warnings.
 */
public record HfConfig(
        Path file,
        HfArchitecture architecture,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int headSize,
        int ffnSize,
        int vocabSize,
        int contextLength,
        float ropeTheta,
        float rmsEps,
        boolean tiedEmbeddings,
        RopeScaling ropeScaling,
        String torchDtype,
        List<String> warnings) {

    public static final String FILE = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** RoPE scaling as llama.cpp implements it: {@code linear}, or {@code llama3} (frequency factors). */
    public record RopeScaling(String type, float factor, int originalContext, float lowFreqFactor, float highFreqFactor) {
    }

    public HfConfig {
        warnings = List.copyOf(warnings);
    }

    public int kvSize() {
        return headSize * kvHeads;
    }

    public int qSize() {
        return headSize * heads;
    }

    public static HfConfig read(Path dir) throws ConversionException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new ConversionException(file, "missing: a Hugging Face model folder needs config.json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConversionException(file, "is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConversionException(file, "is not a JSON object");
        }
        return parse(file, root);
    }

    static HfConfig parse(Path file, JsonNode root) throws ConversionException {
        List<String> warnings = new ArrayList<>();
        JsonNode architectures = root.get("architectures");
        if (architectures == null || !architectures.isArray() || architectures.isEmpty()) {
            throw new ConversionException(file, "field architectures is missing; expected one of " + HfArchitecture.supportedNames());
        }
        String name = architectures.get(0).asText();
        HfArchitecture architecture = HfArchitecture.of(name).orElseThrow(() -> new ConversionException(file,
                "architecture " + name + " is not supported; supported: " + HfArchitecture.supportedNames()));
        int hidden = positive(file, root, "hidden_size");
        int layers = positive(file, root, "num_hidden_layers");
        int heads = positive(file, root, "num_attention_heads");
        int kvHeads = root.has("num_key_value_heads") && !root.get("num_key_value_heads").isNull() ? positive(file, root, "num_key_value_heads") : heads;
        int ffn = positive(file, root, "intermediate_size");
        int vocab = positive(file, root, "vocab_size");
        int context = positive(file, root, "max_position_embeddings");
        int headSize = root.has("head_dim") && !root.get("head_dim").isNull() ? positive(file, root, "head_dim") : hidden / heads;
        if (!root.has("head_dim") && hidden % heads != 0) {
            throw new ConversionException(file, "hidden_size " + hidden + " is not a multiple of num_attention_heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new ConversionException(file, "num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (headSize % 2 != 0) {
            throw new ConversionException(file, "the head size " + headSize + " is odd; rotary embeddings need an even one");
        }
        String activation = root.path("hidden_act").asText("silu");
        if (!activation.equals("silu")) {
            throw new ConversionException(file, "hidden_act '" + activation + "' is not supported; llama.cpp's " + architecture.ggufName() + " uses silu");
        }
        for (String bias : List.of("attention_bias", "mlp_bias")) {
            if (root.path(bias).asBoolean(false)) {
                throw new ConversionException(file, bias + "=true is not supported");
            }
        }
        float theta = (float) root.path("rope_theta").asDouble(10_000);
        float eps = (float) root.path("rms_norm_eps").asDouble(1e-6);
        if (!(theta > 0) || !(eps > 0)) {
            throw new ConversionException(file, "rope_theta and rms_norm_eps must be positive");
        }
        boolean tied = root.path("tie_word_embeddings").asBoolean(false);
        if (root.path("use_sliding_window").asBoolean(false) || (architecture == HfArchitecture.MISTRAL
                && root.hasNonNull("sliding_window") && root.get("sliding_window").asLong() < context)) {
            warnings.add(FILE + ": sliding_window attention is ignored; llama.cpp attends over the whole context");
        }
        return new HfConfig(file, architecture, hidden, layers, heads, kvHeads, headSize, ffn, vocab, context, theta, eps, tied,
                ropeScaling(file, root.get("rope_scaling")), root.path("torch_dtype").asText(root.path("dtype").asText("")), warnings);
    }

    private static RopeScaling ropeScaling(Path file, JsonNode node) throws ConversionException {
        if (node == null || node.isNull()) {
            return null;
        }
        String type = node.path("rope_type").asText(node.path("type").asText(""));
        float factor = (float) node.path("factor").asDouble(1);
        return switch (type) {
            case "default" -> null;
            case "linear" -> {
                if (!(factor > 0)) {
                    throw new ConversionException(file, "rope_scaling.factor must be positive");
                }
                yield new RopeScaling("linear", factor, 0, 0, 0);
            }
            case "llama3" -> new RopeScaling("llama3", (float) node.path("factor").asDouble(8),
                    node.path("original_max_position_embeddings").asInt(8192),
                    (float) node.path("low_freq_factor").asDouble(1), (float) node.path("high_freq_factor").asDouble(4));
            default -> throw new ConversionException(file, "rope_scaling type '" + type + "' is not supported; supported: linear, llama3");
        };
    }

    private static int positive(Path file, JsonNode root, String field) throws ConversionException {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            throw new ConversionException(file, "field " + field + " is missing");
        }
        if (!value.canConvertToInt() || value.asInt() <= 0) {
            throw new ConversionException(file, "field " + field + " must be a positive integer, got " + value);
        }
        return value.asInt();
    }
}
