package dev.hearth.server.runners;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How runners are started, watched and retired.
 *
 * @param logDir            one log file per runner key is appended to here (runner stdout and stderr; never prompts)
 * @param idleWindow        a runner without leases is stopped this long after its last lease closed (default 10 min)
 * @param loadTimeout       a runner that has not printed its ready line by then is killed and counts as failed (default 5 min)
 * @param healthInterval    how often READY runners get {@code GET /health} (default 5 s)
 * @param healthTimeout     how long one health check may take (default 3 s)
 * @param healthFailures    consecutive failed health checks that make a READY runner restart (default 3)
 * @param restartBackoff    wait before the first restart; doubled for every further consecutive one (default 1 s)
 * @param restartBackoffCap the most a restart waits; a runner READY this long counts as recovered (default 30 s)
 * @param maxRestarts       consecutive failed restarts before the runner is FAILED (default 5)
 * @param failureMemory     how long a FAILED key answers with its failure before a request may launch it again (default 30 s)
 * @param stopGrace         time between SIGTERM and SIGKILL when stopping a runner (default 10 s)
 * @param jvmOptions        extra JVM options for runner processes, e.g. {@code -Xmx2g} (default none)
 */
public record RunnerConfig(Path logDir, Duration idleWindow, Duration loadTimeout, Duration healthInterval, Duration healthTimeout,
        int healthFailures, Duration restartBackoff, Duration restartBackoffCap, int maxRestarts, Duration failureMemory,
        Duration stopGrace, List<String> jvmOptions) {

    public RunnerConfig {
        Objects.requireNonNull(logDir, "logDir");
        jvmOptions = List.copyOf(jvmOptions);
        for (Duration d : List.of(idleWindow, loadTimeout, healthInterval, healthTimeout, restartBackoff, restartBackoffCap,
                failureMemory, stopGrace)) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("runner durations must not be negative");
            }
        }
        if (healthInterval.isZero() || healthTimeout.isZero() || loadTimeout.isZero() || healthFailures < 1 || maxRestarts < 0) {
            throw new IllegalArgumentException("health interval, health timeout, load timeout and health failures must be positive");
        }
    }

    /** The defaults, logging to {@code logDir} (the server uses {@code <home>/logs/runners}). */
    public static RunnerConfig defaults(Path logDir) {
        return new RunnerConfig(logDir, Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(5), Duration.ofSeconds(3),
                3, Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofSeconds(30), Duration.ofSeconds(10), List.of());
    }

    public RunnerConfig withIdleWindow(Duration value) {
        return new RunnerConfig(logDir, value, loadTimeout, healthInterval, healthTimeout, healthFailures, restartBackoff,
                restartBackoffCap, maxRestarts, failureMemory, stopGrace, jvmOptions);
    }

    public RunnerConfig withLoadTimeout(Duration value) {
        return new RunnerConfig(logDir, idleWindow, value, healthInterval, healthTimeout, healthFailures, restartBackoff,
                restartBackoffCap, maxRestarts, failureMemory, stopGrace, jvmOptions);
    }

    public RunnerConfig withHealth(Duration interval, Duration timeout, int failures) {
        return new RunnerConfig(logDir, idleWindow, loadTimeout, interval, timeout, failures, restartBackoff,
                restartBackoffCap, maxRestarts, failureMemory, stopGrace, jvmOptions);
    }

    public RunnerConfig withRestarts(Duration backoff, Duration cap, int max) {
        return new RunnerConfig(logDir, idleWindow, loadTimeout, healthInterval, healthTimeout, healthFailures, backoff,
                cap, max, failureMemory, stopGrace, jvmOptions);
    }

    public RunnerConfig withFailureMemory(Duration value) {
        return new RunnerConfig(logDir, idleWindow, loadTimeout, healthInterval, healthTimeout, healthFailures, restartBackoff,
                restartBackoffCap, maxRestarts, value, stopGrace, jvmOptions);
    }

    public RunnerConfig withStopGrace(Duration value) {
        return new RunnerConfig(logDir, idleWindow, loadTimeout, healthInterval, healthTimeout, healthFailures, restartBackoff,
                restartBackoffCap, maxRestarts, failureMemory, value, jvmOptions);
    }

    public RunnerConfig withJvmOptions(List<String> value) {
        return new RunnerConfig(logDir, idleWindow, loadTimeout, healthInterval, healthTimeout, healthFailures, restartBackoff,
                restartBackoffCap, maxRestarts, failureMemory, stopGrace, value);
    }

    /** The wait before restart number {@code attempt} (1-based): base doubled per attempt, at most the cap. */
    Duration backoff(int attempt) {
        Duration delay = restartBackoff;
        for (int i = 1; i < attempt && delay.compareTo(restartBackoffCap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(restartBackoffCap) > 0 ? restartBackoffCap : delay;
    }
}
