package dev.hearth.engine.runner;

import dev.hearth.engine.llama.SamplingParams;
import java.util.List;

/**
 * One completion to run: a tokenized prompt, limits and sampling, and the LoRA adapters to apply.
 * {@code logprobs} is -1 for none, else how many alternatives to report beside each sampled token;
 * {@code promptLogprobs} also scores the prompt (echo); {@code prediction} is a
 * predicted output used as a speculative draft (empty for none); {@code renderSpecial} writes control tokens
 * into the text (chat needs them: tool-call markers such as {@code [TOOL_CALLS]} are control tokens);
 * {@code reasoningBudget}, when not null, caps the reasoning of a thinking model; requests reuse each other's
 * cached prompt prefixes only when their {@code cacheIsolationKey}s are equal ({@code prompt_cache_isolation_key}),
 * and at most {@code promptCacheMaxLen} tokens of it ({@code prompt_cache_max_len}; 0 turns reuse off).
 */
record GenerationRequest(int[] prompt, int maxTokens, List<String> stop, boolean ignoreEos, SamplingParams sampling,
                         AdapterSet adapters, long timeoutNanos, int logprobs, boolean promptLogprobs, String prediction,
                         boolean renderSpecial, ReasoningBudget reasoningBudget, String cacheIsolationKey,
                         int promptCacheMaxLen) {

    GenerationRequest {
        stop = List.copyOf(stop);
        cacheIsolationKey = cacheIsolationKey == null ? "" : cacheIsolationKey;
    }

    GenerationRequest(int[] prompt, int maxTokens, List<String> stop, boolean ignoreEos, SamplingParams sampling,
                      AdapterSet adapters, long timeoutNanos) {
        this(prompt, maxTokens, stop, ignoreEos, sampling, adapters, timeoutNanos, -1, false, "", false, null, "",
                Integer.MAX_VALUE);
    }

    /**
     * At most {@code tokens} tokens of reasoning: the generation is inside the block from the start, or from
     * the {@code open} tag on; at the limit the {@code close} tag is written for the model.
     */
    record ReasoningBudget(int tokens, String open, String close, boolean startsInside) {}

    GenerationRequest withReasoningBudget(ReasoningBudget budget) {
        return new GenerationRequest(prompt, maxTokens, stop, ignoreEos, sampling, adapters, timeoutNanos, logprobs,
                promptLogprobs, prediction, renderSpecial, budget, cacheIsolationKey, promptCacheMaxLen);
    }

    boolean wantsLogprobs() {
        return logprobs >= 0;
    }
}
