package dev.hearth.server.deployments;

import dev.hearth.server.runners.Lease;
import dev.hearth.server.runners.RunnerSpec;
import dev.hearth.server.runners.RunnerState;
import dev.hearth.server.runners.SupervisedRunner;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One replica of a deployment: a supervised runner process, the requests it has in flight, and the LoRA add-ons
 * loaded into it. A draining replica takes no new requests and is stopped once its last one has finished.
 */
final class Replica {
    final int index;
    final long generation;
    final SupervisedRunner runner;
    final AtomicInteger outstanding = new AtomicInteger();
    /** Add-on model name to the adapter file it was loaded from. */
    final Map<String, String> adapters = new ConcurrentHashMap<>();
    /** Add-ons that failed to load here, with the runner's reason. */
    final Map<String, String> adapterFailures = new ConcurrentHashMap<>();
    final AtomicBoolean syncingAdapters = new AtomicBoolean();
    /** The process (by its URL) the add-ons above were loaded into; a restarted process starts with none. */
    private volatile URI adaptersLoadedInto;
    volatile boolean wasReady;
    volatile boolean draining;
    volatile long drainingSinceNanos;
    volatile boolean stopping;
    /** The counters at the previous load sample, to turn totals into rates. */
    volatile double lastPromptTokens = -1;
    volatile double lastGeneratedTokens = -1;

    Replica(int index, long generation, SupervisedRunner runner) {
        this.index = index;
        this.generation = generation;
        this.runner = runner;
    }

    boolean isReady() {
        return runner.state() == RunnerState.READY && runner.baseUrl() != null;
    }

    boolean routable() {
        return !draining && !stopping && isReady();
    }

    void drain() {
        if (!draining) {
            drainingSinceNanos = System.nanoTime();
            draining = true;
        }
    }

    /** A lease counted in {@link #outstanding} until closed. */
    Lease lease(URI baseUrl) {
        outstanding.incrementAndGet();
        RunnerSpec spec = runner.spec();
        long pid = runner.pid();
        AtomicBoolean closed = new AtomicBoolean();
        return new Lease() {
            @Override
            public RunnerSpec spec() {
                return spec;
            }

            @Override
            public URI baseUrl() {
                return baseUrl;
            }

            @Override
            public String apiKey() {
                return runner.apiKey();
            }

            @Override
            public long pid() {
                return pid;
            }

            @Override
            public void reportFailure() {
                runner.reportFailure(baseUrl);
            }

            @Override
            public void close() {
                if (closed.compareAndSet(false, true)) {
                    outstanding.decrementAndGet();
                }
            }
        };
    }

    /** Whether the process serving now holds {@code adapter}. */
    boolean hasAdapter(String adapter) {
        URI url = runner.baseUrl();
        return url != null && url.equals(adaptersLoadedInto) && adapters.containsKey(adapter);
    }

    /** Forgets the add-ons of an earlier process after a restart, so they are loaded into the new one. */
    void trackProcess() {
        URI url = runner.baseUrl();
        if (url != null && !url.equals(adaptersLoadedInto)) {
            adapters.clear();
            adapterFailures.clear();
            adaptersLoadedInto = url;
        }
    }
}
