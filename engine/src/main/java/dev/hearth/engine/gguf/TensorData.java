package dev.hearth.engine.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** The bytes of one tensor, written on demand by {@link GgufWriter} so that a model never has to sit in memory. */
@FunctionalInterface
public interface TensorData {

    /** Writes exactly {@code tensor.byteSize()} bytes, encoded as {@code tensor.type()}. */
    void writeTo(GgufTensorInfo tensor, WritableByteChannel out) throws IOException;

    /** Encodes floats from {@code source} as the tensor's type, which must be F32, F16 or BF16. */
    static TensorData floats(FloatSource source) {
        return (tensor, out) -> FloatEncoder.write(tensor, source, out);
    }

    /** Bytes already in the tensor's type, for example a tensor read from another GGUF file. */
    static TensorData bytes(MemorySegment data) {
        return (tensor, out) -> {
            if (data.byteSize() != tensor.byteSize()) {
                throw new IllegalArgumentException("tensor " + tensor.name() + " needs " + tensor.byteSize() + " bytes, got " + data.byteSize());
            }
            long chunk = 1 << 22;
            for (long at = 0; at < data.byteSize(); at += chunk) {
                ByteBuffer buffer = data.asSlice(at, Math.min(chunk, data.byteSize() - at)).asByteBuffer();
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
            }
        };
    }
}
