package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A llama.cpp sampler chain built from {@link SamplingParams}, in llama.cpp's usual order: logit bias,
 * grammar, penalties, then either mirostat, greedy, or top-k → typical → top-p → min-p → temperature → seeded dist.
 */
public final class Sampler implements AutoCloseable {
    private static final int DEFAULT_SEED = 0xFFFFFFFF;

    private final MemorySegment chain;
    private boolean closed;

    private Sampler(MemorySegment chain) {
        this.chain = chain;
    }

    public static Sampler create(LlamaModel model, SamplingParams p) {
        MemorySegment chain;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment chainParams = arena.allocate(Structs.SAMPLER_CHAIN_PARAMS);
            chainParams.set(java.lang.foreign.ValueLayout.JAVA_BOOLEAN, 0, true);
            chain = (MemorySegment) Api.sampler_chain_init.invokeExact(chainParams);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
        Sampler sampler = new Sampler(chain);
        try {
            sampler.build(model, p);
            return sampler;
        } catch (RuntimeException e) {
            sampler.close();
            throw e;
        }
    }

    private void build(LlamaModel model, SamplingParams p) throws RuntimeException {
        int vocabSize = model.vocab().size();
        int seed = p.seed() == null ? ThreadLocalRandom.current().nextInt() & 0x7fffffff : (int) (long) p.seed();
        if (seed == DEFAULT_SEED) {
            seed = 0x7fffffff;
        }
        try (Arena arena = Arena.ofConfined()) {
            if (!p.logitBias().isEmpty()) {
                MemorySegment biases = arena.allocate(Structs.LOGIT_BIAS, p.logitBias().size());
                int i = 0;
                for (Map.Entry<Integer, Float> bias : p.logitBias().entrySet()) {
                    biases.setAtIndex(JAVA_INT, 2L * i, bias.getKey());
                    biases.setAtIndex(JAVA_FLOAT, 2L * i + 1, bias.getValue());
                    i++;
                }
                add((MemorySegment) Api.sampler_init_logit_bias.invokeExact(vocabSize, p.logitBias().size(), biases));
            }
            if (p.grammar() != null) {
                MemorySegment grammar = (MemorySegment) Api.sampler_init_grammar.invokeExact(model.vocab().handle(),
                        Native.cString(arena, p.grammar()), Native.cString(arena, "root"));
                if (grammar.equals(MemorySegment.NULL)) {
                    throw new GrammarException("the grammar does not parse as GBNF with a `root` rule");
                }
                add(grammar);
            }
            if (p.hasPenalties()) {
                add((MemorySegment) Api.sampler_init_penalties.invokeExact(vocabSize, p.penaltyLastN(),
                        p.repetitionPenalty(), p.frequencyPenalty(), p.presencePenalty()));
            }
            if (p.mirostat() == 1) {
                add((MemorySegment) Api.sampler_init_temp.invokeExact(Math.max(p.temperature(), 1e-6f)));
                add((MemorySegment) Api.sampler_init_mirostat.invokeExact(vocabSize, seed, p.mirostatTau(), p.mirostatEta(), 100));
            } else if (p.mirostat() == 2) {
                add((MemorySegment) Api.sampler_init_temp.invokeExact(Math.max(p.temperature(), 1e-6f)));
                add((MemorySegment) Api.sampler_init_mirostat_v2.invokeExact(seed, p.mirostatTau(), p.mirostatEta()));
            } else if (p.isGreedy()) {
                add((MemorySegment) Api.sampler_init_greedy.invokeExact());
            } else {
                if (p.topK() > 0) {
                    add((MemorySegment) Api.sampler_init_top_k.invokeExact(p.topK()));
                }
                if (p.typicalP() < 1f) {
                    add((MemorySegment) Api.sampler_init_typical.invokeExact(p.typicalP(), 1L));
                }
                if (p.topP() < 1f) {
                    add((MemorySegment) Api.sampler_init_top_p.invokeExact(p.topP(), 1L));
                }
                if (p.minP() > 0f) {
                    add((MemorySegment) Api.sampler_init_min_p.invokeExact(p.minP(), 1L));
                }
                add((MemorySegment) Api.sampler_init_temp.invokeExact(p.temperature()));
                add((MemorySegment) Api.sampler_init_dist.invokeExact(seed));
            }
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    private void add(MemorySegment sampler) throws Throwable {
        Api.sampler_chain_add.invokeExact(chain, sampler);
    }

    /** Samples from the logits of batch entry {@code index} of the last decode and accepts the token into the chain. */
    public int sample(LlamaContext context, int index) {
        try {
            return (int) Api.sampler_sample.invokeExact(chain, context.handle(), index);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.free(Api.sampler_free, chain);
        }
    }

    /** A request's GBNF grammar was rejected by llama.cpp's parser. */
    public static final class GrammarException extends LlamaException {
        public GrammarException(String message) {
            super(message);
        }
    }

}
