package dev.hearth.engine.convert;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The Hugging Face {@code architectures} the converter supports and how each maps to llama.cpp: the GGUF
 * architecture, whether q/k rows are permuted from Hugging Face's "halves" rotary layout to llama.cpp's interleaved
 * one (llama's normal RoPE; qwen2/qwen3 use NeoX RoPE and are left as is), whether q/k/v carry biases (qwen2), and
 * whether each layer has per-head q/k RMS norms (qwen3).
 */
public enum HfArchitecture {
    LLAMA("LlamaForCausalLM", "llama", true, false, false),
    MISTRAL("MistralForCausalLM", "llama", true, false, false),
    QWEN2("Qwen2ForCausalLM", "qwen2", false, true, false),
    QWEN3("Qwen3ForCausalLM", "qwen3", false, false, true);

    private final String hfName;
    private final String ggufName;
    private final boolean permuteQk;
    private final boolean qkvBias;
    private final boolean qkNorm;

    HfArchitecture(String hfName, String ggufName, boolean permuteQk, boolean qkvBias, boolean qkNorm) {
        this.hfName = hfName;
        this.ggufName = ggufName;
        this.permuteQk = permuteQk;
        this.qkvBias = qkvBias;
        this.qkNorm = qkNorm;
    }

    public String hfName() {
        return hfName;
    }

    public String ggufName() {
        return ggufName;
    }

    public boolean permuteQk() {
        return permuteQk;
    }

    public boolean qkvBias() {
        return qkvBias;
    }

    public boolean qkNorm() {
        return qkNorm;
    }

    public static Optional<HfArchitecture> of(String hfName) {
        return Arrays.stream(values()).filter(a -> a.hfName.equals(hfName)).findFirst();
    }

    public static List<String> supportedNames() {
        return Arrays.stream(values()).map(HfArchitecture::hfName).toList();
    }
}
