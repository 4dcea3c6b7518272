package dev.hearth.engine.runner;

import dev.hearth.engine.llama.Batch;
import dev.hearth.engine.llama.LlamaContext;
import dev.hearth.engine.llama.LlamaModel;
import dev.hearth.engine.llama.Sampler;
import dev.hearth.engine.llama.Vocab;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous batching over the context's sequence slots. One platform thread owns the context: each step
 * it admits waiting requests into free slots (preferring the slot whose cached tokens share the longest
 * prefix with the prompt), then builds one batch per adapter set holding one token for every decoding
 * slot plus as many prompt tokens of prefilling slots as fit, runs llama_decode, and samples.
 */
final class Scheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private final LlamaModel model;
    private final Vocab vocab;
    private final LlamaContext context;
    private final Adapters adapters;
    private final RunnerMetrics metrics;
    private final Batch batch;
    private final Slot[] slots;
    private final int contextPerSlot;
    /** Below this many extra tokens, recomputing the prompt is cheaper than copying a whole KV stream. */
    private static final int MIN_COPIED_PREFIX = 16;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Deque<Generation> waiting = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean running = true;
    private String contextAdapterKey = "";

    Scheduler(LlamaModel model, LlamaContext context, Adapters adapters, RunnerMetrics metrics) {
        this.model = model;
        this.vocab = model.vocab();
        this.context = context;
        this.adapters = adapters;
        this.metrics = metrics;
        this.batch = new Batch(context.batchSize());
        this.slots = new Slot[context.seqMax()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(i);
        }
        this.contextPerSlot = context.contextSizePerSequence();
        metrics.liveState(this::snapshot);
        this.thread = Thread.ofPlatform().name("scheduler").daemon().start(this::loop);
    }

    int contextPerSlot() {
        return contextPerSlot;
    }

    int slotCount() {
        return slots.length;
    }

    /**
     * Queues a validated request with one sampler per choice; the choices after the first start once the first
     * has computed the prompt, and copy its KV entries instead of computing them again.
     */
    Submission submit(GenerationRequest request, List<Sampler> samplers) {
        BlockingQueue<Generation.Tagged> events = new LinkedBlockingQueue<>();
        List<Generation> choices = new ArrayList<>();
        for (Sampler sampler : samplers) {
            choices.add(new Generation(request, sampler, choices.size(), choices.isEmpty() ? null : choices.getFirst(), events));
        }
        inbox.addAll(choices);
        return new Submission(choices, events);
    }

    /** Runs a task on the scheduler thread (adapter loading touches the model) and waits for it. */
    <T> T call(Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        inbox.add((Runnable) () -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private void loop() {
        try {
            while (running) {
                if (!anyActive() && waiting.isEmpty()) {
                    Object next = inbox.poll(100, TimeUnit.MILLISECONDS);
                    if (next != null) {
                        receive(next);
                    }
                }
                drainInbox();
                dropCancelled();
                admit();
                if (anyActive()) {
                    step();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.error("scheduler stopped", e);
            failEverything("the engine failed: " + e.getMessage());
        }
    }

    private void drainInbox() {
        Object next;
        while ((next = inbox.poll()) != null) {
            receive(next);
        }
    }

    private void receive(Object item) {
        if (item instanceof Generation generation) {
            waiting.add(generation);
        } else if (item instanceof Runnable task) {
            task.run();
        }
    }

    private boolean anyActive() {
        for (Slot slot : slots) {
            if (slot.active()) {
                return true;
            }
        }
        return false;
    }

    private void dropCancelled() {
        long now = System.nanoTime();
        waiting.removeIf(g -> {
            if (g.cancelled()) {
                metrics.requestsAborted.incrementAndGet();
            } else if (g.expired(now)) {
                g.emit(timeout());
            } else {
                return false;
            }
            g.sampler.close();
            g.promptReady = true;
            return true;
        });
        for (Slot slot : slots) {
            if (!slot.active()) {
                continue;
            }
            if (slot.generation.cancelled()) {
                metrics.requestsAborted.incrementAndGet();
                release(slot);
            } else if (slot.generation.expired(now)) {
                slot.generation.emit(timeout());
                release(slot);
            }
        }
    }

    private static Generation.Failed timeout() {
        return new Generation.Failed(504, "timeout", "the request did not finish within its deadline");
    }

    private void admit() {
        while (!waiting.isEmpty()) {
            Slot free = null;
            for (Slot slot : slots) {
                if (!slot.active()) {
                    free = slot;
                    break;
                }
            }
            if (free == null) {
                return;
            }
            Generation generation = nextAdmissible();
            if (generation == null) {
                return;
            }
            Adapters.Resolved resolved = adapters.acquire(generation.request.adapters());
            if (resolved == null) {
                generation.sampler.close();
                generation.promptReady = true;
                generation.emit(new Generation.Failed(404, "invalid_request_error",
                        "LoRA adapter " + generation.request.adapters().names() + " was unloaded"));
                continue;
            }
            String cacheKey = resolved.key() + '\u0000' + generation.request.cacheIsolationKey();
            start(bestSlot(generation.request.prompt(), cacheKey), generation, resolved, cacheKey);
        }
    }

    /** The first waiting request that may start: a later choice waits until its first choice has the prompt in cache. */
    private Generation nextAdmissible() {
        Iterator<Generation> it = waiting.iterator();
        while (it.hasNext()) {
            Generation generation = it.next();
            if (generation.leader == null || generation.leader.promptReady) {
                it.remove();
                return generation;
            }
        }
        return null;
    }

    /**
     * The idle slot to start a prompt in: the one whose cache shares the longest prefix with it (the least recently used
     * on a tie) when the prompt continues that cache, i.e. keeps at least half of it; otherwise the least recently used
     * idle slot. A new conversation that shares only a system prompt or a few template tokens with a slot must not take
     * the slot of a conversation that is about to continue there (the case session affinity routes for); the shared
     * part is still reused, copied from that slot by {@link #copyLongerPrefix}.
     */
    private Slot bestSlot(int[] prompt, String cacheKey) {
        Slot best = null;
        int bestPrefix = -1;
        Slot oldest = null;
        for (Slot slot : slots) {
            if (slot.active()) {
                continue;
            }
            int prefix = slot.cacheKey.equals(cacheKey) ? slot.commonPrefix(prompt) : 0;
            if (prefix > bestPrefix || (prefix == bestPrefix && slot.lastUsedNanos < best.lastUsedNanos)) {
                best = slot;
                bestPrefix = prefix;
            }
            if (oldest == null || slot.lastUsedNanos < oldest.lastUsedNanos) {
                oldest = slot;
            }
        }
        return best == null || 2L * bestPrefix >= best.cachedLength ? best : oldest;
    }

    /** {@code cacheKey} is the adapter set and the isolation key: KV entries are reused only under an equal one. */
    private void start(Slot slot, Generation generation, Adapters.Resolved resolved, String cacheKey) {
        GenerationRequest request = generation.request;
        int[] prompt = request.prompt();
        if (!request.promptLogprobs()) {
            copyLongerPrefix(slot, prompt, cacheKey);
        }
        // At least the last prompt token is evaluated again: its logits give the first generated token.
        int reuse = slot.cacheKey.equals(cacheKey) && !request.promptLogprobs()
                ? Math.min(Math.min(slot.commonPrefix(prompt), prompt.length - 1), request.promptCacheMaxLen()) : 0;
        if (!context.removeTokens(slot.id, reuse, -1)) {
            context.removeTokens(slot.id, -1, -1);
            reuse = 0;
        }
        slot.cachedLength = reuse;
        slot.cacheKey = cacheKey;
        slot.generation = generation;
        slot.adapters = resolved;
        slot.sampler = generation.sampler;
        slot.prompt = prompt;
        slot.promptPosition = reuse;
        slot.reusedTokens = reuse;
        slot.generated = 0;
        slot.firstTokenNanos = 0;
        slot.utf8 = new Utf8Accumulator();
        slot.stop = new StopMatcher(request.stop());
        slot.startedNanos = System.nanoTime();
        slot.draft = request.prediction().isEmpty() ? null : new Draft(vocab, request.prediction());
        slot.draftCount = 0;
        GenerationRequest.ReasoningBudget budget = request.reasoningBudget();
        slot.recentText = budget == null ? null : new StringBuilder();
        slot.reasoningOpen = budget != null && budget.startsInside();
        slot.reasoningClosed = false;
        slot.reasoningTokens = 0;
        slot.forced = null;
        slot.forcedNext = 0;
        slot.acceptedDraft = 0;
        slot.rejectedDraft = 0;
        slot.promptScores = request.promptLogprobs() ? new ArrayList<>(List.of(TokenLogprob.first(prompt[0], vocab))) : null;
        slot.state = Slot.State.PREFILL;
        metrics.cachedPromptTokens.addAndGet(reuse);
        metrics.promptTokens.addAndGet(prompt.length - reuse);
    }

    /**
     * When another slot (busy or idle) holds a longer prefix of the prompt than this one, copies that slot's
     * KV entries here: the later choices of an n>1 request, or a conversation continued on a busy slot.
     * llama.cpp copies only whole sequences between streams, so the copy is trimmed afterwards.
     */
    private void copyLongerPrefix(Slot slot, int[] prompt, String cacheKey) {
        int own = slot.cacheKey.equals(cacheKey) ? slot.commonPrefix(prompt) : 0;
        Slot source = null;
        int best = own;
        for (Slot other : slots) {
            if (other != slot && other.cacheKey.equals(cacheKey)) {
                int prefix = other.commonPrefix(prompt);
                if (prefix > best) {
                    best = prefix;
                    source = other;
                }
            }
        }
        if (source == null || best - own < MIN_COPIED_PREFIX) {
            return;
        }
        context.copySequence(source.id, slot.id, -1, -1);
        context.removeTokens(slot.id, best, -1);
        slot.cached = Arrays.copyOf(source.cached, Math.max(best, 64));
        slot.cachedLength = best;
        slot.cacheKey = cacheKey;
    }

    /** One scheduling step: a llama_decode per adapter set among the active slots. */
    private void step() {
        Map<String, List<Slot>> groups = new LinkedHashMap<>();
        for (Slot slot : slots) {
            if (slot.active()) {
                groups.computeIfAbsent(slot.adapters.key(), k -> new ArrayList<>()).add(slot);
            }
        }
        // The adapters already set on the context go first, so a single set never switches.
        List<Slot> current = groups.remove(contextAdapterKey);
        if (current != null) {
            decodeGroup(current);
        }
        for (List<Slot> group : groups.values()) {
            decodeGroup(group);
        }
    }

    private void decodeGroup(List<Slot> group) {
        batch.clear();
        int decoding = 0;
        for (Slot slot : group) {
            slot.logitsIndex = -1;
            slot.chunk = 0;
            slot.draftCount = 0;
            if (slot.state == Slot.State.DECODE) {
                decoding++;
            }
        }
        for (Slot slot : group) {
            if (slot.state != Slot.State.DECODE) {
                continue;
            }
            decoding--;
            slot.logitsIndex = batch.add(slot.pendingToken, slot.cachedLength, slot.id, true);
            if (slot.draft != null && !slot.forcing()) {
                // Drafted tokens follow the pending one; each gets logits so it can be verified.
                int room = Math.min(batch.remaining() - decoding, slot.generation.request.maxTokens() - slot.generated - 1);
                slot.draftCount = slot.draft.next(slot.draftTokens, Math.max(0, room));
                for (int i = 0; i < slot.draftCount; i++) {
                    batch.add(slot.draftTokens[i], slot.cachedLength + 1 + i, slot.id, true);
                }
            }
        }
        for (Slot slot : group) {
            if (slot.state != Slot.State.PREFILL || batch.remaining() == 0) {
                continue;
            }
            int take = Math.min(slot.prompt.length - slot.promptPosition, batch.remaining());
            boolean scorePrompt = slot.promptScores != null;
            slot.chunk = take;
            for (int i = 0; i < take; i++) {
                int position = slot.promptPosition + i;
                boolean last = position == slot.prompt.length - 1;
                int index = batch.add(slot.prompt[position], position, slot.id, last || scorePrompt);
                if (i == 0) {
                    slot.chunkIndex = index;
                }
                if (last) {
                    slot.logitsIndex = index;
                }
            }
        }
        if (batch.size() == 0) {
            return;
        }
        Adapters.Resolved resolved = group.getFirst().adapters;
        if (!resolved.key().equals(contextAdapterKey)) {
            context.setAdapters(resolved.handles(), resolved.scales());
            contextAdapterKey = resolved.key();
        }
        if (context.decode(batch) != 0) {
            for (Slot slot : group) {
                slot.generation.emit(new Generation.Failed(503, "server_error", "the KV cache is full; retry later"));
                release(slot);
                context.removeTokens(slot.id, -1, -1);
                slot.cachedLength = 0;
            }
            return;
        }
        for (Slot slot : group) {
            if (slot.state == Slot.State.DECODE) {
                slot.appendCached(slot.pendingToken);
            }
            if (slot.chunk > 0) {
                prefilled(slot);
            }
            if (slot.logitsIndex >= 0) {
                sampleAndVerify(slot);
            }
        }
    }

    /** Books a decoded prompt chunk; scores its tokens when the prompt's log-probabilities were asked for. */
    private void prefilled(Slot slot) {
        for (int i = 0; i < slot.chunk; i++) {
            int position = slot.promptPosition++;
            slot.appendCached(slot.prompt[position]);
            if (slot.promptScores != null && position + 1 < slot.prompt.length) {
                slot.promptScores.add(TokenLogprob.of(context.logits(slot.chunkIndex + i), vocab.size(),
                        slot.prompt[position + 1], slot.generation.request.logprobs(), vocab));
            }
        }
        if (slot.promptPosition == slot.prompt.length) {
            slot.generation.promptReady = true;
            if (slot.promptScores != null) {
                slot.generation.emit(new Generation.PromptScores(List.copyOf(slot.promptScores)));
                slot.promptScores = null;
            }
        }
    }

    /**
     * Samples the next token and, while it equals the drafted token at that position, the tokens after it
     * from the same decode: the output is what decoding one token at a time would have given, up to llama.cpp's
     * batch-size-dependent rounding (which can flip a near tie).
     * KV entries of drafted tokens that were not accepted are dropped.
     */
    private void sampleAndVerify(Slot slot) {
        Sampler sampler = slot.sampler;
        int index = slot.logitsIndex;
        if (slot.forcing()) {
            int token = slot.forced[slot.forcedNext++];
            sampler.accept(token);
            accept(slot, token, index);
            return;
        }
        boolean decoding = accept(slot, sampler.sample(context, index), index);
        int drafted = slot.draftCount;
        int accepted = 0;
        while (decoding && accepted < drafted && slot.pendingToken == slot.draftTokens[accepted]) {
            slot.appendCached(slot.pendingToken);
            accepted++;
            index++;
            decoding = accept(slot, sampler.sample(context, index), index);
        }
        if (drafted > 0) {
            slot.acceptedDraft += accepted;
            slot.rejectedDraft += drafted - accepted;
            if (slot.draft != null) {
                slot.draft.verified(drafted, accepted);
            }
            context.removeTokens(slot.id, slot.cachedLength, -1);
        }
    }

    /** Takes a sampled token; returns whether the slot goes on decoding. */
    private boolean accept(Slot slot, int token, int logitsIndex) {
        long now = System.nanoTime();
        Generation generation = slot.generation;
        if (slot.generated == 0) {
            slot.firstTokenNanos = now;
            metrics.timeToFirstToken.observe((now - generation.submittedNanos) / 1e9);
        }
        slot.generated++;
        metrics.generationTokens.incrementAndGet();
        GenerationRequest request = generation.request;
        if (!request.ignoreEos() && vocab.isEndOfGeneration(token)) {
            finish(slot, FinishReason.STOP);
            return false;
        }
        if (slot.draft != null) {
            slot.draft.accepted(token);
        }
        List<TokenLogprob> scored = request.wantsLogprobs()
                ? List.of(TokenLogprob.of(context.logits(logitsIndex), vocab.size(), token, request.logprobs(), vocab))
                : List.of();
        // An end-of-generation token kept by ignore_eos is never text, even where control tokens are.
        byte[] piece = vocab.isEndOfGeneration(token) ? new byte[0] : vocab.piece(token, request.renderSpecial());
        String decoded = slot.utf8.append(piece);
        if (slot.recentText != null) {
            spendReasoning(slot, decoded);
        }
        String text = slot.stop.push(decoded);
        if (!text.isEmpty() || !scored.isEmpty()) {
            generation.emit(new Generation.Text(text, scored));
        }
        if (slot.stop.stopped()) {
            finish(slot, FinishReason.STOP);
        } else if (slot.generated >= request.maxTokens()) {
            finish(slot, FinishReason.LENGTH);
        } else {
            slot.pendingToken = token;
            slot.state = Slot.State.DECODE;
            return true;
        }
        return false;
    }

    /**
     * Counts tokens spent inside the reasoning block; at the budget, queues the closing tag (and the blank line
     * models write after it) to be taken in place of the next sampled tokens.
     */
    private void spendReasoning(Slot slot, String decoded) {
        GenerationRequest.ReasoningBudget budget = slot.generation.request.reasoningBudget();
        if (slot.reasoningClosed) {
            return;
        }
        slot.recentText.append(decoded);
        if (slot.recentText.length() > 256) {
            slot.recentText.delete(0, slot.recentText.length() - 256);
        }
        if (!slot.reasoningOpen) {
            int at = slot.recentText.indexOf(budget.open());
            if (at >= 0) {
                slot.reasoningOpen = true;
                slot.recentText.delete(0, at + budget.open().length());
            }
            return;
        }
        if (slot.recentText.indexOf(budget.close()) >= 0) {
            slot.reasoningClosed = true;
        } else if (++slot.reasoningTokens >= budget.tokens() && slot.forced == null) {
            slot.forced = vocab.tokenize(budget.close() + "\n\n", false, true);
            slot.forcedNext = 0;
            slot.reasoningClosed = true;
        }
    }

    private void finish(Slot slot, FinishReason reason) {
        Generation generation = slot.generation;
        if (!slot.stop.stopped()) {
            String rest = slot.stop.push(slot.utf8.flush()) + slot.stop.flush();
            if (!rest.isEmpty()) {
                generation.emit(new Generation.Text(rest, List.of()));
            }
        }
        long now = System.nanoTime();
        if (slot.generated > 1) {
            metrics.timePerOutputToken.observe((now - slot.firstTokenNanos) / 1e9 / (slot.generated - 1));
        }
        metrics.e2eLatency.observe((now - generation.submittedNanos) / 1e9);
        metrics.finished(reason);
        generation.emit(new Generation.Done(reason,
                new Generation.Usage(slot.prompt.length, slot.generated, slot.reusedTokens, slot.acceptedDraft, slot.rejectedDraft),
                new Generation.Timing(generation.submittedNanos, slot.startedNanos, slot.firstTokenNanos, now)));
        release(slot);
    }

    private void release(Slot slot) {
        slot.generation.promptReady = true; // a later choice waiting on this one computes the prompt itself
        slot.sampler.close();
        slot.sampler = null;
        adapters.release(slot.adapters);
        slot.adapters = null;
        slot.generation = null;
        slot.prompt = null;
        slot.state = Slot.State.IDLE;
        slot.lastUsedNanos = System.nanoTime();
    }

    private void failEverything(String message) {
        running = false;
        for (Slot slot : slots) {
            if (slot.active()) {
                slot.generation.emit(new Generation.Failed(500, "server_error", message));
            }
        }
        for (Generation g : waiting) {
            g.emit(new Generation.Failed(500, "server_error", message));
        }
    }

    private RunnerMetrics.Snapshot snapshot() {
        int running = 0;
        long used = 0;
        TreeSet<String> runningAdapters = new TreeSet<>();
        for (Slot slot : slots) {
            if (slot.active()) {
                // Like vLLM, cells kept only as prefix cache by idle slots count as free.
                used += slot.cachedLength;
                running++;
                Adapters.Resolved resolved = slot.adapters;
                if (resolved != null) {
                    resolved.adapters().forEach(a -> runningAdapters.add(a.name));
                }
            }
        }
        int queued = waiting.size() + (int) inbox.stream().filter(Generation.class::isInstance).count();
        return new RunnerMetrics.Snapshot(running, queued, (double) used / ((long) contextPerSlot * slots.length),
                String.join(",", runningAdapters), "", adapters.size());
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        batch.close();
    }
}
