package dev.hearth.engine.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/** Encodes a {@link FloatSource} as F32, F16 or BF16 a chunk at a time, so memory use does not grow with the tensor. */
final class FloatEncoder {
    private static final int CHUNK = 1 << 18;

    private FloatEncoder() {
    }

    static void write(GgufTensorInfo tensor, FloatSource source, WritableByteChannel out) throws IOException {
        GgmlType type = tensor.type();
        if (type != GgmlType.F32 && type != GgmlType.F16 && type != GgmlType.BF16) {
            throw new IllegalArgumentException("tensor " + tensor.name() + ": floats can be written as F32, F16 or BF16, not " + type);
        }
        long count = tensor.elementCount();
        float[] values = new float[(int) Math.min(CHUNK, count)];
        ByteBuffer buffer = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        MemorySegment segment = MemorySegment.ofBuffer(buffer);
        for (long first = 0; first < count; first += values.length) {
            int n = (int) Math.min(values.length, count - first);
            source.fill(first, values, n);
            int bytes = switch (type) {
                case F32 -> {
                    MemorySegment.copy(values, 0, segment, ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, n);
                    yield n * 4;
                }
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        buffer.putShort(i * 2, Float.floatToFloat16(values[i]));
                    }
                    yield n * 2;
                }
                default -> {
                    for (int i = 0; i < n; i++) {
                        buffer.putShort(i * 2, toBfloat16(values[i]));
                    }
                    yield n * 2;
                }
            };
            buffer.clear().limit(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            buffer.clear();
        }
    }

    /** Rounds to nearest even, as PyTorch does; NaN stays a (quiet) NaN. */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }
}
