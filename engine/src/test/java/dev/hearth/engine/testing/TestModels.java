package dev.hearth.engine.testing;

import dev.hearth.engine.llama.LlamaQuantizer;
import dev.hearth.engine.synth.LoraSpec;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticLora;
import dev.hearth.engine.synth.SyntheticModelWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Synthetic models generated once per test JVM into a temporary directory (never committed, never downloaded). */
public final class TestModels {
    private static Path dir;
    private static Path tiny;
    private static Path tinyLora;

    private TestModels() {}

    private static synchronized Path dir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("hearth-models");
            dir.toFile().deleteOnExit();
        }
        return dir;
    }

    /** The {@code tiny} preset: llama architecture, built-in byte vocabulary, F16. */
    public static synchronized Path tiny() {
        try {
            if (tiny == null) {
                tiny = dir().resolve("tiny.gguf");
                SyntheticModelWriter.write(SynthPreset.TINY.spec(null), tiny, LlamaQuantizer::quantize);
                tiny.toFile().deleteOnExit();
            }
            return tiny;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A rank-8 LoRA adapter for {@link #tiny()} on every projection, strong enough to change greedy output. */
    public static synchronized Path tinyLora() {
        try {
            if (tinyLora == null) {
                tinyLora = dir().resolve("tiny-lora.gguf");
                SyntheticLora.write(tiny(), tinyLora, new LoraSpec(8, 16, LoraSpec.ALL_TARGETS,
                        dev.hearth.engine.gguf.GgmlType.F32, 7));
                tinyLora.toFile().deleteOnExit();
            }
            return tinyLora;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
