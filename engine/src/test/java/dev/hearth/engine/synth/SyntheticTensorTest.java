package dev.hearth.engine.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.gguf.GgmlType;
import org.junit.jupiter.api.Test;

class SyntheticTensorTest {

    @Test
    void normalVariatesHaveMeanZeroAndVarianceOne() {
        long key = SyntheticTensor.streamKey(0, "x");
        int n = 200_000;
        double sum = 0;
        double sumOfSquares = 0;
        float max = 0;
        for (int i = 0; i < n; i++) {
            float value = SyntheticTensor.normal(key, i);
            sum += value;
            sumOfSquares += value * value;
            max = Math.max(max, Math.abs(value));
        }
        assertEquals(0, sum / n, 0.01);
        assertEquals(1, sumOfSquares / n, 0.01);
        assertTrue(max > 2.5 && max < 3.47, "max " + max);
    }

    @Test
    void anyRangeCanBeFilledOnItsOwn() {
        SyntheticTensor tensor = SyntheticTensor.random("blk.0.attn_q.weight", GgmlType.F16, 0.5f, 0.1f, 42, 64, 64);
        float[] whole = new float[4096];
        tensor.fill(0, whole, whole.length);
        float[] middle = new float[100];
        tensor.fill(1000, middle, middle.length);
        for (int i = 0; i < middle.length; i++) {
            assertEquals(whole[1000 + i], middle[i]);
            assertEquals(whole[1000 + i], tensor.value(1000 + i));
        }
    }

    @Test
    void streamsDependOnSeedAndName() {
        assertEquals(SyntheticTensor.streamKey(3, "a"), SyntheticTensor.streamKey(3, "a"));
        assertNotEquals(SyntheticTensor.streamKey(3, "a"), SyntheticTensor.streamKey(4, "a"));
        assertNotEquals(SyntheticTensor.streamKey(3, "a"), SyntheticTensor.streamKey(3, "b"));
        // pinned so that other writers (safetensors) can be checked against the same values
        assertEquals(1.3221635f, SyntheticTensor.normal(SyntheticTensor.streamKey(0, "token_embd.weight"), 0), 0f);
    }
}
