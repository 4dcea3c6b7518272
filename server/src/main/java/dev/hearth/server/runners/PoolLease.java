package dev.hearth.server.runners;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

/** A lease on a serverless runner: a runner with open leases is never reaped as idle. */
final class PoolLease implements Lease {
    private final ServerlessPool pool;
    final ServerlessPool.Entry entry;
    private final URI baseUrl;
    private final long pid;
    private final AtomicBoolean closed = new AtomicBoolean();

    PoolLease(ServerlessPool pool, ServerlessPool.Entry entry, URI baseUrl, long pid) {
        this.pool = pool;
        this.entry = entry;
        this.baseUrl = baseUrl;
        this.pid = pid;
    }

    @Override
    public RunnerSpec spec() {
        return entry.runner.spec();
    }

    @Override
    public URI baseUrl() {
        return baseUrl;
    }

    @Override
    public String apiKey() {
        return entry.runner.apiKey();
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public void reportFailure() {
        entry.runner.reportFailure(baseUrl);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            pool.release(entry);
        }
    }
}
