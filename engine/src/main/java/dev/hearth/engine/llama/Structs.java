package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * The by-value structs of llama.h at release v0.5.0, with their field offsets. Layouts change between
 * releases (v0.5.0 put {@code n_rs_seq} before {@code n_threads}), so {@link #checkLayouts} reads the
 * library's defaults back through these offsets and refuses to run when they do not look right.
 */
final class Structs {
    private Structs() {}

    static MemoryLayout pad(long bytes) {
        return MemoryLayout.paddingLayout(bytes);
    }

    static final StructLayout MODEL_PARAMS = MemoryLayout.structLayout(
            ADDRESS.withName("devices"), ADDRESS.withName("tensor_buft_overrides"),
            JAVA_INT.withName("n_gpu_layers"), JAVA_INT.withName("split_mode"), JAVA_INT.withName("load_mode"),
            JAVA_INT.withName("lazy_mode"), JAVA_INT.withName("main_gpu"), pad(4),
            ADDRESS.withName("tensor_split"), ADDRESS.withName("progress_callback"), ADDRESS.withName("progress_callback_user_data"),
            ADDRESS.withName("kv_overrides"),
            JAVA_BOOLEAN.withName("vocab_only"), JAVA_BOOLEAN.withName("check_tensors"), JAVA_BOOLEAN.withName("use_extra_bufts"),
            JAVA_BOOLEAN.withName("no_host"), JAVA_BOOLEAN.withName("no_alloc"), JAVA_BOOLEAN.withName("load_mtp"), pad(2));
    static final long MP_N_GPU_LAYERS = 16, MP_LOAD_MODE = 24, MP_VOCAB_ONLY = 72, MP_USE_EXTRA_BUFTS = 74;

    static final StructLayout CONTEXT_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("n_ctx"), JAVA_INT.withName("n_batch"), JAVA_INT.withName("n_ubatch"), JAVA_INT.withName("n_seq_max"),
            JAVA_INT.withName("n_rs_seq"), JAVA_INT.withName("n_outputs_max"), JAVA_INT.withName("n_outputs_max_per_seq"),
            JAVA_INT.withName("n_threads"), JAVA_INT.withName("n_threads_batch"), JAVA_INT.withName("ctx_type"),
            JAVA_INT.withName("rope_scaling_type"), JAVA_INT.withName("pooling_type"), JAVA_INT.withName("attention_type"),
            JAVA_INT.withName("flash_attn_type"),
            JAVA_FLOAT.withName("rope_freq_base"), JAVA_FLOAT.withName("rope_freq_scale"), JAVA_FLOAT.withName("yarn_ext_factor"),
            JAVA_FLOAT.withName("yarn_attn_factor"), JAVA_FLOAT.withName("yarn_beta_fast"), JAVA_FLOAT.withName("yarn_beta_slow"),
            JAVA_INT.withName("yarn_orig_ctx"), JAVA_FLOAT.withName("defrag_thold"),
            ADDRESS.withName("cb_eval"), ADDRESS.withName("cb_eval_user_data"),
            JAVA_INT.withName("type_k"), JAVA_INT.withName("type_v"),
            ADDRESS.withName("abort_callback"), ADDRESS.withName("abort_callback_data"),
            JAVA_BOOLEAN.withName("embeddings"), JAVA_BOOLEAN.withName("offload_kqv"), JAVA_BOOLEAN.withName("no_perf"),
            JAVA_BOOLEAN.withName("op_offload"), JAVA_BOOLEAN.withName("swa_full"), JAVA_BOOLEAN.withName("kv_unified"), pad(2),
            ADDRESS.withName("samplers"), JAVA_LONG.withName("n_samplers"), ADDRESS.withName("ctx_other"));
    static final long CP_N_CTX = 0, CP_N_BATCH = 4, CP_N_UBATCH = 8, CP_N_SEQ_MAX = 12, CP_N_THREADS = 28,
            CP_N_THREADS_BATCH = 32, CP_POOLING = 44, CP_FLASH_ATTN = 52, CP_YARN_EXT_FACTOR = 64, CP_TYPE_K = 104,
            CP_TYPE_V = 108, CP_EMBEDDINGS = 128, CP_OFFLOAD_KQV = 129, CP_NO_PERF = 130, CP_KV_UNIFIED = 133;

    static final StructLayout BATCH = MemoryLayout.structLayout(
            JAVA_INT.withName("n_tokens"), pad(4), ADDRESS.withName("token"), ADDRESS.withName("embd"), ADDRESS.withName("pos"),
            ADDRESS.withName("n_seq_id"), ADDRESS.withName("seq_id"), ADDRESS.withName("logits"));
    static final long B_N_TOKENS = 0, B_TOKEN = 8, B_EMBD = 16, B_POS = 24, B_N_SEQ_ID = 32, B_SEQ_ID = 40, B_LOGITS = 48;

    static final StructLayout QUANTIZE_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("nthread"), JAVA_INT.withName("ftype"), JAVA_INT.withName("output_tensor_type"),
            JAVA_INT.withName("token_embedding_type"),
            JAVA_BOOLEAN.withName("allow_requantize"), JAVA_BOOLEAN.withName("quantize_output_tensor"), JAVA_BOOLEAN.withName("only_copy"),
            JAVA_BOOLEAN.withName("pure"), JAVA_BOOLEAN.withName("keep_split"), JAVA_BOOLEAN.withName("dry_run"), pad(2),
            ADDRESS.withName("imatrix"), ADDRESS.withName("kv_overrides"), ADDRESS.withName("tt_overrides"),
            ADDRESS.withName("prune_layers"), JAVA_LONG.withName("max_buf_size"));
    static final long QP_NTHREAD = 0, QP_FTYPE = 4, QP_OUTPUT_TENSOR_TYPE = 8, QP_QUANTIZE_OUTPUT = 17;

    static final StructLayout PERF_CONTEXT = MemoryLayout.structLayout(
            JAVA_DOUBLE.withName("t_start_ms"), JAVA_DOUBLE.withName("t_load_ms"), JAVA_DOUBLE.withName("t_p_eval_ms"),
            JAVA_DOUBLE.withName("t_eval_ms"), JAVA_INT.withName("n_p_eval"), JAVA_INT.withName("n_eval"),
            JAVA_INT.withName("n_reused"), pad(4));

    static final StructLayout SAMPLER_CHAIN_PARAMS = MemoryLayout.structLayout(JAVA_BOOLEAN.withName("no_perf"));

    /** llama_token_data {id, logit, p} and llama_token_data_array {data, size, selected, sorted}. */
    static final StructLayout TOKEN_DATA = MemoryLayout.structLayout(JAVA_INT.withName("id"), JAVA_FLOAT.withName("logit"),
            JAVA_FLOAT.withName("p"));
    static final StructLayout TOKEN_DATA_ARRAY = MemoryLayout.structLayout(ADDRESS.withName("data"), JAVA_LONG.withName("size"),
            JAVA_LONG.withName("selected"), JAVA_BOOLEAN.withName("sorted"), MemoryLayout.paddingLayout(7));
    static final long TDA_DATA = 0, TDA_SIZE = 8, TDA_SELECTED = 16, TDA_SORTED = 24;
    static final StructLayout LOGIT_BIAS = MemoryLayout.structLayout(JAVA_INT.withName("token"), JAVA_FLOAT.withName("bias"));

    /** Reads the library's default parameters through the offsets above and fails when any value is not the known default. */
    static void checkLayouts(Linker linker, SymbolLookup lookup) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cp = defaults(linker, lookup, arena, "llama_context_default_params", CONTEXT_PARAMS);
            expect(cp.get(JAVA_INT, CP_N_CTX) == 512 && cp.get(JAVA_INT, CP_N_BATCH) == 2048
                    && cp.get(JAVA_INT, CP_N_UBATCH) == 512 && cp.get(JAVA_INT, CP_N_SEQ_MAX) == 1
                    && cp.get(JAVA_INT, CP_N_THREADS) == 4 && cp.get(JAVA_INT, CP_N_THREADS_BATCH) == 4
                    && cp.get(JAVA_FLOAT, CP_YARN_EXT_FACTOR) == -1.0f && cp.get(JAVA_INT, CP_TYPE_K) == 1
                    && cp.get(JAVA_INT, CP_TYPE_V) == 1 && !cp.get(JAVA_BOOLEAN, CP_EMBEDDINGS)
                    && cp.get(JAVA_BOOLEAN, CP_OFFLOAD_KQV) && cp.get(JAVA_LONG, 144) == 0,
                    "llama_context_params");
            MemorySegment mp = defaults(linker, lookup, arena, "llama_model_default_params", MODEL_PARAMS);
            expect(mp.get(JAVA_INT, MP_N_GPU_LAYERS) == -1 && mp.get(JAVA_INT, MP_LOAD_MODE) == -1
                    && !mp.get(JAVA_BOOLEAN, MP_VOCAB_ONLY) && mp.get(JAVA_BOOLEAN, MP_USE_EXTRA_BUFTS)
                    && mp.get(JAVA_BYTE, 77) == 0, "llama_model_params");
            MemorySegment qp = defaults(linker, lookup, arena, "llama_model_quantize_default_params", QUANTIZE_PARAMS);
            expect(qp.get(JAVA_INT, QP_FTYPE) == 7 && qp.get(JAVA_BOOLEAN, QP_QUANTIZE_OUTPUT)
                    && qp.get(ADDRESS, 24).equals(MemorySegment.NULL), "llama_model_quantize_params");
        }
    }

    static MemorySegment defaults(Linker linker, SymbolLookup lookup, Arena arena, String function, StructLayout layout) {
        MethodHandle handle = linker.downcallHandle(LlamaLibrary.symbol(lookup, function), FunctionDescriptor.of(layout));
        try {
            return (MemorySegment) handle.invoke((java.lang.foreign.SegmentAllocator) arena);
        } catch (Throwable t) {
            throw new LlamaLoadException(function + " failed: " + t);
        }
    }

    private static void expect(boolean ok, String struct) {
        if (!ok) {
            throw new LlamaLoadException("struct layout self-check failed for " + struct
                    + ": the llama.cpp libraries are not release v0.5.0, which this binding was written for");
        }
    }
}
