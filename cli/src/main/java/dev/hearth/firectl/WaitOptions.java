package dev.hearth.firectl;

import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --wait-timeout}, with Go-style durations as firectl takes them. */
final class WaitOptions {
    @Option(names = "--wait", description = "Wait until the operation completes.")
    boolean wait;

    @Option(names = "--wait-timeout", paramLabel = "duration", converter = GoDuration.class, defaultValue = "1h0m0s",
            description = "Maximum time to wait when using --wait flag, such as 30m or 1h30m. (default 1h0m0s)")
    Duration timeout;
}
