package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.invoke.MethodHandle;

/**
 * Downcall handles for the part of llama.h Hearth uses. Static finals so {@code invokeExact} calls are
 * constant-folded; the class is only initialised after {@link LlamaLibrary#ensureLoaded()} succeeded.
 */
final class Api {
    private Api() {}

    private static final Linker LINKER = Linker.nativeLinker();

    private static MethodHandle fn(String name, MemoryLayout result, MemoryLayout... args) {
        FunctionDescriptor descriptor = result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
        return LINKER.downcallHandle(LlamaLibrary.symbol(LlamaLibrary.lookup(), name), descriptor);
    }

    // model
    static final MethodHandle model_default_params = fn("llama_model_default_params", Structs.MODEL_PARAMS);
    static final MethodHandle model_load_from_file = fn("llama_model_load_from_file", ADDRESS, ADDRESS, Structs.MODEL_PARAMS);
    static final MethodHandle model_free = fn("llama_model_free", null, ADDRESS);
    static final MethodHandle model_get_vocab = fn("llama_model_get_vocab", ADDRESS, ADDRESS);
    static final MethodHandle model_n_ctx_train = fn("llama_model_n_ctx_train", JAVA_INT, ADDRESS);
    static final MethodHandle model_n_embd = fn("llama_model_n_embd", JAVA_INT, ADDRESS);
    static final MethodHandle model_n_embd_out = fn("llama_model_n_embd_out", JAVA_INT, ADDRESS);
    static final MethodHandle model_n_layer = fn("llama_model_n_layer", JAVA_INT, ADDRESS);
    static final MethodHandle model_n_params = fn("llama_model_n_params", JAVA_LONG, ADDRESS);
    static final MethodHandle model_size = fn("llama_model_size", JAVA_LONG, ADDRESS);
    static final MethodHandle model_meta_val_str = fn("llama_model_meta_val_str", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle model_desc = fn("llama_model_desc", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG);
    static final MethodHandle model_chat_template = fn("llama_model_chat_template", ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle model_quantize = fn("llama_model_quantize", JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle model_quantize_default_params = fn("llama_model_quantize_default_params", Structs.QUANTIZE_PARAMS);

    // vocab
    static final MethodHandle vocab_n_tokens = fn("llama_vocab_n_tokens", JAVA_INT, ADDRESS);
    static final MethodHandle vocab_type = fn("llama_vocab_type", JAVA_INT, ADDRESS);
    static final MethodHandle vocab_bos = fn("llama_vocab_bos", JAVA_INT, ADDRESS);
    static final MethodHandle vocab_eos = fn("llama_vocab_eos", JAVA_INT, ADDRESS);
    static final MethodHandle vocab_eot = fn("llama_vocab_eot", JAVA_INT, ADDRESS);
    static final MethodHandle vocab_get_add_bos = fn("llama_vocab_get_add_bos", JAVA_BOOLEAN, ADDRESS);
    static final MethodHandle vocab_is_eog = fn("llama_vocab_is_eog", JAVA_BOOLEAN, ADDRESS, JAVA_INT);
    static final MethodHandle vocab_is_control = fn("llama_vocab_is_control", JAVA_BOOLEAN, ADDRESS, JAVA_INT);
    static final MethodHandle tokenize = fn("llama_tokenize", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN);
    static final MethodHandle token_to_piece = fn("llama_token_to_piece", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_BOOLEAN);
    static final MethodHandle detokenize = fn("llama_detokenize", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_BOOLEAN, JAVA_BOOLEAN);

    // context
    static final MethodHandle context_default_params = fn("llama_context_default_params", Structs.CONTEXT_PARAMS);
    static final MethodHandle init_from_model = fn("llama_init_from_model", ADDRESS, ADDRESS, Structs.CONTEXT_PARAMS);
    static final MethodHandle free = fn("llama_free", null, ADDRESS);
    static final MethodHandle n_ctx = fn("llama_n_ctx", JAVA_INT, ADDRESS);
    static final MethodHandle n_ctx_seq = fn("llama_n_ctx_seq", JAVA_INT, ADDRESS);
    static final MethodHandle n_batch = fn("llama_n_batch", JAVA_INT, ADDRESS);
    static final MethodHandle n_ubatch = fn("llama_n_ubatch", JAVA_INT, ADDRESS);
    static final MethodHandle n_seq_max = fn("llama_n_seq_max", JAVA_INT, ADDRESS);
    static final MethodHandle n_threads = fn("llama_n_threads", JAVA_INT, ADDRESS);
    static final MethodHandle pooling_type = fn("llama_pooling_type", JAVA_INT, ADDRESS);
    static final MethodHandle decode = fn("llama_decode", JAVA_INT, ADDRESS, Structs.BATCH);
    static final MethodHandle get_logits_ith = fn("llama_get_logits_ith", ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle get_embeddings_seq = fn("llama_get_embeddings_seq", ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle get_embeddings_ith = fn("llama_get_embeddings_ith", ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle set_adapters_lora = fn("llama_set_adapters_lora", JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS);
    static final MethodHandle perf_context = fn("llama_perf_context", Structs.PERF_CONTEXT, ADDRESS);
    static final MethodHandle perf_context_reset = fn("llama_perf_context_reset", null, ADDRESS);

    // memory (KV cache)
    static final MethodHandle get_memory = fn("llama_get_memory", ADDRESS, ADDRESS);
    static final MethodHandle memory_clear = fn("llama_memory_clear", null, ADDRESS, JAVA_BOOLEAN);
    static final MethodHandle memory_seq_rm = fn("llama_memory_seq_rm", JAVA_BOOLEAN, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT);
    static final MethodHandle memory_seq_cp = fn("llama_memory_seq_cp", null, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    static final MethodHandle memory_seq_keep = fn("llama_memory_seq_keep", null, ADDRESS, JAVA_INT);
    static final MethodHandle memory_seq_pos_max = fn("llama_memory_seq_pos_max", JAVA_INT, ADDRESS, JAVA_INT);

    // LoRA
    static final MethodHandle adapter_lora_init = fn("llama_adapter_lora_init", ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle adapter_lora_free = fn("llama_adapter_lora_free", null, ADDRESS);
    static final MethodHandle adapter_meta_val_str = fn("llama_adapter_meta_val_str", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);

    // samplers
    static final MethodHandle sampler_chain_init = fn("llama_sampler_chain_init", ADDRESS, Structs.SAMPLER_CHAIN_PARAMS);
    static final MethodHandle sampler_chain_add = fn("llama_sampler_chain_add", null, ADDRESS, ADDRESS);
    static final MethodHandle sampler_free = fn("llama_sampler_free", null, ADDRESS);
    static final MethodHandle sampler_sample = fn("llama_sampler_sample", JAVA_INT, ADDRESS, ADDRESS, JAVA_INT);
    static final MethodHandle sampler_accept = fn("llama_sampler_accept", null, ADDRESS, JAVA_INT);
    static final MethodHandle sampler_apply = fn("llama_sampler_apply", null, ADDRESS, ADDRESS);
    static final MethodHandle sampler_reset = fn("llama_sampler_reset", null, ADDRESS);
    static final MethodHandle sampler_init_greedy = fn("llama_sampler_init_greedy", ADDRESS);
    static final MethodHandle sampler_init_dist = fn("llama_sampler_init_dist", ADDRESS, JAVA_INT);
    static final MethodHandle sampler_init_top_k = fn("llama_sampler_init_top_k", ADDRESS, JAVA_INT);
    static final MethodHandle sampler_init_top_p = fn("llama_sampler_init_top_p", ADDRESS, JAVA_FLOAT, JAVA_LONG);
    static final MethodHandle sampler_init_min_p = fn("llama_sampler_init_min_p", ADDRESS, JAVA_FLOAT, JAVA_LONG);
    static final MethodHandle sampler_init_typical = fn("llama_sampler_init_typical", ADDRESS, JAVA_FLOAT, JAVA_LONG);
    static final MethodHandle sampler_init_temp = fn("llama_sampler_init_temp", ADDRESS, JAVA_FLOAT);
    static final MethodHandle sampler_init_mirostat = fn("llama_sampler_init_mirostat", ADDRESS, JAVA_INT, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_INT);
    static final MethodHandle sampler_init_mirostat_v2 = fn("llama_sampler_init_mirostat_v2", ADDRESS, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT);
    static final MethodHandle sampler_init_grammar = fn("llama_sampler_init_grammar", ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    static final MethodHandle sampler_init_penalties = fn("llama_sampler_init_penalties", ADDRESS, JAVA_INT, JAVA_INT, JAVA_FLOAT, JAVA_FLOAT, JAVA_FLOAT);
    static final MethodHandle sampler_init_logit_bias = fn("llama_sampler_init_logit_bias", ADDRESS, JAVA_INT, JAVA_INT, ADDRESS);
}
