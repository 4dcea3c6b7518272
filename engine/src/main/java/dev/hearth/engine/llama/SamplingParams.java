package dev.hearth.engine.llama;

import java.util.Map;

/**
 * The sampler chain of one request. Neutral values disable a stage: temperature 0 means greedy,
 * topK 0, topP/typicalP 1, minP 0, penalties 1/0/0, mirostat 0. {@code seed} null draws a random seed.
 */
public record SamplingParams(float temperature, int topK, float topP, float minP, float typicalP,
                             float repetitionPenalty, float presencePenalty, float frequencyPenalty, int penaltyLastN,
                             int mirostat, float mirostatTau, float mirostatEta,
                             Map<Integer, Float> logitBias, String grammar, Long seed) {

    public SamplingParams {
        logitBias = logitBias == null ? Map.of() : Map.copyOf(logitBias);
    }

    public static SamplingParams greedy() {
        return new SamplingParams(0f, 0, 1f, 0f, 1f, 1f, 0f, 0f, 64, 0, 5f, 0.1f, Map.of(), null, null);
    }

    public SamplingParams withSeed(Long seed) {
        return new SamplingParams(temperature, topK, topP, minP, typicalP, repetitionPenalty, presencePenalty, frequencyPenalty,
                penaltyLastN, mirostat, mirostatTau, mirostatEta, logitBias, grammar, seed);
    }

    public boolean isGreedy() {
        return temperature <= 0f && mirostat == 0;
    }

    boolean hasPenalties() {
        return repetitionPenalty != 1f || presencePenalty != 0f || frequencyPenalty != 0f;
    }
}
