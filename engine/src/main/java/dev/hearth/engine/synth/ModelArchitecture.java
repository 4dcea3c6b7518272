package dev.hearth.engine.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The llama.cpp architectures the generator can produce; they differ in qwen2's q/k/v biases and qwen3's q/k norms. */
public enum ModelArchitecture {
    LLAMA("llama", false, false),
    QWEN2("qwen2", true, false),
    QWEN3("qwen3", false, true);

    private final String ggufName;
    private final boolean qkvBias;
    private final boolean qkNorm;

    ModelArchitecture(String ggufName, boolean qkvBias, boolean qkNorm) {
        this.ggufName = ggufName;
        this.qkvBias = qkvBias;
        this.qkNorm = qkNorm;
    }

    /** The {@code general.architecture} value and metadata key prefix. */
    public String ggufName() {
        return ggufName;
    }

    public boolean hasQkvBias() {
        return qkvBias;
    }

    /** Qwen3's per-head RMS norms of the queries and keys ({@code attn_q_norm}, {@code attn_k_norm}). */
    public boolean hasQkNorm() {
        return qkNorm;
    }

    public static ModelArchitecture parse(String name) {
        for (ModelArchitecture architecture : values()) {
            if (architecture.ggufName.equals(name.toLowerCase(Locale.ROOT))) {
                return architecture;
            }
        }
        throw new IllegalArgumentException("--arch: unknown architecture '" + name + "', expected one of "
                + Arrays.stream(values()).map(ModelArchitecture::ggufName).collect(Collectors.joining(", ")));
    }
}
