package dev.hearth.engine.synth;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything that determines a synthetic model file: its shape, its tokenizer and its random weights. The same spec
 * always produces the same bytes. Validation messages name the {@code synth} command's options.
 *
 * @param vocab        a GGUF file whose {@code tokenizer.*} metadata is copied, or null for the built-in byte vocabulary
 * @param chatTemplate a Jinja chat template to store, or null to keep the vocabulary's own (if any)
 */
public record SynthSpec(
        ModelArchitecture architecture,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int ffnSize,
        int contextLength,
        float ropeTheta,
        float rmsEps,
        boolean tiedEmbeddings,
        Path vocab,
        String chatTemplate,
        WeightType weightType,
        long seed) {

    public SynthSpec {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(weightType, "weightType");
        requirePositive("--hidden", hiddenSize);
        requirePositive("--layers", layers);
        requirePositive("--heads", heads);
        requirePositive("--kv-heads", kvHeads);
        requirePositive("--ffn", ffnSize);
        requirePositive("--ctx", contextLength);
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("--hidden " + hiddenSize + " is not a multiple of --heads " + heads);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException("--heads " + heads + " is not a multiple of --kv-heads " + kvHeads);
        }
        if (hiddenSize / heads % 2 != 0) {
            throw new IllegalArgumentException("--hidden / --heads gives an odd head size " + hiddenSize / heads + "; rotary embeddings need an even one");
        }
        if (!(ropeTheta > 0) || !(rmsEps > 0)) {
            throw new IllegalArgumentException("rope theta and rms epsilon must be positive");
        }
    }

    public int headSize() {
        return hiddenSize / heads;
    }

    /** Width of the key and value projections: one head size per KV head. */
    public int kvSize() {
        return headSize() * kvHeads;
    }

    public SynthSpec withSeed(long newSeed) {
        return new SynthSpec(architecture, hiddenSize, layers, heads, kvHeads, ffnSize, contextLength, ropeTheta, rmsEps,
                tiedEmbeddings, vocab, chatTemplate, weightType, newSeed);
    }

    public SynthSpec withWeightType(WeightType newType) {
        return new SynthSpec(architecture, hiddenSize, layers, heads, kvHeads, ffnSize, contextLength, ropeTheta, rmsEps,
                tiedEmbeddings, vocab, chatTemplate, newType, seed);
    }

    private static void requirePositive(String option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, got " + value);
        }
    }
}
