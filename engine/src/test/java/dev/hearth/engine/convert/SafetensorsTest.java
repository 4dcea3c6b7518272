package dev.hearth.engine.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.engine.gguf.FloatSource;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsEveryDtype() throws IOException {
        float[] values = {1f, -2.5f, 0.333333f, 65504f, 1e-3f, 0f};
        Path file = dir.resolve("t.safetensors");
        new SafetensorsWriter()
                .add("f32", Safetensors.Dtype.F32, new long[] {2, 3}, FloatSource.of(values))
                .add("f16", Safetensors.Dtype.F16, new long[] {6}, FloatSource.of(values))
                .add("bf16", Safetensors.Dtype.BF16, new long[] {3, 2}, FloatSource.of(values))
                .write(file);
        try (Safetensors st = Safetensors.openFile(file)) {
            assertEquals(Set.of("f32", "f16", "bf16"), new HashSet<>(st.tensors().keySet()));
            SafetensorsTensor f32 = st.tensor("f32").orElseThrow();
            assertArrayEquals(new long[] {3, 2}, f32.ggufDims());
            assertArrayEquals(values, read(f32));
            float[] f16 = read(st.tensor("f16").orElseThrow());
            float[] bf16 = read(st.tensor("bf16").orElseThrow());
            for (int i = 0; i < values.length; i++) {
                assertEquals(Float.float16ToFloat(Float.floatToFloat16(values[i])), f16[i]);
                assertEquals(values[i], bf16[i], Math.abs(values[i]) / 128);
            }
        }
    }

    @Test
    void rotaryPermutationIsInvertedByItsInverse() {
        RotaryPermutation permutation = new RotaryPermutation(4, 64);
        Set<Integer> seen = new HashSet<>();
        for (int row = 0; row < 64; row++) {
            assertEquals(row, permutation.ggufRow(permutation.hfRow(row)));
            seen.add(permutation.hfRow(row));
        }
        assertEquals(64, seen.size());
        // head 1, head size 16: GGUF rows 16, 17 are the pair HF rows 16 and 24
        assertEquals(16, permutation.hfRow(16));
        assertEquals(24, permutation.hfRow(17));
        assertEquals(17, permutation.hfRow(18));
    }

    private static float[] read(SafetensorsTensor tensor) {
        float[] out = new float[(int) tensor.elementCount()];
        tensor.fill(0, out, out.length);
        return out;
    }
}
