package dev.hearth.engine.synth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The llama.cpp architectures the generator can produce; they differ only in qwen2's q/k/v biases. */
public enum ModelArchitecture {
    LLAMA("llama", false),
    QWEN2("qwen2", true);

    private final String ggufName;
    private final boolean qkvBias;

    ModelArchitecture(String ggufName, boolean qkvBias) {
        this.ggufName = ggufName;
        this.qkvBias = qkvBias;
    }

    /** The {@code general.architecture} value and metadata key prefix. */
    public String ggufName() {
        return ggufName;
    }

    public boolean hasQkvBias() {
        return qkvBias;
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
