package dev.hearth.server.runners;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The right to send requests to one READY runner until {@link #close()}; a runner with open leases is never reaped as idle.
 * Send them to {@link #baseUrl()} with {@code Authorization: Bearer }{@link #apiKey()}.
 */
public final class Lease implements AutoCloseable {
    private final ServerlessPool pool;
    final ServerlessPool.Entry entry;
    private final URI baseUrl;
    private final long pid;
    private final AtomicBoolean closed = new AtomicBoolean();

    Lease(ServerlessPool pool, ServerlessPool.Entry entry, URI baseUrl, long pid) {
        this.pool = pool;
        this.entry = entry;
        this.baseUrl = baseUrl;
        this.pid = pid;
    }

    public RunnerSpec spec() {
        return entry.runner.spec();
    }

    /** e.g. {@code http://127.0.0.1:41234}; requests go to {@code baseUrl().resolve("/v1/completions")}. */
    public URI baseUrl() {
        return baseUrl;
    }

    public String apiKey() {
        return entry.runner.apiKey();
    }

    /** The runner's process id when the lease was taken (-1 for a launcher without processes). */
    public long pid() {
        return pid;
    }

    /** Releases the lease; idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.release(entry);
        }
    }
}
