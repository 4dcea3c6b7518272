package dev.hearth.engine.grammar;

import dev.hearth.engine.llama.Batch;
import dev.hearth.engine.llama.ContextParams;
import dev.hearth.engine.llama.LlamaContext;
import dev.hearth.engine.llama.LlamaModel;
import dev.hearth.engine.llama.Sampler;
import dev.hearth.engine.llama.SamplingParams;
import dev.hearth.engine.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Samples from the random-weight tiny model under a grammar, on one thread. */
final class GrammarGenerator implements AutoCloseable {
    /** Text of one generation; {@code finished} is false when it hit the token limit first. */
    record Output(String text, boolean finished, int tokens) {}

    private final LlamaModel model;
    private final LlamaContext context;
    private final Batch batch;
    private final int[] prompt;
    private final Map<Integer, Float> bias = new HashMap<>();

    GrammarGenerator() {
        model = LlamaModel.load(TestModels.tiny());
        context = LlamaContext.create(model, ContextParams.generation(2048, 1, 1));
        batch = new Batch(64);
        prompt = model.vocab().tokenize("JSON:", false, false);
        // llama.cpp's grammar matcher decodes overlong UTF-8 (E0 80..9F, F0 80..8F) to the code points it spells, so a
        // byte-level model could slip invalid UTF-8 into a string; real tokenizers' pieces are valid UTF-8, so the test
        // bans those two lead bytes (the other multi-byte lead bytes still appear).
        for (int token = 0; token < model.vocab().size(); token++) {
            byte[] piece = model.vocab().piece(token, false);
            if (piece.length == 1 && (piece[0] == (byte) 0xE0 || piece[0] == (byte) 0xF0)) {
                bias.put(token, -1000f);
            }
        }
    }

    Output generate(String grammar, long seed, int maxTokens) {
        context.clearMemory();
        SamplingParams params = new SamplingParams(1.0f, 0, 1f, 0f, 1f, 1f, 0f, 0f, 64, 0, 5f, 0.1f, bias, grammar, seed);
        try (Sampler sampler = Sampler.create(model, params)) {
            batch.clear();
            for (int p = 0; p < prompt.length; p++) {
                batch.add(prompt[p], p, 0, p == prompt.length - 1);
            }
            decode();
            int index = prompt.length - 1;
            int position = prompt.length;
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            for (int n = 0; n < maxTokens; n++) {
                int token = sampler.sample(context, index);
                if (model.vocab().isEndOfGeneration(token)) {
                    return new Output(text.toString(StandardCharsets.UTF_8), true, n);
                }
                text.writeBytes(model.vocab().piece(token, false));
                batch.clear();
                batch.add(token, position++, 0, true);
                decode();
                index = 0;
            }
            return new Output(text.toString(StandardCharsets.UTF_8), false, maxTokens);
        }
    }

    /** Whether llama.cpp itself accepts the grammar (it only logs why not). */
    boolean llamaAccepts(String grammar) {
        SamplingParams params = new SamplingParams(1.0f, 0, 1f, 0f, 1f, 1f, 0f, 0f, 64, 0, 5f, 0.1f, Map.of(), grammar, 1L);
        try {
            Sampler.create(model, params).close();
            return true;
        } catch (Sampler.GrammarException e) {
            return false;
        }
    }

    private void decode() {
        int rc = context.decode(batch);
        if (rc != 0) {
            throw new IllegalStateException("decode failed: " + rc);
        }
    }

    @Override
    public void close() {
        batch.close();
        context.close();
        model.close();
    }
}
