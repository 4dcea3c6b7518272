package dev.hearth.engine.convert;

import dev.hearth.engine.gguf.FloatSource;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufTensorInfo;
import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.engine.gguf.GgufWriter;
import dev.hearth.engine.gguf.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Converts a Hugging Face llama-family model folder into a GGUF file llama.cpp loads, as {@code convert_hf_to_gguf.py}
 * does: the same metadata keys, tensor names, the q/k rotary row permutation for llama/mistral, matrices in the
 * chosen precision and 1-D tensors (norms, biases) in F32. Tensors stream from the mapped checkpoint to the file.
 */
public final class HfToGguf {

    private HfToGguf() {
    }

    /**
     * Writes the model in {@code dir} to {@code out} (atomically: the file appears only once complete).
     *
     * @param type F32, F16 or BF16, the type of the matrices
     * @return the model converted (the same as {@link HfCheckpoint#open})
     * @throws ConversionException when the folder cannot be converted, naming the file and problem
     */
    public static HfModel convert(Path dir, Path out, GgmlType type, ConversionProgress progress) throws IOException {
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.BF16) {
            throw new IllegalArgumentException("precision " + type + " is not F32, F16 or BF16; quantize the converted file instead");
        }
        try (HfCheckpoint checkpoint = HfCheckpoint.load(dir)) {
            HfConfig config = checkpoint.config();
            HfModel model = checkpoint.describe();
            GgufWriter writer = metadata(checkpoint, model, type);
            List<TensorPlan> plans = checkpoint.plans();
            int total = plans.size() + (config.ropeScaling() != null && config.ropeScaling().type().equals("llama3") ? 1 : 0);
            long[] bytes = {0, 0};
            int[] done = {0};
            for (TensorPlan plan : plans) {
                SafetensorsTensor tensor = checkpoint.tensor(plan);
                GgmlType tensorType = plan.isMatrix() ? type : GgmlType.F32;
                TensorData data = new ConvertedTensorData(tensor, plan.permutation());
                writer.addTensor(plan.ggufName(), tensorType, tensor.ggufDims(), reporting(data, total, done, bytes, progress));
            }
            if (total > plans.size()) {
                float[] factors = llama3RopeFactors(config);
                writer.addTensor("rope_freqs.weight", GgmlType.F32, new long[] {factors.length},
                        reporting(TensorData.floats(FloatSource.of(factors)), total, done, bytes, progress));
            }
            bytes[1] = writer.tensors().stream().mapToLong(GgufTensorInfo::byteSize).sum();
            writer.write(out);
            return model;
        }
    }

    private static TensorData reporting(TensorData data, int total, int[] done, long[] bytes, ConversionProgress progress) {
        return (tensor, channel) -> {
            data.writeTo(tensor, channel);
            bytes[0] += tensor.byteSize();
            progress.tensorWritten(tensor.name(), ++done[0], total, bytes[0], bytes[1]);
        };
    }

    private static GgufWriter metadata(HfCheckpoint checkpoint, HfModel model, GgmlType type) {
        HfConfig config = checkpoint.config();
        String arch = config.architecture().ggufName();
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", GgufValue.string(arch))
                .put("general.type", GgufValue.string("model"))
                .put("general.name", GgufValue.string(checkpoint.dir().toAbsolutePath().normalize().getFileName().toString()))
                .put("general.file_type", GgufValue.uint32(fileType(type)))
                .put("general.quantization_version", GgufValue.uint32(2))
                .put(arch + ".vocab_size", GgufValue.uint32(config.vocabSize()))
                .put(arch + ".context_length", GgufValue.uint32(config.contextLength()))
                .put(arch + ".embedding_length", GgufValue.uint32(config.hiddenSize()))
                .put(arch + ".feed_forward_length", GgufValue.uint32(config.ffnSize()))
                .put(arch + ".block_count", GgufValue.uint32(config.layers()))
                .put(arch + ".attention.head_count", GgufValue.uint32(config.heads()))
                .put(arch + ".attention.head_count_kv", GgufValue.uint32(config.kvHeads()))
                .put(arch + ".rope.dimension_count", GgufValue.uint32(config.headSize()))
                .put(arch + ".rope.freq_base", GgufValue.float32(config.ropeTheta()))
                .put(arch + ".attention.layer_norm_rms_epsilon", GgufValue.float32(config.rmsEps()));
        if (config.headSize() * config.heads() != config.hiddenSize()) {
            writer.put(arch + ".attention.key_length", GgufValue.uint32(config.headSize()));
            writer.put(arch + ".attention.value_length", GgufValue.uint32(config.headSize()));
        }
        HfConfig.RopeScaling scaling = config.ropeScaling();
        if (scaling != null && scaling.type().equals("linear")) {
            writer.put(arch + ".rope.scaling.type", GgufValue.string("linear"));
            writer.put(arch + ".rope.scaling.factor", GgufValue.float32(scaling.factor()));
        }
        return writer.putAll(checkpoint.tokenizer());
    }

    /** llama.cpp's {@code llama_ftype} of a file whose matrices are {@code type}. */
    static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case BF16 -> 32;
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    /** The per-frequency RoPE factors of Llama 3.1's scaling, computed as {@code convert_hf_to_gguf.py} does. */
    static float[] llama3RopeFactors(HfConfig config) {
        HfConfig.RopeScaling scaling = config.ropeScaling();
        int dim = config.headSize();
        double lowWavelen = scaling.originalContext() / scaling.lowFreqFactor();
        double highWavelen = scaling.originalContext() / scaling.highFreqFactor();
        float[] factors = new float[dim / 2];
        for (int i = 0; i < factors.length; i++) {
            float freq = (float) (1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / dim));
            double wavelen = 2 * Math.PI / freq;
            if (wavelen < highWavelen) {
                factors[i] = 1;
            } else if (wavelen > lowWavelen) {
                factors[i] = scaling.factor();
            } else {
                double smooth = (scaling.originalContext() / wavelen - scaling.lowFreqFactor()) / (scaling.highFreqFactor() - scaling.lowFreqFactor());
                factors[i] = (float) (1 / ((1 - smooth) / scaling.factor() + smooth));
            }
        }
        return factors;
    }
}
