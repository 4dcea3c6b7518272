package dev.hearth.engine.runner;

import dev.hearth.engine.llama.Sampler;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A submitted request as its caller sees it: a stream of events from the scheduler thread, and cancel().
 * Events are text deltas, then exactly one {@link Done} or {@link Failed}.
 */
final class Generation {
    sealed interface Event permits Text, Done, Failed {}

    record Text(String text) implements Event {}

    record Usage(int promptTokens, int completionTokens, int cachedTokens) {}

    record Done(FinishReason reason, Usage usage) implements Event {}

    /** The scheduler gave up on the request; {@code status} is the HTTP status that fits. */
    record Failed(int status, String type, String message) implements Event {}

    final GenerationRequest request;
    /** Built by the caller, so a bad grammar is the caller's 400; owned and closed by the scheduler. */
    final Sampler sampler;
    final long submittedNanos = System.nanoTime();
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    Generation(GenerationRequest request, Sampler sampler) {
        this.request = request;
        this.sampler = sampler;
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
        events.add(event);
    }

    /** The next event, waiting as long as it takes. */
    Event next() throws InterruptedException {
        return events.take();
    }

    Event next(long timeout, TimeUnit unit) throws InterruptedException {
        return events.poll(timeout, unit);
    }
}
