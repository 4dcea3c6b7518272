package dev.hearth.engine.runner;

import dev.hearth.engine.llama.Sampler;
import java.util.Arrays;

/**
 * One sequence of the context (its seq_id is its index). Between requests it keeps the tokens whose KV
 * entries it still holds, so the next request with the same prefix skips recomputing them.
 */
final class Slot {
    enum State { IDLE, PREFILL, DECODE }

    final int id;
    State state = State.IDLE;

    /** Tokens whose KV entries are in this sequence, in position order. */
    int[] cached = new int[0];
    int cachedLength;
    /** Which adapters the cached KV entries were computed with. */
    String cacheKey = "";
    long lastUsedNanos;

    Generation generation;
    Adapters.Resolved adapters;
    Sampler sampler;
    int[] prompt;
    int promptPosition;
    /** Prompt tokens placed in the batch being decoded. */
    int chunk;
    int reusedTokens;
    int generated;
    int pendingToken;
    int logitsIndex = -1;
    long startedNanos;
    long firstTokenNanos;
    /** Batch index of the first prompt token of the chunk being decoded. */
    int chunkIndex;
    /** Prompt log-probabilities gathered during prefill, when echo asked for them. */
    java.util.List<TokenLogprob> promptScores;
    /** Reasoning-budget bookkeeping: recent raw text (to spot the tags) and tokens spent inside the block. */
    StringBuilder recentText;
    boolean reasoningOpen;
    boolean reasoningClosed;
    int reasoningTokens;
    /** Tokens written for the model (the closing tag at the reasoning budget), taken instead of sampling. */
    int[] forced;
    int forcedNext;
    Draft draft;
    final int[] draftTokens = new int[Draft.MAX];
    int draftCount;
    int acceptedDraft;
    int rejectedDraft;
    Utf8Accumulator utf8;
    StopMatcher stop;

    Slot(int id) {
        this.id = id;
    }

    boolean forcing() {
        return forced != null && forcedNext < forced.length;
    }

    boolean active() {
        return state != State.IDLE;
    }

    /** Length of the common prefix of the cached tokens and {@code tokens}. */
    int commonPrefix(int[] tokens) {
        int n = Math.min(cachedLength, tokens.length);
        int i = 0;
        while (i < n && cached[i] == tokens[i]) {
            i++;
        }
        return i;
    }

    void appendCached(int token) {
        if (cachedLength == cached.length) {
            cached = Arrays.copyOf(cached, Math.max(64, cached.length * 2));
        }
        cached[cachedLength++] = token;
    }
}
