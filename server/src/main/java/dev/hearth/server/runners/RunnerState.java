package dev.hearth.server.runners;

/** The life of a {@link SupervisedRunner}. */
public enum RunnerState {
    /** First load in progress; nothing to route to yet. */
    STARTING,
    /** Loaded and passing health checks. */
    READY,
    /** Died or failed health checks after being ready; a new process is being started after a backoff. */
    RESTARTING,
    /** Gave up: the first load failed, or too many restarts in a row failed. {@link SupervisedRunner#failureReason()} says why. */
    FAILED,
    /** Stopped on purpose (idle, shutdown). */
    STOPPED
}
