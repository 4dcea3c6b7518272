package dev.hearth.server.runners;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * One runner key's process, kept alive: launched once, health-checked while READY, restarted with exponential backoff
 * when it dies or stops answering {@code /health}, and FAILED when its first load fails (never a restart loop) or
 * {@link RunnerConfig#maxRestarts()} restarts in a row fail. Its API key is random, made once, and kept across restarts.
 */
public final class SupervisedRunner {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RunnerSpec spec;
    private final Launcher launcher;
    private final RunnerConfig config;
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;
    private final BiConsumer<RunnerState, String> onState;
    private final String apiKey;

    private RunnerState state = RunnerState.STARTING;
    private Launcher.Instance instance;
    private String failureReason;
    private int restartAttempts;
    private int healthFailures;
    private long readySinceNanos;
    private boolean checking;
    private Thread launching;
    private ScheduledFuture<?> healthTask;

    public SupervisedRunner(RunnerSpec spec, Launcher launcher, RunnerConfig config, ScheduledExecutorService scheduler, HttpClient http,
            BiConsumer<RunnerState, String> onState) {
        this.spec = spec;
        this.launcher = launcher;
        this.config = config;
        this.scheduler = scheduler;
        this.http = http;
        this.onState = onState;
        byte[] key = new byte[24];
        RANDOM.nextBytes(key);
        this.apiKey = "hr-" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    public RunnerSpec spec() {
        return spec;
    }

    public synchronized RunnerState state() {
        return state;
    }

    /** Why it FAILED, or null. */
    public synchronized String failureReason() {
        return failureReason;
    }

    /** The current process id, or -1 while none is serving. */
    public synchronized long pid() {
        return instance == null ? -1 : instance.pid();
    }

    /** Where the current process serves, or null while none is. */
    public synchronized URI baseUrl() {
        return instance == null ? null : instance.baseUrl();
    }

    /** The bearer key every request to this runner must carry. */
    public String apiKey() {
        return apiKey;
    }

    /** Begins the first load on a new thread. */
    public synchronized void start() {
        launching = Thread.ofVirtual().name("runner-launch").start(() -> launchOnce(RunnerState.STARTING));
        healthTask = scheduler.scheduleWithFixedDelay(() -> Thread.ofVirtual().name("runner-health").start(this::healthCheck),
                config.healthInterval().toMillis(), config.healthInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waits until READY and returns its base URL; FAILED throws {@link RunnerStartException}, anything else past the wait
     *  {@link RunnerUnavailableException}. */
    synchronized URI awaitReady(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (true) {
            switch (state) {
                case READY -> {
                    return instance.baseUrl();
                }
                case FAILED -> throw new RunnerStartException(failureReason);
                case STOPPED -> throw new RunnerUnavailableException("the runner for " + spec.displayName() + " was stopped; retry");
                default -> {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new RunnerUnavailableException("the runner for " + spec.displayName() + " is "
                                + (state == RunnerState.STARTING ? "still loading" : "restarting") + " after waiting "
                                + LocalProcessLauncher.format(maxWait) + "; retry later");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }
    }

    private void launchOnce(RunnerState expected) {
        Launcher.Instance launched;
        try {
            launched = launcher.launch(spec, apiKey);
        } catch (RunnerStartException e) {
            launchFailed(expected, e.reason());
            return;
        } catch (InterruptedException e) {
            launchFailed(expected, "the runner for " + spec.displayName() + " was stopped while loading");
            return;
        } catch (RuntimeException e) {
            launchFailed(expected, "cannot start the runner for " + spec.displayName() + ": " + e);
            return;
        }
        boolean keep;
        synchronized (this) {
            launching = null;
            keep = state == expected;
            if (keep) {
                instance = launched;
                healthFailures = 0;
                readySinceNanos = System.nanoTime();
                setState(RunnerState.READY, null);
            }
        }
        if (!keep) {
            launched.stop(config.stopGrace());
            return;
        }
        launched.onExit().thenRun(() -> restart(launched, launched.exitDescription()));
    }

    private synchronized void launchFailed(RunnerState expected, String reason) {
        launching = null;
        if (state != expected) {
            return;
        }
        if (expected == RunnerState.STARTING) {
            fail(reason);
        } else {
            scheduleRestart(reason);
        }
    }

    /** Under the lock: counts a restart and schedules it after the backoff, or gives up. */
    private void scheduleRestart(String reason) {
        restartAttempts++;
        if (restartAttempts > config.maxRestarts()) {
            fail("gave up after " + config.maxRestarts() + " restarts in a row: " + reason);
            return;
        }
        setState(RunnerState.RESTARTING, reason);
        Duration delay = config.backoff(restartAttempts);
        scheduler.schedule(() -> {
            synchronized (this) {
                if (state == RunnerState.RESTARTING) {
                    launching = Thread.ofVirtual().name("runner-launch").start(() -> launchOnce(RunnerState.RESTARTING));
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Replaces {@code failed} if it is still the serving instance. */
    private void restart(Launcher.Instance failed, String reason) {
        synchronized (this) {
            if (instance != failed || state != RunnerState.READY) {
                return;
            }
            instance = null;
            if (stable()) {
                restartAttempts = 0;
            }
            scheduleRestart(reason);
        }
        Thread.ofVirtual().start(() -> failed.stop(Duration.ofSeconds(1)));
    }

    private boolean stable() {
        return System.nanoTime() - readySinceNanos >= config.restartBackoffCap().toNanos();
    }

    private void healthCheck() {
        Launcher.Instance checked;
        synchronized (this) {
            if (state != RunnerState.READY || checking) {
                return;
            }
            checked = instance;
            checking = true;
        }
        boolean healthy = probe(checked);
        int failures;
        synchronized (this) {
            checking = false;
            if (instance != checked || state != RunnerState.READY) {
                return;
            }
            if (healthy) {
                healthFailures = 0;
                if (stable()) {
                    restartAttempts = 0;
                }
                return;
            }
            failures = ++healthFailures;
            if (failures < config.healthFailures()) {
                return;
            }
        }
        restart(checked, checked.isAlive() ? "failed " + failures + " health checks in a row" : checked.exitDescription());
    }

    /** A request to this runner failed to connect or broke off: check it now and restart it at once if it is unhealthy. */
    public void reportFailure(URI leasedUrl) {
        Launcher.Instance suspect;
        synchronized (this) {
            if (state != RunnerState.READY || instance == null || !instance.baseUrl().equals(leasedUrl)) {
                return;
            }
            suspect = instance;
        }
        Thread.ofVirtual().name("runner-health").start(() -> {
            if (!probe(suspect)) {
                restart(suspect, suspect.isAlive() ? "health check failed after a request to it failed" : suspect.exitDescription());
            }
        });
    }

    private boolean probe(Launcher.Instance target) {
        if (!target.isAlive()) {
            return false;
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(target.baseUrl().resolve("/health")).timeout(config.healthTimeout()).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Under the lock. */
    private void fail(String reason) {
        failureReason = reason;
        Launcher.Instance old = instance;
        instance = null;
        cancelHealth();
        setState(RunnerState.FAILED, reason);
        if (old != null) {
            Thread.ofVirtual().start(() -> old.stop(Duration.ofSeconds(1)));
        }
    }

    /** Stops it for good: SIGTERM, SIGKILL after the grace; returns when the process is gone. */
    public void stop() {
        Launcher.Instance old;
        synchronized (this) {
            if (state == RunnerState.STOPPED) {
                return;
            }
            old = instance;
            instance = null;
            cancelHealth();
            if (launching != null) {
                launching.interrupt();
            }
            if (state != RunnerState.FAILED) {
                setState(RunnerState.STOPPED, null);
            }
        }
        if (old != null) {
            old.stop(config.stopGrace());
        }
    }

    private void cancelHealth() {
        if (healthTask != null) {
            healthTask.cancel(false);
        }
    }

    private void setState(RunnerState next, String reason) {
        state = next;
        notifyAll();
        onState.accept(next, reason);
    }
}
