package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.FloatSource;
import dev.hearth.engine.gguf.GgmlType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a synthetic model or adapter: name and dimensions as llama.cpp expects them (GGUF order, first
 * dimension fastest), the type it is stored as in GGUF, and its values. Element {@code i} (in GGUF order, which is
 * also the row-major order of the transposed PyTorch shape) is {@code mean + std * normal(streamKey, i)}, where
 * {@link #normal} is a counter-based approximately normal variate, so any element can be produced on its own, in any
 * order or thread, and another writer (safetensors) reproduces the exact same floats.
 */
public record SyntheticTensor(String name, long[] dims, GgmlType type, float mean, float std, long streamKey) implements FloatSource {

    private static final long GOLDEN_GAMMA = 0x9E37_79B9_7F4A_7C15L;
    /** One over the standard deviation of a sum of four uniform 16-bit integers. */
    private static final float UNIT = (float) (1 / Math.sqrt((65536.0 * 65536.0 - 1) / 3));

    public SyntheticTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
    }

    /** A tensor drawn from {@code seed}: its stream is keyed by the seed and its name, so names must be unique. */
    public static SyntheticTensor random(String name, GgmlType type, float mean, float std, long seed, long... dims) {
        return new SyntheticTensor(name, dims, type, mean, std, streamKey(seed, name));
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public long elementCount() {
        return Arrays.stream(dims).reduce(1, Math::multiplyExact);
    }

    public float value(long index) {
        return mean + std * normal(streamKey, index);
    }

    @Override
    public void fill(long first, float[] dst, int count) {
        if (std == 0) {
            Arrays.fill(dst, 0, count, mean);
            return;
        }
        for (int i = 0; i < count; i++) {
            dst[i] = mean + std * normal(streamKey, first + i);
        }
    }

    /**
     * Approximately standard normal (Irwin-Hall with four terms: mean 0, variance 1, within ±3.47): the sum of the four
     * 16-bit quarters of SplitMix64's output at position {@code index + 1} of the stream {@code key}, centred and scaled.
     */
    public static float normal(long key, long index) {
        long h = mix64(key + (index + 1) * GOLDEN_GAMMA);
        int sum = (int) (h & 0xFFFF) + (int) ((h >>> 16) & 0xFFFF) + (int) ((h >>> 32) & 0xFFFF) + (int) (h >>> 48);
        return (sum - 2 * 0xFFFF) * UNIT;
    }

    /** The stream of a tensor: SplitMix64's mixer over the seed, xor the 64-bit FNV-1a hash of the name's UTF-8 bytes. */
    public static long streamKey(long seed, String name) {
        long hash = 0xCBF2_9CE4_8422_2325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xFF)) * 0x100_0000_01B3L;
        }
        return mix64(mix64(seed) ^ hash);
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SyntheticTensor that && name.equals(that.name) && Arrays.equals(dims, that.dims) && type == that.type
                && Float.compare(mean, that.mean) == 0 && Float.compare(std, that.std) == 0 && streamKey == that.streamKey;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), type, mean, std, streamKey);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims);
    }
}
