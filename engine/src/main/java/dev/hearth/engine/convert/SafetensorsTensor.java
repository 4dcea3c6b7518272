package dev.hearth.engine.convert;

import dev.hearth.engine.gguf.FloatSource;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One tensor of a safetensors file: name, dtype, PyTorch shape (last dimension fastest) and its bytes in the mapped
 * file. As a {@link FloatSource} it yields its elements in storage order, widened to float.
 */
public record SafetensorsTensor(String name, Safetensors.Dtype dtype, long[] shape, MemorySegment data, Path file) implements FloatSource {

    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    public SafetensorsTensor {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public long elementCount() {
        long count = 1;
        for (long dim : shape) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    /** The shape in GGUF order (first dimension fastest): PyTorch's reversed. */
    public long[] ggufDims() {
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[shape.length - 1 - i];
        }
        return dims;
    }

    @Override
    public void fill(long first, float[] dst, int count) {
        switch (dtype) {
            case F32 -> MemorySegment.copy(data, FLOAT, first * 4, dst, 0, count);
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = Float.float16ToFloat(data.get(SHORT, (first + i) * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    dst[i] = Float.intBitsToFloat(data.get(SHORT, (first + i) * 2) << 16);
                }
            }
        }
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
