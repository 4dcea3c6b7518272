package dev.hearth.server.runners;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs each runner as a child JVM of this one: {@code java --enable-native-access=ALL-UNNAMED [-Dhearth.llama.dir=...]
 * -cp <this JVM's class path> dev.hearth.server.Main <spec arguments> --host 127.0.0.1 --port 0 --exit-with-parent},
 * with the per-runner API key in {@value #API_KEY_ENV} (an environment variable, so it does not show in {@code ps}).
 * The child's stdin is a pipe this launcher never writes to and keeps open until the runner is stopped; when this JVM
 * dies, even by SIGKILL, the kernel closes it and the runner exits ({@code --exit-with-parent}). Its stdout and stderr
 * are appended to {@code <logDir>/<key>.log}; the last {@value #TAIL_LINES} stderr lines are kept as the failure reason.
 */
public final class LocalProcessLauncher implements Launcher {
    /** The environment variable runners read their API key from. */
    public static final String API_KEY_ENV = "HEARTH_RUNNER_API_KEY";
    static final int TAIL_LINES = 20;
    private static final String MAIN_CLASS = "dev.hearth.server.Main";
    private static final String HOST = "127.0.0.1";

    private final RunnerConfig config;
    private final List<String> commandPrefix;

    public LocalProcessLauncher(RunnerConfig config) {
        this(config, defaultCommandPrefix(config));
    }

    /** {@code commandPrefix} is everything before the spec's arguments (java, JVM options, class path, main class). */
    LocalProcessLauncher(RunnerConfig config, List<String> commandPrefix) {
        this.config = config;
        this.commandPrefix = List.copyOf(commandPrefix);
    }

    /** This JVM's java binary, native access, the llama.cpp directory property if set, the configured options, class path, Main. */
    static List<String> defaultCommandPrefix(RunnerConfig config) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--enable-native-access=ALL-UNNAMED");
        String llamaDir = System.getProperty("hearth.llama.dir");
        if (llamaDir != null && !llamaDir.isBlank()) {
            command.add("-Dhearth.llama.dir=" + llamaDir);
        }
        command.addAll(config.jvmOptions());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        return command;
    }

    /**
     * The log file for a key: the key with anything but letters, digits, '.', '_' and '-' replaced by '_', plus a short
     * hash of the key when anything was replaced (so {@code a/b} and {@code a_b} do not share a file).
     */
    public static Path logFile(Path logDir, String key) {
        String safe = key.replaceAll("[^A-Za-z0-9._-]", "_");
        if (!safe.equals(key) || safe.startsWith(".")) {
            safe = safe + "-" + String.format("%08x", key.hashCode());
        }
        return logDir.resolve(safe + ".log");
    }

    /** The llama.cpp libraries the build fetches are a CPU build, so local replicas get no accelerator. */
    @Override
    public java.util.Map<String, Integer> accelerators() {
        return java.util.Map.of();
    }

    @Override
    public Instance launch(RunnerSpec spec, String apiKey) throws InterruptedException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(spec.arguments());
        command.addAll(List.of("--host", HOST, "--port", "0", "--exit-with-parent"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put(API_KEY_ENV, apiKey);
        builder.redirectInput(ProcessBuilder.Redirect.PIPE);
        LogFile log;
        Process process;
        try {
            Files.createDirectories(config.logDir());
            log = new LogFile(logFile(config.logDir(), spec.key()));
            process = builder.start();
        } catch (IOException e) {
            throw new RunnerStartException("cannot start a runner for " + spec.displayName() + ": " + e.getMessage());
        }
        log.line("=== " + Instant.now() + " started runner " + spec.key() + " (pid " + process.pid() + ")");
        LocalInstance instance = new LocalInstance(spec, process, log);
        try {
            URI url = instance.ready.get(config.loadTimeout().toMillis(), TimeUnit.MILLISECONDS);
            log.line("=== " + Instant.now() + " ready at " + url);
            return instance;
        } catch (TimeoutException e) {
            instance.kill();
            throw new RunnerStartException("runner for " + spec.displayName() + " did not become ready within "
                    + format(config.loadTimeout()) + instance.tailSuffix());
        } catch (ExecutionException e) {
            instance.kill();
            throw e.getCause() instanceof RunnerStartException start ? start
                    : new RunnerStartException(String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            instance.kill();
            throw e;
        }
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    /** An append-only log file shared by a runner's two output streams; closed when both have ended. */
    private static final class LogFile {
        private final BufferedWriter writer;
        private int openStreams = 2;

        LogFile(Path path) throws IOException {
            writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        synchronized void line(String line) {
            try {
                writer.write(line);
                writer.newLine();
                writer.flush();
            } catch (IOException e) {
                // A full disk must not take the runner down; the line is lost.
            }
        }

        synchronized void streamEnded() {
            if (--openStreams == 0) {
                try {
                    writer.close();
                } catch (IOException e) {
                    // Nothing left to lose.
                }
            }
        }
    }

    private static final class LocalInstance implements Instance {
        private final RunnerSpec spec;
        private final Process process;
        private final LogFile log;
        private final OutputStream stdin;
        private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
        private final CountDownLatch stderrDone = new CountDownLatch(1);
        final CompletableFuture<URI> ready = new CompletableFuture<>();
        private final CompletableFuture<Void> exited = new CompletableFuture<>();

        LocalInstance(RunnerSpec spec, Process process, LogFile log) {
            this.spec = spec;
            this.process = process;
            this.log = log;
            // Held open, never written: closing it (or our death) is the runner's signal to exit.
            this.stdin = process.getOutputStream();
            String marker = " serving " + spec.modelId() + " on http://";
            pump(process.getInputStream(), "stdout", line -> {
                int at = line.indexOf(marker);
                if (at >= 0 && !ready.isDone()) {
                    String rest = line.substring(at + marker.length() - "http://".length()).strip();
                    int space = rest.indexOf(' ');
                    ready.complete(URI.create(space < 0 ? rest : rest.substring(0, space)));
                }
            }, null);
            pump(process.getErrorStream(), "stderr", line -> {
                synchronized (stderrTail) {
                    if (stderrTail.size() == TAIL_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line);
                }
            }, stderrDone);
            // Not on the JDK's process reaper thread: this waits for the last stderr lines.
            process.onExit().thenRunAsync(() -> {
                awaitStderr();
                closeStdin();
                log.line("=== " + Instant.now() + " runner " + spec.key() + " (pid " + process.pid() + ") exited with code "
                        + process.exitValue());
                ready.completeExceptionally(new RunnerStartException(loadFailure()));
                exited.complete(null);
            }, task -> Thread.ofVirtual().name("runner-exit").start(task));
        }

        private void pump(InputStream stream, String name, Consumer<String> onLine, CountDownLatch done) {
            Thread thread = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        log.line(line);
                        onLine.accept(line);
                    }
                } catch (IOException | UncheckedIOException e) {
                    // The process is gone.
                } finally {
                    log.streamEnded();
                    if (done != null) {
                        done.countDown();
                    }
                }
            }, "runner-" + process.pid() + "-" + name);
            thread.setDaemon(true);
            thread.start();
        }

        private void awaitStderr() {
            try {
                stderrDone.await(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private List<String> tail() {
            synchronized (stderrTail) {
                return new ArrayList<>(stderrTail);
            }
        }

        /** The runner's own error line ({@code hearth <program>: ...}) if it printed one, else its first meaningful stderr line. */
        private String loadFailure() {
            List<String> tail = tail();
            String reason = null;
            for (String line : tail) {
                if (line.startsWith("hearth ") && line.contains(": ")) {
                    reason = line;
                }
            }
            if (reason == null) {
                reason = tail.stream().filter(l -> !l.isBlank() && !l.startsWith("WARNING:")).findFirst()
                        .orElse("runner for " + spec.displayName() + " exited while loading");
            }
            return reason + " (runner exit code " + process.exitValue() + ")";
        }

        String tailSuffix() {
            List<String> tail = tail().stream().filter(l -> !l.startsWith("WARNING:")).toList();
            return tail.isEmpty() ? "" : "; last output: " + String.join(" | ", tail.subList(Math.max(0, tail.size() - 3), tail.size()));
        }

        @Override
        public URI baseUrl() {
            return ready.getNow(null);
        }

        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public boolean isAlive() {
            return process.isAlive();
        }

        @Override
        public CompletableFuture<Void> onExit() {
            return exited;
        }

        @Override
        public String exitDescription() {
            if (process.isAlive()) {
                return "runner pid " + process.pid() + " is still running";
            }
            return "runner pid " + process.pid() + " exited with code " + process.exitValue() + tailSuffix();
        }

        void kill() {
            process.destroyForcibly();
            closeStdin();
        }

        private void closeStdin() {
            try {
                stdin.close();
            } catch (IOException e) {
                // Already closed.
            }
        }

        @Override
        public void stop(Duration grace) {
            if (process.isAlive()) {
                // ProcessHandle.destroy sends SIGTERM without closing our ends of the pipes (Process.destroy would).
                process.toHandle().destroy();
                try {
                    if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                        process.destroyForcibly();
                        process.waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    process.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            closeStdin();
            try {
                exited.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // Killed; the exit bookkeeping is late, nothing to wait for.
            }
        }
    }
}
