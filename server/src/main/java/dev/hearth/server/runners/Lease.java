package dev.hearth.server.runners;

import java.net.URI;

/**
 * The right to send requests to one READY runner until {@link #close()}: to {@link #baseUrl()} with
 * {@code Authorization: Bearer }{@link #apiKey()}. Serverless runners and deployment replicas both hand them out.
 */
public interface Lease extends AutoCloseable {
    RunnerSpec spec();

    /** e.g. {@code http://127.0.0.1:41234}; requests go to {@code baseUrl().resolve("/v1/completions")}. */
    URI baseUrl();

    String apiKey();

    /** The runner's process id when the lease was taken (-1 for a launcher without processes). */
    long pid();

    /**
     * A request to the runner failed to connect or broke off: its owner checks the runner's health now and restarts it at
     * once if it is down, instead of waiting for the next periodic check.
     */
    void reportFailure();

    /** Releases the lease; idempotent. */
    @Override
    void close();
}
