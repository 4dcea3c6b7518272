package dev.hearth.engine.synth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hearth.engine.convert.HfTokenizer;
import dev.hearth.engine.convert.PeftToGguf;
import dev.hearth.engine.convert.RotaryPermutation;
import dev.hearth.engine.convert.Safetensors;
import dev.hearth.engine.convert.SafetensorsWriter;
import dev.hearth.engine.gguf.FloatSource;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a synthetic model as a Hugging Face folder ({@code config.json}, safetensors, optionally sharded,
 * {@code tokenizer.json}, {@code tokenizer_config.json} with the chat template, {@code generation_config.json}) and
 * random LoRA adapters as PEFT folders. The weights are exactly those {@link SyntheticModelWriter} and
 * {@link SyntheticLora} write for the same spec (q/k rows of llama models stored in Hugging Face's rotary layout), so
 * converting the folder reproduces the directly written GGUF.
 */
public final class SyntheticHfWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SyntheticHfWriter() {
    }

    /**
     * Writes {@code spec} into {@code dir} with matrices and vectors in {@code dtype} (F32, F16 or BF16); with
     * {@code shardSize > 0}, tensors are split over shards of at most that many bytes (a larger tensor gets a shard
     * of its own) listed in {@code model.safetensors.index.json}.
     */
    public static SynthResult writeModel(SynthSpec spec, Path dir, GgmlType dtype, long shardSize) throws IOException {
        Safetensors.Dtype safetensorsType = safetensorsType(dtype);
        Vocabulary vocabulary = Vocabulary.of(spec);
        if (spec.chatTemplate() != null) {
            vocabulary = vocabulary.withChatTemplate(spec.chatTemplate());
        }
        Files.createDirectories(dir);
        List<SyntheticTensor> tensors = SyntheticWeights.tensors(spec, vocabulary.tokenCount());
        List<SafetensorsWriter> shards = new ArrayList<>();
        SafetensorsWriter current = null;
        long parameters = 0;
        for (SyntheticTensor tensor : tensors) {
            long bytes = tensor.elementCount() * safetensorsType.size();
            if (current == null || (shardSize > 0 && current.dataSize() > 0 && current.dataSize() + bytes > shardSize)) {
                current = new SafetensorsWriter().metadata("format", "pt");
                shards.add(current);
            }
            current.add(hfName(tensor.name()), safetensorsType, reversed(tensor.dims()), hfOrder(spec, tensor));
            parameters += tensor.elementCount();
        }
        long total = 0;
        if (shardSize <= 0) {
            shards.getFirst().write(dir.resolve(Safetensors.SINGLE_FILE));
            total = shards.getFirst().dataSize();
        } else {
            Map<String, String> weightMap = new LinkedHashMap<>();
            for (int i = 0; i < shards.size(); i++) {
                String name = String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, shards.size());
                shards.get(i).write(dir.resolve(name));
                total += shards.get(i).dataSize();
                for (String tensor : shards.get(i).names()) {
                    weightMap.put(tensor, name);
                }
            }
            JSON.writeValue(dir.resolve(Safetensors.INDEX_FILE).toFile(), Map.of("metadata", Map.of("total_size", total), "weight_map", weightMap));
        }
        writeConfig(spec, vocabulary, dtype, dir);
        writeTokenizer(vocabulary, dir);
        return new SynthResult(dir, total, parameters);
    }

    /** Writes the adapter {@link SyntheticLora} would write for {@code baseModel} as a PEFT folder. */
    public static SynthResult writeAdapter(Path baseModel, Path dir, LoraSpec spec) throws IOException {
        Files.createDirectories(dir);
        SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
        long parameters = 0;
        List<String> modules = new ArrayList<>();
        try (GgufFile base = GgufFile.open(baseModel)) {
            String arch = base.architecture();
            for (SyntheticTensor tensor : SyntheticLora.tensors(base, spec)) {
                // blk.N.<target>.weight.lora_a|lora_b
                String[] parts = tensor.name().split("\\.");
                String module = hfModule(parts[2]);
                if (!modules.contains(module)) {
                    modules.add(module);
                }
                boolean isB = parts[4].equals("lora_b");
                String name = "base_model.model.model.layers." + parts[1] + "." + (parts[2].startsWith("attn") ? "self_attn." : "mlp.")
                        + module + ".lora_" + (isB ? "B" : "A") + ".weight";
                FloatSource values = tensor;
                if (isB && arch.equals("llama") && (module.equals("q_proj") || module.equals("k_proj"))) {
                    int heads = base.require(arch + ".attention.head_count" + (module.equals("k_proj") ? "_kv" : "")).asInt();
                    values = permuted(tensor, new RotaryPermutation(heads, (int) tensor.dims()[1]));
                }
                writer.add(name, safetensorsType(spec.type()), reversed(tensor.dims()), values);
                parameters += tensor.elementCount();
            }
        }
        writer.write(dir.resolve(PeftToGguf.WEIGHTS_FILE));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("peft_type", "LORA");
        config.put("task_type", "CAUSAL_LM");
        config.put("base_model_name_or_path", baseModel.getFileName().toString());
        config.put("r", spec.rank());
        config.put("lora_alpha", spec.alpha());
        config.put("lora_dropout", 0.0);
        config.put("target_modules", modules);
        config.put("bias", "none");
        config.put("use_dora", false);
        config.put("use_rslora", false);
        config.put("fan_in_fan_out", false);
        JSON.writeValue(dir.resolve(PeftToGguf.CONFIG_FILE).toFile(), config);
        return new SynthResult(dir, writer.dataSize(), parameters);
    }

    private static Safetensors.Dtype safetensorsType(GgmlType type) {
        return switch (type) {
            case F32 -> Safetensors.Dtype.F32;
            case F16 -> Safetensors.Dtype.F16;
            case BF16 -> Safetensors.Dtype.BF16;
            default -> throw new IllegalArgumentException("--hf-dtype must be f32, f16 or bf16, got " + type.name().toLowerCase(Locale.ROOT));
        };
    }

    /** The tensor's values in Hugging Face order: llama q/k rows back in the "halves" rotary layout. */
    private static FloatSource hfOrder(SynthSpec spec, SyntheticTensor tensor) {
        boolean q = tensor.name().endsWith("attn_q.weight");
        boolean k = tensor.name().endsWith("attn_k.weight");
        if (spec.architecture() != ModelArchitecture.LLAMA || !(q || k)) {
            return tensor;
        }
        return permuted(tensor, new RotaryPermutation(q ? spec.heads() : spec.kvHeads(), (int) tensor.dims()[1]));
    }

    /** Hugging Face row {@code r} is GGUF row {@code permutation.ggufRow(r)}. */
    private static FloatSource permuted(SyntheticTensor tensor, RotaryPermutation permutation) {
        long rowLength = tensor.dims()[0];
        return (first, dst, count) -> {
            for (int i = 0; i < count; i++) {
                long index = first + i;
                int row = (int) (index / rowLength);
                dst[i] = tensor.value(permutation.ggufRow(row) * rowLength + index % rowLength);
            }
        };
    }

    private static long[] reversed(long[] dims) {
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[dims.length - 1 - i];
        }
        return shape;
    }

    static String hfName(String ggufName) {
        return switch (ggufName) {
            case "token_embd.weight" -> "model.embed_tokens.weight";
            case "output_norm.weight" -> "model.norm.weight";
            case "output.weight" -> "lm_head.weight";
            default -> {
                String[] parts = ggufName.split("\\.", 4); // blk, N, name, weight|bias
                String prefix = "model.layers." + parts[1] + ".";
                yield switch (parts[2]) {
                    case "attn_norm" -> prefix + "input_layernorm.weight";
                    case "ffn_norm" -> prefix + "post_attention_layernorm.weight";
                    case "attn_q", "attn_k", "attn_v", "attn_output" -> prefix + "self_attn." + hfModule(parts[2]) + "." + parts[3];
                    case "attn_q_norm" -> prefix + "self_attn.q_norm.weight";
                    case "attn_k_norm" -> prefix + "self_attn.k_norm.weight";
                    default -> prefix + "mlp." + hfModule(parts[2]) + "." + parts[3];
                };
            }
        };
    }

    private static String hfModule(String ggufModule) {
        for (Map.Entry<String, String> module : PeftToGguf.MODULES.entrySet()) {
            if (module.getValue().equals(ggufModule)) {
                return module.getKey();
            }
        }
        throw new IllegalArgumentException("no Hugging Face module for " + ggufModule);
    }

    private static void writeConfig(SynthSpec spec, Vocabulary vocabulary, GgmlType dtype, Path dir) throws IOException {
        Map<String, GgufValue> meta = vocabulary.metadata();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architectures", List.of(switch (spec.architecture()) {
            case LLAMA -> "LlamaForCausalLM";
            case QWEN2 -> "Qwen2ForCausalLM";
            case QWEN3 -> "Qwen3ForCausalLM";
        }));
        config.put("model_type", spec.architecture().ggufName());
        config.put("hidden_size", spec.hiddenSize());
        config.put("intermediate_size", spec.ffnSize());
        config.put("num_hidden_layers", spec.layers());
        config.put("num_attention_heads", spec.heads());
        config.put("num_key_value_heads", spec.kvHeads());
        if (spec.architecture() == ModelArchitecture.QWEN3) {
            config.put("head_dim", spec.headSize());
        }
        config.put("max_position_embeddings", spec.contextLength());
        config.put("rope_theta", spec.ropeTheta());
        config.put("rms_norm_eps", spec.rmsEps());
        config.put("vocab_size", vocabulary.tokenCount());
        config.put("tie_word_embeddings", spec.tiedEmbeddings());
        config.put("hidden_act", "silu");
        config.put("torch_dtype", switch (dtype) {
            case F32 -> "float32";
            case F16 -> "float16";
            default -> "bfloat16";
        });
        Map<String, Object> generation = new LinkedHashMap<>();
        for (String kind : List.of("bos", "eos")) {
            GgufValue id = meta.get("tokenizer.ggml." + kind + "_token_id");
            if (id != null) {
                config.put(kind + "_token_id", id.asInt());
                generation.put(kind + "_token_id", id.asInt());
            }
        }
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
        JSON.writeValue(dir.resolve("generation_config.json").toFile(), generation);
    }

    private static void writeTokenizer(Vocabulary vocabulary, Path dir) throws IOException {
        Map<String, GgufValue> meta = vocabulary.metadata();
        String model = meta.get("tokenizer.ggml.model").asString();
        if (!model.equals("gpt2")) {
            throw new IllegalArgumentException("--format hf needs a byte-level BPE (gpt2) vocabulary, this one is '" + model + "'");
        }
        String pre = meta.containsKey("tokenizer.ggml.pre") ? meta.get("tokenizer.ggml.pre").asString() : "default";
        if (!HfTokenizer.PRE_TOKENIZER_PATTERNS.containsKey(pre)) {
            throw new IllegalArgumentException("--format hf: the vocabulary's pre-tokenizer '" + pre + "' has no Hugging Face equivalent here; supported: "
                    + HfTokenizer.PRE_TOKENIZER_PATTERNS.keySet());
        }
        String[] tokens = meta.get(Vocabulary.TOKENS_KEY).asArray().strings();
        int[] types = meta.get("tokenizer.ggml.token_type").asArray().ints();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<Map<String, Object>> added = new ArrayList<>();
        for (int id = 0; id < tokens.length; id++) {
            if (types[id] == 3 || types[id] == 4) {
                Map<String, Object> token = new LinkedHashMap<>();
                token.put("id", id);
                token.put("content", tokens[id]);
                token.put("single_word", false);
                token.put("lstrip", false);
                token.put("rstrip", false);
                token.put("normalized", types[id] == 4);
                token.put("special", types[id] == 3);
                added.add(token);
            }
            vocab.putIfAbsent(tokens[id], id);
        }
        Map<String, Object> bpe = new LinkedHashMap<>();
        bpe.put("type", "BPE");
        bpe.put("dropout", null);
        bpe.put("unk_token", null);
        bpe.put("continuing_subword_prefix", null);
        bpe.put("end_of_word_suffix", null);
        bpe.put("fuse_unk", false);
        bpe.put("byte_fallback", false);
        bpe.put("vocab", vocab);
        bpe.put("merges", List.of(meta.get("tokenizer.ggml.merges").asArray().strings()));
        Map<String, Object> tokenizer = new LinkedHashMap<>();
        tokenizer.put("version", "1.0");
        tokenizer.put("truncation", null);
        tokenizer.put("padding", null);
        tokenizer.put("added_tokens", added);
        tokenizer.put("normalizer", null);
        tokenizer.put("pre_tokenizer", HfTokenizer.preTokenizerJson(pre));
        tokenizer.put("post_processor", Map.of("type", "ByteLevel", "add_prefix_space", true, "trim_offsets", false, "use_regex", true));
        tokenizer.put("decoder", Map.of("type", "ByteLevel", "add_prefix_space", true, "trim_offsets", true, "use_regex", true));
        tokenizer.put("model", bpe);
        JSON.writeValue(dir.resolve(HfTokenizer.TOKENIZER_FILE).toFile(), tokenizer);

        Map<String, Object> config = new LinkedHashMap<>();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.put("add_bos_token", meta.containsKey("tokenizer.ggml.add_bos_token") && meta.get("tokenizer.ggml.add_bos_token").asBoolean());
        config.put("add_eos_token", false);
        for (String kind : List.of("bos", "eos", "pad")) {
            GgufValue id = meta.get("tokenizer.ggml." + (kind.equals("pad") ? "padding" : kind) + "_token_id");
            if (id != null && id.asInt() < tokens.length) {
                config.put(kind + "_token", tokens[id.asInt()]);
            }
        }
        config.put("model_max_length", 131072);
        GgufValue template = meta.get(Vocabulary.CHAT_TEMPLATE_KEY);
        if (template != null) {
            config.put("chat_template", template.asString());
        }
        JSON.writeValue(dir.resolve(HfTokenizer.CONFIG_FILE).toFile(), config);
    }
}
