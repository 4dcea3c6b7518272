package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.engine.gguf.GgufWriter;
import dev.hearth.engine.gguf.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes a synthetic model GGUF that llama.cpp loads as a real llama, qwen2 or qwen3 model with random weights. */
public final class SyntheticModelWriter {

    /** Metadata key recording the seed, so a synthetic model can be told apart from a real one. */
    public static final String SEED_KEY = "hearth.synthetic.seed";

    private SyntheticModelWriter() {
    }

    /**
     * Writes {@code spec} to {@code out}. For Q8_0/Q4_0 an F16 file is written next to {@code out} first and handed
     * to {@code quantizer} (which may be null for F32/F16), then removed.
     */
    public static SynthResult write(SynthSpec spec, Path out, Quantizer quantizer) throws IOException {
        Vocabulary vocabulary = Vocabulary.of(spec);
        if (spec.chatTemplate() != null) {
            vocabulary = vocabulary.withChatTemplate(spec.chatTemplate());
        }
        List<SyntheticTensor> tensors = SyntheticWeights.tensors(spec, vocabulary.tokenCount());
        GgufWriter writer = gguf(spec, vocabulary, tensors);
        long parameters = writer.elementCount();
        if (!spec.weightType().needsQuantizer()) {
            writer.write(out);
        } else {
            if (quantizer == null) {
                throw new IllegalArgumentException("--type " + spec.weightType().cliName() + " needs a quantizer (libllama), none was given");
            }
            Path unquantized = out.resolveSibling(out.getFileName() + ".f16.tmp");
            try {
                writer.write(unquantized);
                quantizer.quantize(unquantized, out, spec.weightType().cliName(), Runtime.getRuntime().availableProcessors());
            } finally {
                Files.deleteIfExists(unquantized);
            }
        }
        return new SynthResult(out, Files.size(out), parameters);
    }

    /** The complete GGUF description (metadata and tensors) of a synthetic model, ready to write. */
    static GgufWriter gguf(SynthSpec spec, Vocabulary vocabulary, List<SyntheticTensor> tensors) {
        String arch = spec.architecture().ggufName();
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", GgufValue.string(arch))
                .put("general.type", GgufValue.string("model"))
                .put("general.name", GgufValue.string("synthetic " + arch + " " + spec.hiddenSize() + "x" + spec.layers()))
                .put("general.file_type", GgufValue.uint32(spec.weightType().fileType()))
                .put(SEED_KEY, GgufValue.uint64(spec.seed()))
                .put(arch + ".vocab_size", GgufValue.uint32(vocabulary.tokenCount()))
                .put(arch + ".context_length", GgufValue.uint32(spec.contextLength()))
                .put(arch + ".embedding_length", GgufValue.uint32(spec.hiddenSize()))
                .put(arch + ".feed_forward_length", GgufValue.uint32(spec.ffnSize()))
                .put(arch + ".block_count", GgufValue.uint32(spec.layers()))
                .put(arch + ".attention.head_count", GgufValue.uint32(spec.heads()))
                .put(arch + ".attention.head_count_kv", GgufValue.uint32(spec.kvHeads()))
                .put(arch + ".rope.dimension_count", GgufValue.uint32(spec.headSize()))
                .put(arch + ".rope.freq_base", GgufValue.float32(spec.ropeTheta()))
                .put(arch + ".attention.layer_norm_rms_epsilon", GgufValue.float32(spec.rmsEps()))
                .putAll(vocabulary.metadata());
        for (SyntheticTensor tensor : tensors) {
            writer.addTensor(tensor.name(), tensor.type(), tensor.dims(), TensorData.floats(tensor));
        }
        return writer;
    }
}
