package dev.hearth.engine.runner;

import java.util.List;
import java.util.concurrent.BlockingQueue;

/** A request's choices as its HTTP handler sees them: one event stream for all of them, and cancel(). */
final class Submission {
    final List<Generation> choices;
    private final BlockingQueue<Generation.Tagged> events;

    Submission(List<Generation> choices, BlockingQueue<Generation.Tagged> events) {
        this.choices = List.copyOf(choices);
        this.events = events;
    }

    int size() {
        return choices.size();
    }

    /** The prompt's length in tokens; every choice shares the prompt. */
    int promptTokens() {
        return choices.getFirst().request.prompt().length;
    }

    /** The next event of any choice, waiting as long as it takes. */
    Generation.Tagged next() throws InterruptedException {
        return events.take();
    }

    void cancel() {
        choices.forEach(Generation::cancel);
    }
}
