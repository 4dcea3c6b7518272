package dev.hearth.engine.runner;

/** Why generation ended, as OpenAI names it. */
enum FinishReason {
    STOP("stop"), LENGTH("length");

    final String wire;

    FinishReason(String wire) {
        this.wire = wire;
    }
}
