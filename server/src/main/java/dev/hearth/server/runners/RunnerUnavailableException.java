package dev.hearth.server.runners;

/** No runner could serve in time (still loading past the caller's wait, restarting, or the pool is shutting down); retryable. */
public final class RunnerUnavailableException extends RuntimeException {
    public RunnerUnavailableException(String message) {
        super(message);
    }
}
