package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.util.List;

/** An inference context: KV cache, compute buffers and the thread pool. Not thread-safe; one owner thread. */
public final class LlamaContext implements AutoCloseable {
    private final LlamaModel model;
    private final MemorySegment handle;
    private final MemorySegment memory;
    private boolean closed;

    private LlamaContext(LlamaModel model, MemorySegment handle) {
        this.model = model;
        this.handle = handle;
        try {
            this.memory = (MemorySegment) Api.get_memory.invokeExact(handle);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public static LlamaContext create(LlamaModel model, ContextParams params) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) Api.context_default_params.invokeExact((SegmentAllocator) arena);
            p.set(JAVA_INT, Structs.CP_N_CTX, params.contextSize());
            p.set(JAVA_INT, Structs.CP_N_BATCH, params.batchSize());
            p.set(JAVA_INT, Structs.CP_N_UBATCH, params.microBatchSize());
            p.set(JAVA_INT, Structs.CP_N_SEQ_MAX, params.seqMax());
            p.set(JAVA_INT, Structs.CP_N_THREADS, params.threads());
            p.set(JAVA_INT, Structs.CP_N_THREADS_BATCH, params.threadsBatch());
            p.set(JAVA_INT, Structs.CP_POOLING, params.pooling().code);
            p.set(JAVA_BOOLEAN, Structs.CP_EMBEDDINGS, params.embeddings());
            p.set(JAVA_BOOLEAN, Structs.CP_NO_PERF, !params.perfCounters());
            MemorySegment context = (MemorySegment) Api.init_from_model.invokeExact(model.handle(), p);
            if (context.equals(MemorySegment.NULL)) {
                throw new LlamaException("llama.cpp could not create a context of " + params.contextSize()
                        + " tokens for " + model.path().getFileName() + " (see the log)");
            }
            return new LlamaContext(model, context);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public LlamaModel model() {
        return model;
    }

    MemorySegment handle() {
        if (closed) {
            throw new IllegalStateException("context is closed");
        }
        return handle;
    }

    public int contextSize() {
        return Native.intOf(Api.n_ctx, handle());
    }

    /** Cells available to one sequence. */
    public int contextSizePerSequence() {
        return Native.intOf(Api.n_ctx_seq, handle());
    }

    public int batchSize() {
        return Native.intOf(Api.n_batch, handle());
    }

    public int seqMax() {
        return Native.intOf(Api.n_seq_max, handle());
    }

    public int threads() {
        return Native.intOf(Api.n_threads, handle());
    }

    /**
     * Runs the model over the batch. Returns 0 on success and 1 when the KV cache has no room for the batch;
     * anything else is a failure and throws.
     */
    public int decode(Batch batch) {
        int status;
        try {
            status = (int) Api.decode.invokeExact(handle(), batch.struct());
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        if (status != 0 && status != 1) {
            throw new LlamaException("llama_decode failed with status " + status);
        }
        return status;
    }

    /** The logits (one float per vocabulary entry) of the batch entry at {@code index}, valid until the next decode. */
    public MemorySegment logits(int index) {
        try {
            MemorySegment logits = (MemorySegment) Api.get_logits_ith.invokeExact(handle(), index);
            if (logits.equals(MemorySegment.NULL)) {
                throw new LlamaException("no logits for batch index " + index);
            }
            return logits.reinterpret((long) model.vocab().size() * Float.BYTES);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The pooled embedding of a sequence after a decode in an embeddings context. */
    public float[] sequenceEmbedding(int seqId) {
        try {
            MemorySegment embedding = (MemorySegment) Api.get_embeddings_seq.invokeExact(handle(), seqId);
            if (embedding.equals(MemorySegment.NULL)) {
                throw new LlamaException("no pooled embedding for sequence " + seqId);
            }
            return embedding.reinterpret((long) model.embeddingOutputSize() * Float.BYTES).toArray(JAVA_FLOAT);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public void clearMemory() {
        try {
            Api.memory_clear.invokeExact(memory, true);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Removes positions [from, to) of a sequence (to &lt; 0 means to the end). False when a partial removal is impossible. */
    public boolean removeTokens(int seqId, int from, int to) {
        try {
            return (boolean) Api.memory_seq_rm.invokeExact(memory, seqId, from, to);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public void copySequence(int source, int destination, int from, int to) {
        try {
            Api.memory_seq_cp.invokeExact(memory, source, destination, from, to);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public void keepOnlySequence(int seqId) {
        try {
            Api.memory_seq_keep.invokeExact(memory, seqId);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The largest position held for a sequence, or -1 when it is empty. */
    public int maxPosition(int seqId) {
        try {
            return (int) Api.memory_seq_pos_max.invokeExact(memory, seqId);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Sets the LoRA adapters applied to every following decode (an empty list removes them). */
    public void setAdapters(List<LoraAdapter> adapters, float[] scales) {
        if (adapters.size() != scales.length) {
            throw new IllegalArgumentException("one scale per adapter");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pointers = arena.allocate(ADDRESS, Math.max(1, adapters.size()));
            for (int i = 0; i < adapters.size(); i++) {
                pointers.setAtIndex(ADDRESS, i, adapters.get(i).handle());
            }
            MemorySegment scaleArray = arena.allocateFrom(JAVA_FLOAT, scales.length == 0 ? new float[1] : scales);
            int status = (int) Api.set_adapters_lora.invokeExact(handle(), pointers, (long) adapters.size(), scaleArray);
            if (status != 0) {
                throw new LlamaException("llama_set_adapters_lora failed with status " + status);
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public record Perf(double promptMillis, double evalMillis, int promptTokens, int evalTokens) {}

    public Perf perf() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = (MemorySegment) Api.perf_context.invokeExact((SegmentAllocator) arena, handle());
            return new Perf(p.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 16), p.get(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 24),
                    p.get(JAVA_INT, 32), p.get(JAVA_INT, 36));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.free(Api.free, handle);
        }
    }
}
