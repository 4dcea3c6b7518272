package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.GgmlType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The tensors of a synthetic llama/qwen2/qwen3 model, named and shaped as llama.cpp loads them. Matrices have standard
 * deviation {@code 1/sqrt(inputs)} so each projection keeps activations at unit scale (logits come out with a spread
 * of about 1, neither flat nor peaked); norm weights are 1, qwen2's q/k/v biases have deviation 0.02, and qwen3's
 * q/k norms scatter around 1 so that swapping or misplacing them changes the output. Matrices
 * are stored as the spec's written type, vectors as F32.
 */
public final class SyntheticWeights {

    private static final float BIAS_STD = 0.02f;
    private static final float QK_NORM_STD = 0.2f;

    private SyntheticWeights() {
    }

    /** The tensors of {@code spec}, the vocabulary size taken from its vocabulary. */
    public static List<SyntheticTensor> tensors(SynthSpec spec) throws IOException {
        return tensors(spec, Vocabulary.of(spec).tokenCount());
    }

    public static List<SyntheticTensor> tensors(SynthSpec spec, int vocabSize) {
        long seed = spec.seed();
        GgmlType matrixType = spec.weightType().writtenType();
        int hidden = spec.hiddenSize();
        int kv = spec.kvSize();
        int ffn = spec.ffnSize();
        List<SyntheticTensor> tensors = new ArrayList<>();
        tensors.add(matrix("token_embd.weight", matrixType, seed, hidden, vocabSize));
        for (int layer = 0; layer < spec.layers(); layer++) {
            String block = "blk." + layer + ".";
            tensors.add(ones(block + "attn_norm.weight", seed, hidden));
            tensors.add(matrix(block + "attn_q.weight", matrixType, seed, hidden, hidden));
            tensors.add(matrix(block + "attn_k.weight", matrixType, seed, hidden, kv));
            tensors.add(matrix(block + "attn_v.weight", matrixType, seed, hidden, kv));
            if (spec.architecture().hasQkvBias()) {
                tensors.add(SyntheticTensor.random(block + "attn_q.bias", GgmlType.F32, 0, BIAS_STD, seed, hidden));
                tensors.add(SyntheticTensor.random(block + "attn_k.bias", GgmlType.F32, 0, BIAS_STD, seed, kv));
                tensors.add(SyntheticTensor.random(block + "attn_v.bias", GgmlType.F32, 0, BIAS_STD, seed, kv));
            }
            if (spec.architecture().hasQkNorm()) {
                tensors.add(SyntheticTensor.random(block + "attn_q_norm.weight", GgmlType.F32, 1, QK_NORM_STD, seed, spec.headSize()));
                tensors.add(SyntheticTensor.random(block + "attn_k_norm.weight", GgmlType.F32, 1, QK_NORM_STD, seed, spec.headSize()));
            }
            tensors.add(matrix(block + "attn_output.weight", matrixType, seed, hidden, hidden));
            tensors.add(ones(block + "ffn_norm.weight", seed, hidden));
            tensors.add(matrix(block + "ffn_gate.weight", matrixType, seed, hidden, ffn));
            tensors.add(matrix(block + "ffn_up.weight", matrixType, seed, hidden, ffn));
            tensors.add(matrix(block + "ffn_down.weight", matrixType, seed, ffn, hidden));
        }
        tensors.add(ones("output_norm.weight", seed, hidden));
        if (!spec.tiedEmbeddings()) {
            tensors.add(matrix("output.weight", matrixType, seed, hidden, vocabSize));
        }
        return tensors;
    }

    /** A matrix with {@code inputs} columns (GGUF dimension 0) and {@code outputs} rows. */
    static SyntheticTensor matrix(String name, GgmlType type, long seed, long inputs, long outputs) {
        return SyntheticTensor.random(name, type, 0, (float) (1 / Math.sqrt(inputs)), seed, inputs, outputs);
    }

    private static SyntheticTensor ones(String name, long seed, long size) {
        return SyntheticTensor.random(name, GgmlType.F32, 1, 0, seed, size);
    }
}
