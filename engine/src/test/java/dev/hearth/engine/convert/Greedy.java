package dev.hearth.engine.convert;

import dev.hearth.engine.llama.Batch;
import dev.hearth.engine.llama.ContextParams;
import dev.hearth.engine.llama.LlamaContext;
import dev.hearth.engine.llama.LlamaModel;
import dev.hearth.engine.llama.LoraAdapter;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.List;

/** Greedy decoding through llama.cpp, keeping the logits of every step, to compare two model files. */
record Greedy(int[] tokens, float[][] logits) {

    static Greedy run(Path modelFile, Path adapter, String prompt, int steps) {
        try (LlamaModel model = LlamaModel.load(modelFile);
             LlamaContext context = LlamaContext.create(model, ContextParams.generation(256, 1, 2));
             Batch batch = new Batch(64)) {
            LoraAdapter lora = adapter == null ? null : LoraAdapter.load(model, adapter);
            try {
                if (lora != null) {
                    context.setAdapters(List.of(lora), new float[] {1f});
                }
                int[] input = model.vocab().tokenize(prompt, false, false);
                int[] tokens = new int[steps];
                float[][] logits = new float[steps][];
                for (int p = 0; p < input.length; p++) {
                    batch.add(input[p], p, 0, p == input.length - 1);
                }
                int position = input.length;
                for (int step = 0; step < steps; step++) {
                    if (context.decode(batch) != 0) {
                        throw new IllegalStateException("decode failed");
                    }
                    float[] row = context.logits(batch.size() - 1).toArray(ValueLayout.JAVA_FLOAT);
                    int best = 0;
                    for (int i = 1; i < row.length; i++) {
                        if (row[i] > row[best]) {
                            best = i;
                        }
                    }
                    tokens[step] = best;
                    logits[step] = row;
                    batch.clear();
                    batch.add(best, position++, 0, true);
                }
                return new Greedy(tokens, logits);
            } finally {
                if (lora != null) {
                    context.setAdapters(List.of(), new float[0]);
                    lora.close();
                }
            }
        }
    }

    float maxLogitDifference(Greedy other) {
        float max = 0;
        for (int step = 0; step < logits.length; step++) {
            for (int i = 0; i < logits[step].length; i++) {
                max = Math.max(max, Math.abs(logits[step][i] - other.logits[step][i]));
            }
        }
        return max;
    }
}
