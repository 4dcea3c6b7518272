package dev.hearth.engine.gguf;

/**
 * Produces a tensor's elements as floats, in GGUF order (dimension 0 varies fastest), any range on demand, so large
 * tensors can be streamed in chunks without being held in memory.
 */
@FunctionalInterface
public interface FloatSource {

    /** Fills {@code dst[0..count)} with the elements starting at index {@code first}. */
    void fill(long first, float[] dst, int count);

    static FloatSource of(float... values) {
        return (first, dst, count) -> System.arraycopy(values, Math.toIntExact(first), dst, 0, count);
    }
}
