package dev.hearth.engine.runner;

import dev.hearth.engine.llama.Batch;
import dev.hearth.engine.llama.LlamaContext;
import dev.hearth.engine.llama.Vocab;
import java.util.ArrayList;
import java.util.List;

/**
 * Pooled embeddings from an embeddings context. Inputs are packed several sequences to a llama_decode;
 * callers are serialised because the context has one owner at a time.
 */
final class Embedder implements TextEmbedder, AutoCloseable {
    private final LlamaContext context;
    private final Vocab vocab;
    private final int width;
    private final Batch batch;
    private final int maxTokensPerInput;

    Embedder(LlamaContext context, Vocab vocab, int width) {
        this.context = context;
        this.vocab = vocab;
        this.width = width;
        this.batch = new Batch(context.batchSize());
        this.maxTokensPerInput = Math.min(context.contextSizePerSequence(), context.batchSize());
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int maxTokensPerInput() {
        return maxTokensPerInput;
    }

    @Override
    public int[] tokenize(String text) {
        return vocab.tokenize(text, true, false);
    }

    @Override
    public int tokenIdLimit() {
        return vocab.size();
    }

    @Override
    public synchronized List<float[]> embed(List<int[]> inputs) {
        List<float[]> vectors = new ArrayList<>(inputs.size());
        int next = 0;
        while (next < inputs.size()) {
            batch.clear();
            context.clearMemory();
            int first = next;
            while (next < inputs.size() && next - first < context.seqMax() && inputs.get(next).length <= batch.remaining()) {
                int[] tokens = inputs.get(next);
                int seq = next - first;
                for (int p = 0; p < tokens.length; p++) {
                    batch.add(tokens[p], p, seq, true);
                }
                next++;
            }
            if (context.decode(batch) != 0) {
                throw new IllegalStateException("the embeddings context has no room for the batch");
            }
            for (int seq = 0; seq < next - first; seq++) {
                vectors.add(context.sequenceEmbedding(seq));
            }
        }
        return vectors;
    }

    @Override
    public synchronized void close() {
        batch.close();
    }
}
