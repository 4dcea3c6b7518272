package dev.hearth.engine.synth;

import java.io.IOException;
import java.nio.file.Path;

/** Converts an F16/F32 GGUF model into a quantized one; {@code type} is a name such as {@code q8_0} or {@code q4_0}. */
@FunctionalInterface
public interface Quantizer {

    void quantize(Path in, Path out, String type, int threads) throws IOException;
}
