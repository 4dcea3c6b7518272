package dev.hearth.engine.convert;

import java.util.List;

/**
 * A PEFT LoRA adapter's {@code adapter_config.json}, checked.
 *
 * @param rank          {@code r}
 * @param alpha         {@code lora_alpha}; the delta is scaled by {@code alpha / rank} ({@code alpha / sqrt(rank)} with rsLoRA)
 * @param targetModules the Hugging Face module names adapted, such as {@code q_proj}
 * @param baseModel     {@code base_model_name_or_path}, or null
 * @param rsLora        {@code use_rslora}
 */
public record AdapterConfig(int rank, float alpha, List<String> targetModules, String baseModel, boolean rsLora) {

    public AdapterConfig {
        targetModules = List.copyOf(targetModules);
    }

    /** The {@code adapter.lora.alpha} llama.cpp needs to apply the same scale (it always divides by the rank). */
    public float ggufAlpha() {
        return rsLora ? (float) (alpha * Math.sqrt(rank)) : alpha;
    }
}
