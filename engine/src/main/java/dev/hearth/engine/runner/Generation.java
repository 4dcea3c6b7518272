package dev.hearth.engine.runner;

import dev.hearth.engine.llama.Sampler;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/**
 * One choice of a submitted request as the scheduler sees it. Its events (text deltas, then exactly one
 * {@link Done} or {@link Failed}) go to the queue its {@link Submission} shares among all choices.
 */
final class Generation {
    sealed interface Event permits Text, PromptScores, Done, Failed {}

    /** Released text and the scored tokens it came from (empty unless logprobs were asked for). */
    record Text(String text, List<TokenLogprob> logprobs) implements Event {}

    /** The prompt's tokens with their log-probabilities, sent once before any text when echo scores the prompt. */
    record PromptScores(List<TokenLogprob> tokens) implements Event {}

    record Usage(int promptTokens, int completionTokens, int cachedTokens, int acceptedPrediction, int rejectedPrediction) {}

    /** Nanosecond timestamps of the request's life, for perf metrics. */
    record Timing(long submitted, long started, long firstToken, long finished) {}

    record Done(FinishReason reason, Usage usage, Timing timing) implements Event {}

    /** The scheduler gave up on the request; {@code status} is the HTTP status that fits. */
    record Failed(int status, String type, String message) implements Event {}

    /** An event and the index of the choice it belongs to. */
    record Tagged(int choice, Event event) {}

    final GenerationRequest request;
    /** Built by the caller, so a bad grammar is the caller's 400; owned and closed by the scheduler. */
    final Sampler sampler;
    final int choice;
    /** For choices after the first: the first choice, whose prompt prefill this one copies instead of repeating. */
    final Generation leader;
    final long submittedNanos = System.nanoTime();
    /** Set by the scheduler thread once the prompt is in this choice's KV cache (or the choice has ended). */
    boolean promptReady;
    private final BlockingQueue<Tagged> events;
    private volatile boolean cancelled;

    Generation(GenerationRequest request, Sampler sampler, int choice, Generation leader, BlockingQueue<Tagged> events) {
        this.request = request;
        this.sampler = sampler;
        this.choice = choice;
        this.leader = leader;
        this.events = events;
    }

    /** Stops generation at the next step and frees the slot; used when the client goes away. */
    void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    boolean expired(long now) {
        return request.timeoutNanos() > 0 && now - submittedNanos > request.timeoutNanos();
    }

    void emit(Event event) {
        events.add(new Tagged(choice, event));
    }
}
