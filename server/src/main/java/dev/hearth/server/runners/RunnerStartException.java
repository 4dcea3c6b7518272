package dev.hearth.server.runners;

/** A runner could not be started: its process exited during load, or never became ready. The message is the reason. */
public final class RunnerStartException extends RuntimeException {
    private final String reason;

    public RunnerStartException(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** One line (or a few) an operator can act on, usually the runner's own error, e.g. {@code hearth engine: ...}. */
    public String reason() {
        return reason;
    }
}
