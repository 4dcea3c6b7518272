package dev.hearth.engine.runner;

import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every runner command shares (a picocli mixin): where it listens, its API key, whether it follows its parent,
 * and the lifecycle of serving one model until SIGTERM or until the supervising server goes away.
 */
public final class RunnerProcess {
    /** A runner as its command sees it. */
    public interface Served extends AutoCloseable {
        /** Blocks until the model is loaded; throws IllegalStateException with the reason if it could not be. */
        void awaitLoaded() throws InterruptedException;

        String modelId();

        int port();

        @Override
        void close();
    }

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--api-key", description = "Require `Authorization: Bearer KEY` on every endpoint but /health (env HEARTH_RUNNER_API_KEY).")
    String apiKey;

    @Option(names = "--exit-with-parent", description = "Exit when stdin closes: the supervising server keeps it open as a pipe.")
    boolean exitWithParent;

    public String host() {
        return host;
    }

    /** The key from --api-key or HEARTH_RUNNER_API_KEY; null for none. */
    public String apiKey() {
        String key = apiKey != null ? apiKey : System.getenv("HEARTH_RUNNER_API_KEY");
        return key == null || key.isBlank() ? null : key;
    }

    /** Serves {@code runner} until the process is told to stop; 1 when its model fails to load. */
    public int serveUntilStopped(String command, Served runner, CommandLine cli) throws InterruptedException {
        if (exitWithParent) {
            ParentWatch.exitWhenStdinCloses(runner::close);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            stopped.countDown();
        }));
        try {
            runner.awaitLoaded();
        } catch (IllegalStateException e) {
            cli.getErr().println(command + ": " + e.getMessage());
            return 1;
        }
        cli.getOut().println(command + ": serving " + runner.modelId() + " on http://" + host + ":" + runner.port());
        cli.getOut().flush();
        stopped.await();
        return 0;
    }
}
