package dev.hearth.engine.convert;

import dev.hearth.engine.gguf.GgufValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face model folder checked for conversion: {@code config.json} (a supported architecture and settings),
 * the safetensors checkpoint (every expected tensor present with the shape the config implies, nothing unexpected)
 * and the tokenizer. Checking reads only headers and JSON, never the weights.
 */
public final class HfCheckpoint implements AutoCloseable {

    private final Path dir;
    private final HfConfig config;
    private final Map<String, GgufValue> tokenizer;
    private final Safetensors weights;
    private final List<TensorPlan> plans;
    private final List<String> warnings;

    private HfCheckpoint(Path dir, HfConfig config, Map<String, GgufValue> tokenizer, Safetensors weights, List<TensorPlan> plans, List<String> warnings) {
        this.dir = dir;
        this.config = config;
        this.tokenizer = tokenizer;
        this.weights = weights;
        this.plans = plans;
        this.warnings = List.copyOf(warnings);
    }

    /**
     * Checks the folder without converting it.
     *
     * @return warnings about settings converted with a caveat (empty when there are none)
     * @throws ConversionException naming the offending file and the field or tensor at fault
     */
    public static List<String> validate(Path dir) throws ConversionException {
        try (HfCheckpoint checkpoint = load(dir)) {
            return checkpoint.warnings;
        }
    }

    /** Checks the folder and describes the model in it. */
    public static HfModel open(Path dir) throws ConversionException {
        try (HfCheckpoint checkpoint = load(dir)) {
            return checkpoint.describe();
        }
    }

    /** Checks the folder and keeps its checkpoint mapped, for conversion. */
    static HfCheckpoint load(Path dir) throws ConversionException {
        if (!Files.isDirectory(dir)) {
            throw new ConversionException(dir, "is not a folder; expected a Hugging Face model folder with config.json and *.safetensors");
        }
        HfConfig config = HfConfig.read(dir);
        List<String> warnings = new ArrayList<>(config.warnings());
        Map<String, GgufValue> tokenizer = HfTokenizer.metadata(dir, config.vocabSize(), warnings);
        Safetensors weights = Safetensors.openDirectory(dir);
        try {
            boolean hasLmHead = weights.tensor("lm_head.weight").isPresent();
            if (!config.tiedEmbeddings() && !hasLmHead) {
                throw new ConversionException(weightsFile(dir, weights), "tensor lm_head.weight is missing and config.json has tie_word_embeddings=false");
            }
            List<TensorPlan> plans = TensorPlan.forLlama(config, hasLmHead);
            Set<String> expected = new HashSet<>();
            for (TensorPlan plan : plans) {
                expected.add(plan.hfName());
                SafetensorsTensor tensor = weights.tensor(plan.hfName()).orElseThrow(() -> new ConversionException(
                        weightsFile(dir, weights), "tensor " + plan.hfName() + " is missing"));
                if (!Arrays.equals(tensor.shape(), plan.hfShape())) {
                    throw new ConversionException(tensor.file(), "tensor " + plan.hfName() + " has shape " + Arrays.toString(tensor.shape())
                            + " but config.json implies " + Arrays.toString(plan.hfShape()));
                }
            }
            for (SafetensorsTensor tensor : weights.tensors().values()) {
                if (!expected.contains(tensor.name()) && !TensorPlan.isIgnored(tensor.name())) {
                    throw new ConversionException(tensor.file(), "unexpected tensor " + tensor.name() + " for " + config.architecture().hfName()
                            + " (is config.json for this checkpoint?)");
                }
            }
            return new HfCheckpoint(dir, config, tokenizer, weights, plans, warnings);
        } catch (ConversionException | RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    private static Path weightsFile(Path dir, Safetensors weights) {
        return weights.tensors().isEmpty() ? dir.resolve(Safetensors.SINGLE_FILE)
                : Files.isRegularFile(dir.resolve(Safetensors.INDEX_FILE)) ? dir.resolve(Safetensors.INDEX_FILE)
                : weights.tensors().values().iterator().next().file();
    }

    Path dir() {
        return dir;
    }

    HfConfig config() {
        return config;
    }

    Map<String, GgufValue> tokenizer() {
        return tokenizer;
    }

    List<TensorPlan> plans() {
        return plans;
    }

    SafetensorsTensor tensor(TensorPlan plan) {
        return weights.tensor(plan.hfName()).orElseThrow();
    }

    List<String> warnings() {
        return warnings;
    }

    HfModel describe() {
        long parameters = 0;
        Map<Safetensors.Dtype, Long> byType = new HashMap<>();
        for (TensorPlan plan : plans) {
            SafetensorsTensor tensor = tensor(plan);
            parameters += tensor.elementCount();
            byType.merge(tensor.dtype(), tensor.elementCount(), Long::sum);
        }
        String dtype = byType.entrySet().stream().max(Map.Entry.comparingByValue()).map(e -> e.getKey().name()).orElse(config.torchDtype());
        GgufValue template = tokenizer.get("tokenizer.chat_template");
        return new HfModel(config.architecture().hfName(), config.architecture().ggufName(), parameters, config.contextLength(),
                config.vocabSize(), config.hiddenSize(), config.layers(), config.tiedEmbeddings(), dtype,
                template == null ? null : template.asString(), warnings);
    }

    @Override
    public void close() {
        weights.close();
    }
}
