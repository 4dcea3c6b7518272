package dev.hearth.engine.runner;

import java.io.IOException;
import java.io.InputStream;

/**
 * Makes a supervised runner exit when its supervisor disappears. The supervisor keeps the runner's stdin open
 * as a pipe; the kernel closes it when the supervisor dies, even by {@code kill -9}, so end of input means orphaned.
 */
public final class ParentWatch {
    private ParentWatch() {}

    /** Starts a daemon thread that halts the JVM (after running {@code onOrphaned}) once stdin reaches end of file. */
    public static void exitWhenStdinCloses(Runnable onOrphaned) {
        Thread watcher = new Thread(() -> {
            InputStream in = System.in;
            byte[] sink = new byte[256];
            try {
                while (in.read(sink) >= 0) {
                    // Anything the supervisor writes is ignored; only the end of the stream matters.
                }
            } catch (IOException e) {
                // A broken pipe means the same as end of file.
            }
            try {
                onOrphaned.run();
            } finally {
                Runtime.getRuntime().halt(3);
            }
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
