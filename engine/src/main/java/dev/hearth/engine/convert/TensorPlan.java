package dev.hearth.engine.convert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One checkpoint tensor and where it goes: its Hugging Face name and the PyTorch shape the config implies, its GGUF
 * name, and the q/k row permutation to apply (null for none).
 */
public record TensorPlan(String hfName, long[] hfShape, String ggufName, RotaryPermutation permutation) {

    public TensorPlan {
        Objects.requireNonNull(hfName);
        Objects.requireNonNull(ggufName);
        hfShape = hfShape.clone();
    }

    @Override
    public long[] hfShape() {
        return hfShape.clone();
    }

    public boolean isMatrix() {
        return hfShape.length == 2;
    }

    /** Tensors a checkpoint may hold that the converter drops, as {@code convert_hf_to_gguf.py} does. */
    public static boolean isIgnored(String hfName) {
        return hfName.endsWith(".rotary_emb.inv_freq");
    }

    /**
     * The tensors of a llama-family checkpoint described by {@code config}, in GGUF order; {@code lm_head.weight}
     * only when the embeddings are untied or {@code hasLmHead} (a tied checkpoint that stores it anyway).
     */
    public static List<TensorPlan> forLlama(HfConfig config, boolean hasLmHead) {
        int hidden = config.hiddenSize();
        int q = config.qSize();
        int kv = config.kvSize();
        int ffn = config.ffnSize();
        boolean permute = config.architecture().permuteQk();
        List<TensorPlan> plans = new ArrayList<>();
        plans.add(new TensorPlan("model.embed_tokens.weight", new long[] {config.vocabSize(), hidden}, "token_embd.weight", null));
        for (int layer = 0; layer < config.layers(); layer++) {
            String hf = "model.layers." + layer + ".";
            String blk = "blk." + layer + ".";
            plans.add(new TensorPlan(hf + "input_layernorm.weight", new long[] {hidden}, blk + "attn_norm.weight", null));
            plans.add(new TensorPlan(hf + "self_attn.q_proj.weight", new long[] {q, hidden}, blk + "attn_q.weight",
                    permute ? new RotaryPermutation(config.heads(), q) : null));
            plans.add(new TensorPlan(hf + "self_attn.k_proj.weight", new long[] {kv, hidden}, blk + "attn_k.weight",
                    permute ? new RotaryPermutation(config.kvHeads(), kv) : null));
            plans.add(new TensorPlan(hf + "self_attn.v_proj.weight", new long[] {kv, hidden}, blk + "attn_v.weight", null));
            if (config.architecture().qkvBias()) {
                plans.add(new TensorPlan(hf + "self_attn.q_proj.bias", new long[] {q}, blk + "attn_q.bias", null));
                plans.add(new TensorPlan(hf + "self_attn.k_proj.bias", new long[] {kv}, blk + "attn_k.bias", null));
                plans.add(new TensorPlan(hf + "self_attn.v_proj.bias", new long[] {kv}, blk + "attn_v.bias", null));
            }
            if (config.architecture().qkNorm()) {
                plans.add(new TensorPlan(hf + "self_attn.q_norm.weight", new long[] {config.headSize()}, blk + "attn_q_norm.weight", null));
                plans.add(new TensorPlan(hf + "self_attn.k_norm.weight", new long[] {config.headSize()}, blk + "attn_k_norm.weight", null));
            }
            plans.add(new TensorPlan(hf + "self_attn.o_proj.weight", new long[] {hidden, q}, blk + "attn_output.weight", null));
            plans.add(new TensorPlan(hf + "post_attention_layernorm.weight", new long[] {hidden}, blk + "ffn_norm.weight", null));
            plans.add(new TensorPlan(hf + "mlp.gate_proj.weight", new long[] {ffn, hidden}, blk + "ffn_gate.weight", null));
            plans.add(new TensorPlan(hf + "mlp.up_proj.weight", new long[] {ffn, hidden}, blk + "ffn_up.weight", null));
            plans.add(new TensorPlan(hf + "mlp.down_proj.weight", new long[] {hidden, ffn}, blk + "ffn_down.weight", null));
        }
        plans.add(new TensorPlan("model.norm.weight", new long[] {hidden}, "output_norm.weight", null));
        if (!config.tiedEmbeddings() || hasLmHead) {
            plans.add(new TensorPlan("lm_head.weight", new long[] {config.vocabSize(), hidden}, "output.weight", null));
        }
        return plans;
    }

    @Override
    public String toString() {
        return hfName + " " + Arrays.toString(hfShape) + " -> " + ggufName;
    }
}
