package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** {@code --wait}: reads a resource again until it is done or has failed, or until the timeout passes. */
final class Waiter {
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final Duration interval;
    private final Sleeper sleeper;
    private final LongSupplier nanos;

    Waiter(Duration interval, Sleeper sleeper, LongSupplier nanos) {
        this.interval = interval;
        this.sleeper = sleeper;
        this.nanos = nanos;
    }

    static Waiter real() {
        return new Waiter(POLL_INTERVAL, Thread::sleep, System::nanoTime);
    }

    /**
     * Polls until {@code done} holds and returns that reading. A reading for which {@code failure} gives a message
     * ends the wait with that message; so does the timeout, with {@code goal} and the {@code state} last read.
     */
    JsonNode until(Supplier<JsonNode> read, Predicate<JsonNode> done, Function<JsonNode, String> failure,
            Function<JsonNode, String> state, Duration timeout, String goal) {
        long deadline = nanos.getAsLong() + timeout.toNanos();
        while (true) {
            JsonNode current = read.get();
            if (done.test(current)) {
                return current;
            }
            String failed = failure.apply(current);
            if (failed != null) {
                throw new IllegalStateException(failed);
            }
            long left = deadline - nanos.getAsLong();
            if (left <= 0) {
                throw new IllegalStateException("timed out after " + GoDuration.format(timeout) + " waiting for " + goal
                        + "; it is " + state.apply(current));
            }
            try {
                sleeper.sleep(Duration.ofNanos(Math.min(left, interval.toNanos())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + goal, e);
            }
        }
    }
}
