package dev.hearth.server.runners;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Starts runner processes. {@link LocalProcessLauncher} runs them as children; a Kubernetes launcher could run pods. */
public interface Launcher {
    /**
     * Starts a runner for {@code spec} requiring {@code apiKey} and blocks until it is serving.
     *
     * @throws RunnerStartException when it exits or does not become ready in time; the message is the reason
     */
    Instance launch(RunnerSpec spec, String apiKey) throws InterruptedException;

    /**
     * The accelerators a replica can be given, by Fireworks accelerator type (e.g. {@code NVIDIA_H100_80GB}) with the
     * most per replica; empty when replicas run on CPU only. Deployments asking for anything else are refused.
     */
    Map<String, Integer> accelerators();

    /** One started runner. */
    interface Instance {
        /** Where it serves, e.g. {@code http://127.0.0.1:41234}. */
        URI baseUrl();

        /** The operating-system process id, or -1 where there is none (a remote runner). */
        long pid();

        boolean isAlive();

        /** Completes when the runner has exited (for any reason). */
        CompletableFuture<Void> onExit();

        /** A description of how it ended (exit code and the last lines of its error output), for restart reasons. */
        String exitDescription();

        /** Asks it to stop (SIGTERM), then kills it after {@code grace}; returns once it has exited. Idempotent. */
        void stop(Duration grace);
    }
}
