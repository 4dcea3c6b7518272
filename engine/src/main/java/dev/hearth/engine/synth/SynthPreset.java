package dev.hearth.engine.synth;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Named model shapes. {@code tiny} is self-contained (built-in byte vocabulary, untied output, about 0.2 MB at F16);
 * the others copy the real model's shape and tokenizer, taken from a vocab-only GGUF in a vocabulary directory.
 */
public enum SynthPreset {
    TINY("tiny", null),
    QWEN2_5_0_5B("qwen2.5-0.5b", "ggml-vocab-qwen2.gguf"),
    LLAMA_3_2_1B("llama-3.2-1b", "ggml-vocab-llama-bpe.gguf");

    private final String id;
    private final String vocabFile;

    SynthPreset(String id, String vocabFile) {
        this.id = id;
        this.vocabFile = vocabFile;
    }

    public String id() {
        return id;
    }

    /** The vocab-only GGUF file name this preset needs, or null for the built-in vocabulary. */
    public String vocabFile() {
        return vocabFile;
    }

    /** The preset's spec (F16, seed 0), its vocabulary file taken from {@code vocabDir} (which tiny ignores, so may be null). */
    public SynthSpec spec(Path vocabDir) {
        Path vocab = vocabFile == null ? null : vocabDir.resolve(vocabFile);
        return switch (this) {
            case TINY -> new SynthSpec(ModelArchitecture.LLAMA, 64, 2, 4, 2, 128, 2048, 10_000f, 1e-5f, false,
                    null, null, WeightType.F16, 0);
            case QWEN2_5_0_5B -> new SynthSpec(ModelArchitecture.QWEN2, 896, 24, 14, 2, 4864, 32_768, 1_000_000f, 1e-6f, true,
                    vocab, null, WeightType.F16, 0);
            case LLAMA_3_2_1B -> new SynthSpec(ModelArchitecture.LLAMA, 2048, 16, 32, 8, 8192, 131_072, 500_000f, 1e-5f, true,
                    vocab, ChatTemplates.LLAMA3, WeightType.F16, 0);
        };
    }

    public static SynthPreset parse(String id) {
        for (SynthPreset preset : values()) {
            if (preset.id.equals(id)) {
                return preset;
            }
        }
        throw new IllegalArgumentException("--preset: unknown preset '" + id + "', expected one of "
                + Arrays.stream(values()).map(SynthPreset::id).collect(Collectors.joining(", ")));
    }

    /**
     * Where preset vocabularies are looked up by default: system property {@code hearth.vocab.dir}, else
     * {@code <hearth.shared>/fixtures/llama-vocab}, else {@code ../shared/fixtures/llama-vocab}.
     */
    public static Path defaultVocabDir() {
        String dir = System.getProperty("hearth.vocab.dir");
        if (dir != null) {
            return Path.of(dir);
        }
        return Path.of(System.getProperty("hearth.shared", "../shared")).resolve("fixtures/llama-vocab");
    }
}
