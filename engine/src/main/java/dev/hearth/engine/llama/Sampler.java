package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A llama.cpp sampler chain built from {@link SamplingParams}, in llama.cpp's usual order: logit bias,
 * penalties, then either mirostat, greedy, or top-k → typical → top-p → min-p → temperature → seeded dist.
 * A grammar is kept apart and checked against the token the chain picks, and only when it rejects that
 * token is it applied to the whole vocabulary before sampling again (llama-server does the same): running a
 * grammar over 150k candidates for every token would cost more than the decode.
 */
public final class Sampler implements AutoCloseable {
    private static final int DEFAULT_SEED = 0xFFFFFFFF;

    private final MemorySegment chain;
    private MemorySegment grammar = MemorySegment.NULL;
    /** Candidate arrays for the grammar path: the whole vocabulary, and the single picked token. */
    private Arena arena;
    private MemorySegment candidates;
    private MemorySegment candidatesArray;
    private MemorySegment single;
    private MemorySegment singleArray;
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
                grammar = (MemorySegment) Api.sampler_init_grammar.invokeExact(model.vocab().handle(),
                        Native.cString(arena, p.grammar()), Native.cString(arena, "root"));
                if (grammar.equals(MemorySegment.NULL)) {
                    throw new GrammarException("the grammar does not parse as GBNF with a `root` rule");
                }
                // Shared: built on a request thread, used on the scheduler's.
                this.arena = Arena.ofShared();
                candidates = this.arena.allocate(Structs.TOKEN_DATA, vocabSize);
                candidatesArray = this.arena.allocate(Structs.TOKEN_DATA_ARRAY);
                single = this.arena.allocate(Structs.TOKEN_DATA);
                singleArray = this.arena.allocate(Structs.TOKEN_DATA_ARRAY);
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
            if (grammar.equals(MemorySegment.NULL)) {
                return (int) Api.sampler_sample.invokeExact(chain, context.handle(), index);
            }
            MemorySegment logits = context.logits(index);
            int token = pick(logits, false);
            if (!grammarAllows(token)) {
                token = pick(logits, true);
            }
            Api.sampler_accept.invokeExact(grammar, token);
            Api.sampler_accept.invokeExact(chain, token);
            return token;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Accepts a token chosen for the model (not sampled), so penalties and the grammar see it. */
    public void accept(int token) {
        try {
            if (!grammar.equals(MemorySegment.NULL)) {
                Api.sampler_accept.invokeExact(grammar, token);
            }
            Api.sampler_accept.invokeExact(chain, token);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Runs the chain (after the grammar when {@code constrained}) over all candidates and returns its pick. */
    private int pick(MemorySegment logits, boolean constrained) throws Throwable {
        long vocabSize = candidates.byteSize() / Structs.TOKEN_DATA.byteSize();
        for (long i = 0; i < vocabSize; i++) {
            candidates.setAtIndex(JAVA_INT, 3 * i, (int) i);
            candidates.setAtIndex(JAVA_FLOAT, 3 * i + 1, logits.getAtIndex(JAVA_FLOAT, i));
            candidates.setAtIndex(JAVA_FLOAT, 3 * i + 2, 0f);
        }
        candidatesArray.set(ADDRESS, Structs.TDA_DATA, candidates);
        candidatesArray.set(JAVA_LONG, Structs.TDA_SIZE, vocabSize);
        candidatesArray.set(JAVA_LONG, Structs.TDA_SELECTED, -1L);
        candidatesArray.set(JAVA_BOOLEAN, Structs.TDA_SORTED, false);
        if (constrained) {
            Api.sampler_apply.invokeExact(grammar, candidatesArray);
        }
        Api.sampler_apply.invokeExact(chain, candidatesArray);
        long selected = candidatesArray.get(JAVA_LONG, Structs.TDA_SELECTED);
        // Samplers may replace the data pointer (the array is theirs to rearrange).
        MemorySegment data = candidatesArray.get(ADDRESS, Structs.TDA_DATA).reinterpret((selected + 1) * Structs.TOKEN_DATA.byteSize());
        return data.getAtIndex(JAVA_INT, 3 * selected);
    }

    private boolean grammarAllows(int token) throws Throwable {
        single.set(JAVA_INT, 0, token);
        single.set(JAVA_FLOAT, 4, 1f);
        single.set(JAVA_FLOAT, 8, 0f);
        singleArray.set(ADDRESS, Structs.TDA_DATA, single);
        singleArray.set(JAVA_LONG, Structs.TDA_SIZE, 1L);
        singleArray.set(JAVA_LONG, Structs.TDA_SELECTED, -1L);
        singleArray.set(JAVA_BOOLEAN, Structs.TDA_SORTED, false);
        Api.sampler_apply.invokeExact(grammar, singleArray);
        return single.get(JAVA_FLOAT, 4) != Float.NEGATIVE_INFINITY;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.free(Api.sampler_free, chain);
            if (!grammar.equals(MemorySegment.NULL)) {
                Native.free(Api.sampler_free, grammar);
                arena.close();
            }
        }
    }

    /** A request's GBNF grammar was rejected by llama.cpp's parser. */
    public static final class GrammarException extends LlamaException {
        public GrammarException(String message) {
            super(message);
        }
    }

}
