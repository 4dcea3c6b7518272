package dev.hearth.firectl;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * One file's transfer progress as a single redrawn line on stderr: name, bar, bytes done of total, percent and rate.
 * It redraws at most ten times a second and ends with a newline; a hidden bar draws nothing at all.
 */
final class ProgressBar {
    /** Starts a bar for one file; {@code done} bytes are already there (a resumed upload). */
    interface Factory {
        ProgressBar start(String label, long total, long done);
    }

    static final Factory HIDDEN = (label, total, done) -> new ProgressBar(null, label, total, done, System::nanoTime);

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private final PrintStream err;
    private final String label;
    private final long total;
    private final long startDone;
    private final long startNanos;
    private final LongSupplier nanos;
    private long done;
    private long drawnAt;
    private int drawnWidth;

    ProgressBar(PrintStream err, String label, long total, long done, LongSupplier nanos) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.done = done;
        this.startDone = done;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.drawnAt = startNanos - REDRAW_NANOS;
    }

    static Factory on(PrintStream err) {
        return (label, total, done) -> new ProgressBar(err, label, total, done, System::nanoTime);
    }

    /** Called from the HTTP client's thread while a body streams, hence synchronized. */
    synchronized void advance(long bytes) {
        moveTo(done + bytes);
    }

    /** Sets the bytes done, as the server counts them after a chunk. */
    synchronized void moveTo(long bytes) {
        done = bytes;
        long now = nanos.getAsLong();
        if (err != null && now - drawnAt >= REDRAW_NANOS) {
            drawnAt = now;
            err.print("\r" + padded(render(label, done, total, done - startDone, now - startNanos)));
            err.flush();
        }
    }

    synchronized void finish() {
        if (err != null) {
            err.println("\r" + padded(render(label, done, total, done - startDone, nanos.getAsLong() - startNanos)));
        }
    }

    /** Blanks what is left of a longer line drawn before. */
    private String padded(String line) {
        String out = line + " ".repeat(Math.max(0, drawnWidth - line.length()));
        drawnWidth = line.length();
        return out;
    }

    /** {@code tiny.gguf [=======>      ] 1.2 MiB / 2.4 MiB  50%  3.1 MiB/s}; the rate counts this run's bytes only. */
    static String render(String label, long done, long total, long moved, long elapsedNanos) {
        double fraction = total <= 0 ? 1 : Math.min(1, (double) done / total);
        int filled = (int) Math.round(fraction * WIDTH);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled == 0 ? "" : filled == WIDTH ? "=" : ">")
                + " ".repeat(WIDTH - filled);
        double seconds = elapsedNanos / 1e9;
        String rate = seconds <= 0 ? "-" : bytes((long) (moved / seconds)) + "/s";
        return String.format(Locale.ROOT, "%s [%s] %s / %s %3d%% %s", label, bar, bytes(done), bytes(total),
                (int) Math.floor(fraction * 100), rate);
    }

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 2.0 GiB}. */
    static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        double value = count;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
