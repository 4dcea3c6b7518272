package dev.hearth.server.runners;

import dev.hearth.engine.llama.LlamaQuantizer;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticModelWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** Shared pieces of the runner tests: the tiny synthetic model, fast settings, a settable clock, a counting launcher. */
final class RunnerTesting {
    private static Path tiny;

    private RunnerTesting() {}

    /** The engine's {@code tiny} preset (0.2 MB, F16), written once per test JVM. */
    static synchronized Path tinyModel() {
        try {
            if (tiny == null) {
                Path dir = Files.createTempDirectory("hearth-runner-models");
                tiny = dir.resolve("tiny.gguf");
                SyntheticModelWriter.write(SynthPreset.TINY.spec(null), tiny, LlamaQuantizer::quantize);
                tiny.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
            }
            return tiny;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Small, single-threaded runners with quick health checks and restarts. */
    static RunnerConfig config(Path logDir) {
        return RunnerConfig.defaults(logDir)
                .withLoadTimeout(Duration.ofSeconds(60))
                .withHealth(Duration.ofMillis(300), Duration.ofSeconds(2), 2)
                .withRestarts(Duration.ofMillis(100), Duration.ofSeconds(2), 3)
                .withStopGrace(Duration.ofSeconds(5))
                .withJvmOptions(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    }

    static RunnerSpec tinySpec(String key) {
        return RunnerSpec.engine(key, "tiny", "tiny (test)", tinyModel(),
                List.of("--ctx", "256", "--parallel", "2", "--batch", "64", "--threads", "1"));
    }

    static final class CountingLauncher implements Launcher {
        private final Launcher delegate;
        final AtomicInteger launches = new AtomicInteger();

        CountingLauncher(Launcher delegate) {
            this.delegate = delegate;
        }

        @Override
        public Instance launch(RunnerSpec spec, String apiKey) throws InterruptedException {
            launches.incrementAndGet();
            return delegate.launch(spec, apiKey);
        }

        @Override
        public java.util.Map<String, Integer> accelerators() {
            return delegate.accelerators();
        }
    }

    /** Waits until {@code pid} has exited; false if it is still alive after {@code within}. */
    static boolean exits(long pid, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcessHandle.of(pid).map(ph -> !ph.isAlive()).orElse(true)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }
}
