package dev.hearth.engine.runner;

import dev.hearth.engine.llama.Vocab;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The log-probability (base e, under the model's own distribution before sampling filters) of one token,
 * with the most likely alternatives at its position. {@code logprob} is NaN for a prompt's first token.
 */
record TokenLogprob(int token, byte[] bytes, float logprob, List<TokenLogprob> top) {

    String text() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    static TokenLogprob first(int token, Vocab vocab) {
        return new TokenLogprob(token, vocab.piece(token, false), Float.NaN, List.of());
    }

    /** Log-softmax over {@code logits} (one float per vocabulary entry) for {@code chosen} and the {@code top} best tokens. */
    static TokenLogprob of(MemorySegment logits, int vocabSize, int chosen, int top, Vocab vocab) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < vocabSize; i++) {
            max = Math.max(max, logits.getAtIndex(ValueLayout.JAVA_FLOAT, i));
        }
        double sum = 0;
        int[] best = new int[top];
        float[] bestLogit = new float[top];
        int count = 0;
        for (int i = 0; i < vocabSize; i++) {
            float logit = logits.getAtIndex(ValueLayout.JAVA_FLOAT, i);
            sum += Math.exp(logit - max);
            if (top > 0 && (count < top || logit > bestLogit[count - 1])) {
                // insertion into a small sorted array: top is at most 20
                int at = count < top ? count++ : count - 1;
                while (at > 0 && bestLogit[at - 1] < logit) {
                    best[at] = best[at - 1];
                    bestLogit[at] = bestLogit[at - 1];
                    at--;
                }
                best[at] = i;
                bestLogit[at] = logit;
            }
        }
        float logZ = (float) (max + Math.log(sum));
        List<TokenLogprob> alternatives = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            alternatives.add(new TokenLogprob(best[i], vocab.piece(best[i], false), bestLogit[i] - logZ, List.of()));
        }
        float chosenLogit = logits.getAtIndex(ValueLayout.JAVA_FLOAT, chosen);
        return new TokenLogprob(chosen, vocab.piece(chosen, false), chosenLogit - logZ, alternatives);
    }
}
