package dev.hearth.engine.runner;

import java.util.List;

/** What serves {@code /v1/embeddings}: a tokenizer and a model that embeds a batch of token sequences. */
public interface TextEmbedder {
    /** The length of the vectors {@link #embed} returns. */
    int width();

    /** The most tokens one input may have. */
    int maxTokensPerInput();

    /** The tokens the model embeds for {@code text}, special tokens included: what usage counts. */
    int[] tokenize(String text);

    /** The vocabulary size when requests may send token ids instead of text; 0 when they may not. */
    int tokenIdLimit();

    /** One pooled, unnormalised vector per input, in order; inputs are non-empty and at most {@link #maxTokensPerInput()} tokens. */
    List<float[]> embed(List<int[]> inputs);
}
