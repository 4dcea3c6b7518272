package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Quantizes a GGUF model with {@code llama_model_quantize}. */
public final class LlamaQuantizer {
    /** Weight types by their usual names, mapped to llama_ftype. */
    public static final Map<String, Integer> FILE_TYPES = Map.of(
            "f32", 0, "f16", 1, "q4_0", 2, "q4_1", 3, "q8_0", 7, "q5_0", 8, "q5_1", 9,
            "q4_k", 15, "q4_k_m", 15, "q6_k", 18);

    private LlamaQuantizer() {}

    public static void quantize(Path input, Path output, String type, int threads) throws IOException {
        Integer ftype = FILE_TYPES.get(type.toLowerCase(Locale.ROOT));
        if (ftype == null) {
            throw new IllegalArgumentException("unknown weight type " + type + "; known: " + FILE_TYPES.keySet());
        }
        LlamaLibrary.ensureLoaded();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) Api.model_quantize_default_params.invokeExact((SegmentAllocator) arena);
            params.set(JAVA_INT, Structs.QP_NTHREAD, threads);
            params.set(JAVA_INT, Structs.QP_FTYPE, ftype);
            int status = (int) Api.model_quantize.invokeExact(Native.cPath(arena, input), Native.cPath(arena, output), params);
            if (status != 0) {
                throw new IOException("llama_model_quantize of " + input + " to " + type + " failed (status " + status + ", see the log)");
            }
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }
}
