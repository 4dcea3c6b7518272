package dev.hearth.engine.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A GGUF file opened for reading: header, metadata and tensor infos are parsed up front; tensor data stays in the
 * memory-mapped file until asked for. Close it to unmap the file.
 */
public final class GgufFile implements AutoCloseable {

    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian uint32
    static final int DEFAULT_ALIGNMENT = 32;
    public static final String ALIGNMENT_KEY = "general.alignment";

    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final Arena arena;
    private final MemorySegment file;
    private final int version;
    private final Map<String, GgufValue> metadata;
    private final Map<String, GgufTensorInfo> tensors;
    private final int alignment;
    private final long dataOffset;

    private GgufFile(Path path, Arena arena, MemorySegment file) throws IOException {
        this.path = path;
        this.arena = arena;
        this.file = file;
        Cursor in = new Cursor();
        if (file.byteSize() < 24 || in.int32() != MAGIC) {
            throw new IOException(path + " is not a GGUF file");
        }
        version = in.int32();
        if (version != 2 && version != 3) {
            throw new IOException(path + ": unsupported GGUF version " + version);
        }
        long tensorCount = in.int64();
        long kvCount = in.int64();
        Map<String, GgufValue> kv = new LinkedHashMap<>();
        for (long i = 0; i < kvCount; i++) {
            String key = in.string();
            GgufType type = in.type();
            if (kv.put(key, in.value(type)) != null) {
                throw new IOException(path + ": duplicate metadata key " + key);
            }
        }
        metadata = Collections.unmodifiableMap(kv);
        GgufValue alignmentValue = kv.get(ALIGNMENT_KEY);
        alignment = alignmentValue == null ? DEFAULT_ALIGNMENT : alignmentValue.asInt();
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IOException(path + ": alignment " + alignment + " is not a power of two");
        }
        Map<String, GgufTensorInfo> infos = new LinkedHashMap<>();
        for (long i = 0; i < tensorCount; i++) {
            String name = in.string();
            long[] dims = new long[in.int32()];
            if (dims.length < 1 || dims.length > 4) {
                throw new IOException(path + ": tensor " + name + " has " + dims.length + " dimensions");
            }
            for (int d = 0; d < dims.length; d++) {
                dims[d] = in.int64();
            }
            GgmlType type = GgmlType.fromId(in.int32());
            GgufTensorInfo info = new GgufTensorInfo(name, dims, type, in.int64());
            if (infos.put(name, info) != null) {
                throw new IOException(path + ": duplicate tensor " + name);
            }
        }
        tensors = Collections.unmodifiableMap(infos);
        dataOffset = infos.isEmpty() ? in.position : alignUp(in.position, alignment);
        for (GgufTensorInfo info : infos.values()) {
            if (dataOffset + info.offset() + info.byteSize() > file.byteSize()) {
                throw new IOException(path + ": data of tensor " + info.name() + " runs past the end of the file (truncated?)");
            }
        }
    }

    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GgufFile(path, arena, mapped);
        } catch (IOException | RuntimeException e) {
            arena.close();
            if (e instanceof IndexOutOfBoundsException) {
                throw new IOException(path + " ends in the middle of its GGUF header (truncated?)", e);
            }
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    /** All metadata in file order. */
    public Map<String, GgufValue> metadata() {
        return metadata;
    }

    public Optional<GgufValue> get(String key) {
        return Optional.ofNullable(metadata.get(key));
    }

    public GgufValue require(String key) {
        GgufValue value = metadata.get(key);
        if (value == null) {
            throw new NoSuchElementException(path + " has no metadata key " + key);
        }
        return value;
    }

    /** The {@code general.architecture} value, such as {@code llama}. */
    public String architecture() {
        return require("general.architecture").asString();
    }

    /** Tensor infos in file order. */
    public List<GgufTensorInfo> tensors() {
        return List.copyOf(tensors.values());
    }

    public Optional<GgufTensorInfo> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    public int alignment() {
        return alignment;
    }

    /** Where the data section starts in the file; tensor offsets are relative to it. */
    public long dataOffset() {
        return dataOffset;
    }

    /** The tensor's bytes, read-only, backed by the mapping (valid until {@link #close()}). */
    public MemorySegment data(GgufTensorInfo tensor) {
        return file.asSlice(dataOffset + tensor.offset(), tensor.byteSize()).asReadOnly();
    }

    /** Decodes an F32, F16 or BF16 tensor into a float array. */
    public float[] readFloats(GgufTensorInfo tensor) {
        MemorySegment data = data(tensor);
        float[] values = new float[Math.toIntExact(tensor.elementCount())];
        switch (tensor.type()) {
            case F32 -> MemorySegment.copy(data, FLOAT, 0, values, 0, values.length);
            case F16 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.float16ToFloat(data.get(SHORT, 2L * i));
                }
            }
            case BF16 -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat(data.get(SHORT, 2L * i) << 16);
                }
            }
            default -> throw new IllegalArgumentException("tensor " + tensor.name() + " is " + tensor.type() + ", not F32, F16 or BF16");
        }
        return values;
    }

    @Override
    public void close() {
        arena.close();
    }

    static long alignUp(long position, int alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    /** Reads the header sequentially from the mapping. */
    private final class Cursor {
        private long position;
        private byte[] scratch = new byte[256];

        int int32() {
            int value = file.get(INT, position);
            position += 4;
            return value;
        }

        long int64() {
            long value = file.get(LONG, position);
            position += 8;
            return value;
        }

        GgufType type() throws IOException {
            int id = int32();
            try {
                return GgufType.fromId(id);
            } catch (IllegalArgumentException e) {
                throw new IOException(path + ": unknown metadata value type " + id + " at byte " + (position - 4));
            }
        }

        String string() throws IOException {
            long length = int64();
            if (length < 0 || length > file.byteSize() - position) {
                throw new IOException(path + ": string length " + length + " at byte " + (position - 8) + " runs past the end of the file");
            }
            int n = (int) length;
            if (scratch.length < n) {
                scratch = new byte[Math.max(n, scratch.length * 2)];
            }
            MemorySegment.copy(file, ValueLayout.JAVA_BYTE, position, scratch, 0, n);
            position += n;
            return new String(scratch, 0, n, StandardCharsets.UTF_8);
        }

        GgufValue value(GgufType type) throws IOException {
            GgufValue value = switch (type) {
                case UINT8, INT8 -> new GgufValue(type, file.get(ValueLayout.JAVA_BYTE, position));
                case UINT16, INT16 -> new GgufValue(type, file.get(SHORT, position));
                case UINT32, INT32 -> new GgufValue(type, file.get(INT, position));
                case UINT64, INT64 -> new GgufValue(type, file.get(LONG, position));
                case FLOAT32 -> new GgufValue(type, file.get(FLOAT, position));
                case FLOAT64 -> new GgufValue(type, file.get(DOUBLE, position));
                case BOOL -> new GgufValue(type, file.get(ValueLayout.JAVA_BYTE, position) != 0);
                case STRING -> GgufValue.string(string());
                case ARRAY -> GgufValue.array(array());
            };
            position += type.size();
            return value;
        }

        GgufArray array() throws IOException {
            GgufType elementType = type();
            long length = int64();
            long minimumBytes = length * Math.max(1, elementType.size());
            if (length < 0 || length > Integer.MAX_VALUE || minimumBytes > file.byteSize() - position) {
                throw new IOException(path + ": array of " + length + " " + elementType + " at byte " + (position - 12) + " runs past the end of the file");
            }
            int n = (int) length;
            Object values = switch (elementType) {
                case UINT8, INT8 -> bulk(new byte[n], ValueLayout.JAVA_BYTE, n);
                case UINT16, INT16 -> bulk(new short[n], SHORT, n);
                case UINT32, INT32 -> bulk(new int[n], INT, n);
                case UINT64, INT64 -> bulk(new long[n], LONG, n);
                case FLOAT32 -> bulk(new float[n], FLOAT, n);
                case FLOAT64 -> bulk(new double[n], DOUBLE, n);
                case BOOL -> {
                    boolean[] flags = new boolean[n];
                    for (int i = 0; i < n; i++) {
                        flags[i] = file.get(ValueLayout.JAVA_BYTE, position + i) != 0;
                    }
                    position += n;
                    yield flags;
                }
                case STRING -> {
                    String[] strings = new String[n];
                    for (int i = 0; i < n; i++) {
                        strings[i] = string();
                    }
                    yield strings;
                }
                case ARRAY -> {
                    GgufArray[] arrays = new GgufArray[n];
                    for (int i = 0; i < n; i++) {
                        arrays[i] = array();
                    }
                    yield arrays;
                }
            };
            return new GgufArray(elementType, values);
        }

        private Object bulk(Object array, ValueLayout layout, int n) {
            MemorySegment.copy(file, layout, position, array, 0, n);
            position += n * layout.byteSize();
            return array;
        }
    }
}
