package dev.hearth.engine.llama;

/**
 * What a context is created with. {@code seqMax} sequences share {@code contextSize} cells, each
 * sequence getting {@code contextSize / seqMax} of them (llama.cpp's non-unified KV cache).
 */
public record ContextParams(int contextSize, int batchSize, int microBatchSize, int seqMax, int threads, int threadsBatch,
                            boolean embeddings, Pooling pooling, boolean perfCounters) {

    public enum Pooling {
        UNSPECIFIED(-1), NONE(0), MEAN(1), CLS(2), LAST(3);

        final int code;

        Pooling(int code) {
            this.code = code;
        }
    }

    public ContextParams {
        if (contextSize <= 0 || batchSize <= 0 || microBatchSize <= 0 || seqMax <= 0 || threads <= 0 || threadsBatch <= 0) {
            throw new IllegalArgumentException("context sizes and thread counts must be positive");
        }
    }

    public static ContextParams generation(int contextSize, int seqMax, int threads) {
        return new ContextParams(contextSize, 2048, 512, seqMax, threads, threads, false, Pooling.UNSPECIFIED, true);
    }

    public static ContextParams embedding(int contextSize, int seqMax, int threads, Pooling pooling) {
        return new ContextParams(contextSize, contextSize, contextSize, seqMax, threads, threads, true, pooling, false);
    }
}
