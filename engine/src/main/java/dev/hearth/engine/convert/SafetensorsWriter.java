package dev.hearth.engine.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.gguf.FloatSource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes one safetensors file: the JSON header (padded with spaces to 8 bytes, as the reference implementation
 * does), then each tensor's elements encoded from a {@link FloatSource} a chunk at a time.
 */
public final class SafetensorsWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK = 1 << 16;

    private record Entry(String name, Safetensors.Dtype dtype, long[] shape, FloatSource values) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /** Adds a tensor; {@code shape} is PyTorch's (last dimension fastest) and {@code values} yields elements in that order. */
    public SafetensorsWriter add(String name, Safetensors.Dtype dtype, long[] shape, FloatSource values) {
        entries.add(new Entry(name, dtype, shape.clone(), values));
        return this;
    }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /** Bytes of tensor data added so far. */
    public long dataSize() {
        return entries.stream().mapToLong(e -> e.elements() * e.dtype().size()).sum();
    }

    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    public void write(Path file) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        for (Entry entry : entries) {
            long size = entry.elements() * entry.dtype().size();
            header.put(entry.name(), Map.of("dtype", entry.dtype().name(), "shape", entry.shape(), "data_offsets", new long[] {offset, offset + size}));
            offset += size;
        }
        byte[] json = JSON.writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(out, head);
            float[] values = new float[CHUNK];
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (Entry entry : entries) {
                long count = entry.elements();
                for (long first = 0; first < count; first += CHUNK) {
                    int n = (int) Math.min(CHUNK, count - first);
                    entry.values().fill(first, values, n);
                    buffer.clear();
                    for (int i = 0; i < n; i++) {
                        switch (entry.dtype()) {
                            case F32 -> buffer.putFloat(values[i]);
                            case F16 -> buffer.putShort(Float.floatToFloat16(values[i]));
                            case BF16 -> buffer.putShort(toBfloat16(values[i]));
                        }
                    }
                    buffer.flip();
                    writeFully(out, buffer);
                }
            }
        }
    }

    /** Rounds to nearest even, as PyTorch does. */
    static short toBfloat16(float value) {
        int bits = Float.floatToRawIntBits(value);
        if (Float.isNaN(value)) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7FFF + ((bits >>> 16) & 1)) >>> 16);
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
