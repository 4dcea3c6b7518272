package dev.hearth.server.runners;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A one-shot {@code hearth} subcommand in a child JVM started like a runner (same java, class path and native
 * access), for native work such as quantization that must not be able to take the server down with it.
 */
public final class ChildCommand {
    private static final int TAIL_LINES = 10;

    private final List<String> commandPrefix;
    private final Duration timeout;

    public ChildCommand(RunnerConfig config, Duration timeout) {
        this.commandPrefix = LocalProcessLauncher.defaultCommandPrefix(config);
        this.timeout = timeout;
    }

    /** Runs {@code hearth <arguments>} to completion; a non-zero exit or a timeout throws with its last output lines. */
    public void run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(commandPrefix);
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ArrayDeque<String> tail = new ArrayDeque<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (tail) {
                        if (tail.size() == TAIL_LINES) {
                            tail.removeFirst();
                        }
                        tail.addLast(line);
                    }
                }
            } catch (IOException e) {
                // The process is gone; its exit status tells the rest.
            }
        });
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException("hearth " + arguments.getFirst() + " did not finish within " + timeout.toMinutes() + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
        reader.join();
        if (process.exitValue() != 0) {
            String output;
            synchronized (tail) {
                output = String.join("\n", tail);
            }
            throw new IOException(output.isBlank() ? "exited with status " + process.exitValue() : output);
        }
    }
}
