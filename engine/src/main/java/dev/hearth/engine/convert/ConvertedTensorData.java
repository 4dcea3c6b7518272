package dev.hearth.engine.convert;

import dev.hearth.engine.gguf.FloatSource;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufTensorInfo;
import dev.hearth.engine.gguf.TensorData;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * The GGUF bytes of a safetensors tensor, streamed from the mapped file: rows reordered by an optional
 * {@link RotaryPermutation}; copied as they are when the checkpoint's dtype is the GGUF type, else re-encoded through
 * floats. Nothing larger than one chunk is held in memory.
 */
final class ConvertedTensorData implements TensorData {

    private static final int CHUNK = 1 << 22;

    private final SafetensorsTensor source;
    private final RotaryPermutation permutation;

    ConvertedTensorData(SafetensorsTensor source, RotaryPermutation permutation) {
        this.source = source;
        this.permutation = permutation;
    }

    @Override
    public void writeTo(GgufTensorInfo tensor, WritableByteChannel out) throws IOException {
        if (sameType(tensor.type())) {
            if (permutation == null) {
                TensorData.bytes(source.data()).writeTo(tensor, out);
            } else {
                copyPermutedRows(out);
            }
        } else {
            TensorData.floats(permutation == null ? source : permutedFloats()).writeTo(tensor, out);
        }
    }

    private boolean sameType(GgmlType type) {
        return switch (source.dtype()) {
            case F32 -> type == GgmlType.F32;
            case F16 -> type == GgmlType.F16;
            case BF16 -> type == GgmlType.BF16;
        };
    }

    private long rowLength() {
        return source.elementCount() / permutation.rows();
    }

    private void copyPermutedRows(WritableByteChannel out) throws IOException {
        long rowBytes = rowLength() * source.dtype().size();
        MemorySegment data = source.data();
        ByteBuffer buffer = ByteBuffer.allocateDirect((int) Math.max(rowBytes, Math.min(CHUNK, data.byteSize())));
        MemorySegment staging = MemorySegment.ofBuffer(buffer);
        int used = 0;
        for (int row = 0; row < permutation.rows(); row++) {
            if (used + rowBytes > buffer.capacity()) {
                flush(buffer, used, out);
                used = 0;
            }
            MemorySegment.copy(data, permutation.hfRow(row) * rowBytes, staging, used, rowBytes);
            used += (int) rowBytes;
        }
        flush(buffer, used, out);
    }

    private static void flush(ByteBuffer buffer, int used, WritableByteChannel out) throws IOException {
        buffer.clear().limit(used);
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    private FloatSource permutedFloats() {
        long rowLength = rowLength();
        return (first, dst, count) -> {
            int filled = 0;
            while (filled < count) {
                long index = first + filled;
                int row = (int) (index / rowLength);
                long column = index % rowLength;
                int n = (int) Math.min(count - filled, rowLength - column);
                float[] part = filled == 0 && n == count ? dst : new float[n];
                source.fill(permutation.hfRow(row) * rowLength + column, part, n);
                if (part != dst) {
                    System.arraycopy(part, 0, dst, filled, n);
                }
                filled += n;
            }
        };
    }
}
