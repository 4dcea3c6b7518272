package dev.hearth.server.runners;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Serverless runners: one {@link SupervisedRunner} per {@link RunnerSpec#key()}, started by the first
 * {@link #acquire acquire} (concurrent acquirers of a cold key share that one start), stopped after
 * {@link RunnerConfig#idleWindow()} without leases, and all stopped by {@link #close()}.
 *
 * <p>A key whose runner FAILED answers every acquire with the same {@link RunnerStartException} for
 * {@link RunnerConfig#failureMemory()} (so a broken model is not relaunched per request); the first acquire after that
 * launches it again.
 */
public final class ServerlessPool implements AutoCloseable {
    private final RunnerConfig config;
    private final Launcher launcher;
    private final InstantSource clock;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ExecutorService events;
    private final HttpClient http;
    private final List<RunnerListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Entry> entries = new HashMap<>();
    private final Map<String, Failure> failures = new HashMap<>();
    private boolean closed;

    static final class Entry {
        final SupervisedRunner runner;
        int leases;
        Instant lastRelease;

        Entry(SupervisedRunner runner, Instant created) {
            this.runner = runner;
            this.lastRelease = created;
        }
    }

    private record Failure(String reason, Instant until) {}

    /** Local child processes, the system clock. */
    public ServerlessPool(RunnerConfig config) {
        this(config, new LocalProcessLauncher(config), InstantSource.system());
    }

    /** {@code clock} decides idleness and failure memory (tests pass a settable one and call {@link #reapIdle()}). */
    public ServerlessPool(RunnerConfig config, Launcher launcher, InstantSource clock) {
        this.config = config;
        this.launcher = launcher;
        this.clock = clock;
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "runner-pool-scheduler"));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.events = Executors.newSingleThreadExecutor(r -> daemon(r, "runner-pool-events"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.healthTimeout()).build();
        long reapMillis = Math.clamp(config.idleWindow().toMillis() / 4, 100L, 30_000L);
        scheduler.scheduleWithFixedDelay(this::reapIdleQuietly, reapMillis, reapMillis, TimeUnit.MILLISECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Tells {@code listener} about every runner's state changes from now on (e.g. to record FAILED on the model). */
    public void addListener(RunnerListener listener) {
        listeners.add(listener);
    }

    /**
     * A lease on a READY runner for {@code spec}, starting one if there is none, waiting at most {@code maxWait}.
     *
     * @throws RunnerUnavailableException not READY within {@code maxWait} (it keeps loading for later callers), or shutting down
     * @throws RunnerStartException       its load failed (now, or within the failure memory); the message is the reason
     */
    public Lease acquire(RunnerSpec spec, Duration maxWait) throws InterruptedException {
        Entry entry;
        synchronized (this) {
            if (closed) {
                throw new RunnerUnavailableException("the server is shutting down");
            }
            entry = entries.get(spec.key());
            if (entry == null) {
                Failure failure = failures.get(spec.key());
                if (failure != null && clock.instant().isBefore(failure.until())) {
                    throw new RunnerStartException(failure.reason());
                }
                failures.remove(spec.key());
                entry = new Entry(new SupervisedRunner(spec, launcher, config, scheduler, http,
                        (state, reason) -> publish(spec, state, reason)), clock.instant());
                entries.put(spec.key(), entry);
                entry.runner.start();
            }
            entry.leases++;
        }
        boolean leased = false;
        try {
            URI url = entry.runner.awaitReady(maxWait);
            Lease lease = new PoolLease(this, entry, url, entry.runner.pid());
            leased = true;
            return lease;
        } finally {
            if (!leased) {
                release(entry);
            }
        }
    }

    synchronized void release(Entry entry) {
        entry.leases--;
        entry.lastRelease = clock.instant();
    }

    private void publish(RunnerSpec spec, RunnerState state, String reason) {
        try {
            events.execute(() -> stateChanged(spec, state, reason));
        } catch (RejectedExecutionException e) {
            // Closed: nobody is listening any more.
        }
    }

    private void stateChanged(RunnerSpec spec, RunnerState state, String reason) {
        if (state == RunnerState.FAILED) {
            SupervisedRunner failed = null;
            synchronized (this) {
                Entry entry = entries.get(spec.key());
                if (entry != null && entry.runner.state() == RunnerState.FAILED) {
                    entries.remove(spec.key());
                    failures.put(spec.key(), new Failure(entry.runner.failureReason(), clock.instant().plus(config.failureMemory())));
                    failed = entry.runner;
                }
            }
            if (failed != null) {
                failed.stop();
            }
        }
        for (RunnerListener listener : listeners) {
            try {
                listener.stateChanged(spec, state, reason);
            } catch (RuntimeException e) {
                // A broken listener must not stop the others or the pool.
            }
        }
    }

    /** Stops runners that have had no lease for the idle window; returns how many. Runs periodically on its own. */
    public int reapIdle() {
        List<SupervisedRunner> idle = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            entries.values().removeIf(entry -> {
                boolean reap = entry.leases == 0 && !entry.lastRelease.plus(config.idleWindow()).isAfter(now);
                if (reap) {
                    idle.add(entry.runner);
                }
                return reap;
            });
            failures.values().removeIf(failure -> !now.isBefore(failure.until()));
        }
        stopAll(idle);
        return idle.size();
    }

    private void reapIdleQuietly() {
        try {
            reapIdle();
        } catch (RuntimeException e) {
            // Keep the schedule alive; the next round retries.
        }
    }

    /** The runners in the pool now. */
    public synchronized List<RunnerStatus> status() {
        List<RunnerStatus> result = new ArrayList<>();
        for (Entry entry : entries.values()) {
            SupervisedRunner r = entry.runner;
            result.add(new RunnerStatus(r.spec().key(), r.spec().displayName(), r.state(), r.pid(), r.baseUrl(), entry.leases,
                    r.failureReason()));
        }
        return result;
    }

    /** Stops every runner (SIGTERM, then SIGKILL after the stop grace) and refuses further acquires. */
    @Override
    public void close() {
        List<SupervisedRunner> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = entries.values().stream().map(e -> e.runner).toList();
            entries.clear();
        }
        scheduler.shutdownNow();
        stopAll(all);
        events.shutdown();
        http.close();
    }

    private static void stopAll(List<SupervisedRunner> runners) {
        List<Thread> stopping = new ArrayList<>();
        for (SupervisedRunner runner : runners) {
            stopping.add(Thread.ofVirtual().name("runner-stop").start(runner::stop));
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
