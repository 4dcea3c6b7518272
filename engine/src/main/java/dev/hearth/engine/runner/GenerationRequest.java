package dev.hearth.engine.runner;

import dev.hearth.engine.llama.SamplingParams;
import java.util.List;

/** One completion to run: a tokenized prompt, limits and sampling, and the LoRA adapters to apply. */
record GenerationRequest(int[] prompt, int maxTokens, List<String> stop, boolean ignoreEos, SamplingParams sampling,
                         AdapterSet adapters, long timeoutNanos) {

    GenerationRequest {
        stop = List.copyOf(stop);
    }
}
