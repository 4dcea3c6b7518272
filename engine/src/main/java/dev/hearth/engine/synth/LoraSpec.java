package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.GgmlType;
import java.util.List;
import java.util.Objects;

/**
 * A random LoRA adapter: rank, alpha (the delta is scaled by {@code alpha / rank}), the modules it adapts in every
 * block (names as in {@code blk.N.<target>.weight}), the type its tensors are stored as (F32 or F16) and the seed.
 */
public record LoraSpec(int rank, float alpha, List<String> targets, GgmlType type, long seed) {

    public static final List<String> ATTENTION_TARGETS = List.of("attn_q", "attn_k", "attn_v", "attn_output");
    public static final List<String> ALL_TARGETS = List.of("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down");

    public LoraSpec {
        targets = List.copyOf(targets);
        Objects.requireNonNull(type, "type");
        if (rank <= 0) {
            throw new IllegalArgumentException("--rank must be positive, got " + rank);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("--alpha must be positive, got " + alpha);
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("--targets must name at least one module");
        }
        if (type != GgmlType.F32 && type != GgmlType.F16) {
            throw new IllegalArgumentException("--type for a LoRA adapter must be f32 or f16, got " + type);
        }
    }

    /** Rank {@code rank} on the attention projections, alpha equal to the rank (scale 1), F32, seed 0. */
    public static LoraSpec attention(int rank) {
        return new LoraSpec(rank, rank, ATTENTION_TARGETS, GgmlType.F32, 0);
    }
}
