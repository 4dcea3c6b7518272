package dev.hearth.server.runners;

/** Told about every state change of every runner in a pool, on a pool thread; must not block. */
@FunctionalInterface
public interface RunnerListener {
    /** {@code reason} is set for FAILED (why it gave up) and RESTARTING (what went wrong), otherwise null. */
    void stateChanged(RunnerSpec spec, RunnerState state, String reason);
}
