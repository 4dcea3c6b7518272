package dev.hearth.engine.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects metadata and tensor descriptions, then writes a GGUF (version 3) file: header, metadata and tensor infos
 * with precomputed offsets first, then each tensor's data streamed from its {@link TensorData}, padded to the
 * alignment. The file appears under its final name only once complete.
 */
public final class GgufWriter {

    private static final int VERSION = 3;

    private final Map<String, GgufValue> metadata = new LinkedHashMap<>();
    private final List<PendingTensor> tensors = new ArrayList<>();
    private final Set<String> tensorNames = new HashSet<>();
    private int alignment = GgufFile.DEFAULT_ALIGNMENT;
    private long dataSize;

    private record PendingTensor(GgufTensorInfo info, TensorData data) {
    }

    /** Adds or replaces a metadata entry; entries are written in the order first added. */
    public GgufWriter put(String key, GgufValue value) {
        if (key.equals(GgufFile.ALIGNMENT_KEY)) {
            return alignment(value.asInt());
        }
        metadata.put(key, value);
        return this;
    }

    public GgufWriter putAll(Map<String, GgufValue> entries) {
        entries.forEach(this::put);
        return this;
    }

    /** Sets the data alignment (a power of two); anything other than 32 is recorded as {@code general.alignment}. */
    public GgufWriter alignment(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment " + alignment + " is not a power of two");
        }
        if (!tensors.isEmpty()) {
            throw new IllegalStateException("set the alignment before adding tensors");
        }
        this.alignment = alignment;
        if (alignment == GgufFile.DEFAULT_ALIGNMENT) {
            metadata.remove(GgufFile.ALIGNMENT_KEY);
        } else {
            metadata.put(GgufFile.ALIGNMENT_KEY, GgufValue.uint32(alignment));
        }
        return this;
    }

    /**
     * Adds a tensor; {@code dims} are in GGUF order (first varies fastest) and {@code data} is asked for its bytes
     * only while {@link #write} runs.
     */
    public GgufWriter addTensor(String name, GgmlType type, long[] dims, TensorData data) {
        if (!tensorNames.add(name)) {
            throw new IllegalArgumentException("duplicate tensor " + name);
        }
        GgufTensorInfo info = new GgufTensorInfo(name, dims, type, dataSize);
        tensors.add(new PendingTensor(info, data));
        dataSize += GgufFile.alignUp(info.byteSize(), alignment);
        return this;
    }

    public List<GgufTensorInfo> tensors() {
        return tensors.stream().map(PendingTensor::info).toList();
    }

    /** Number of tensor elements added so far. */
    public long elementCount() {
        return tensors.stream().mapToLong(t -> t.info().elementCount()).sum();
    }

    /** Writes the file, through a temporary sibling that is renamed to {@code path} when complete. */
    public void write(Path path) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            byte[] header = header();
            // like llama.cpp, pad to the data section only when there is one
            long dataStart = tensors.isEmpty() ? header.length : GgufFile.alignUp(header.length, alignment);
            writeFully(out, ByteBuffer.wrap(header));
            writeFully(out, ByteBuffer.allocate((int) (dataStart - header.length)));
            for (PendingTensor tensor : tensors) {
                GgufTensorInfo info = tensor.info();
                tensor.data().writeTo(info, out);
                long written = out.position() - dataStart - info.offset();
                if (written != info.byteSize()) {
                    throw new IllegalStateException("tensor " + info.name() + " wrote " + written + " bytes, expected " + info.byteSize());
                }
                writeFully(out, ByteBuffer.allocate((int) (GgufFile.alignUp(written, alignment) - written)));
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private byte[] header() {
        Encoder encoder = new Encoder();
        encoder.int32(GgufFile.MAGIC);
        encoder.int32(VERSION);
        encoder.int64(tensors.size());
        encoder.int64(metadata.size());
        metadata.forEach((key, value) -> {
            encoder.string(key);
            encoder.int32(value.type().id());
            encoder.value(value.type(), value.value());
        });
        for (PendingTensor tensor : tensors) {
            GgufTensorInfo info = tensor.info();
            encoder.string(info.name());
            encoder.int32(info.rank());
            for (long dim : info.dims()) {
                encoder.int64(dim);
            }
            encoder.int32(info.type().id());
            encoder.int64(info.offset());
        }
        return encoder.toByteArray();
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Little-endian encoding of header fields into a growing byte array. */
    private static final class Encoder extends ByteArrayOutputStream {
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);

        Encoder() {
            super(1 << 16);
        }

        void int8(int value) {
            write(value);
        }

        void int16(short value) {
            scratch.clear();
            write(scratch.putShort(value).array(), 0, 2);
        }

        void int32(int value) {
            scratch.clear();
            write(scratch.putInt(value).array(), 0, 4);
        }

        void int64(long value) {
            scratch.clear();
            write(scratch.putLong(value).array(), 0, 8);
        }

        void string(String value) {
            byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
            int64(bytes.length);
            write(bytes, 0, bytes.length);
        }

        void value(GgufType type, Object value) {
            switch (type) {
                case UINT8, INT8 -> int8((Byte) value);
                case UINT16, INT16 -> int16((Short) value);
                case UINT32, INT32 -> int32((Integer) value);
                case UINT64, INT64 -> int64((Long) value);
                case FLOAT32 -> int32(Float.floatToRawIntBits((Float) value));
                case FLOAT64 -> int64(Double.doubleToRawLongBits((Double) value));
                case BOOL -> int8((Boolean) value ? 1 : 0);
                case STRING -> string((String) value);
                case ARRAY -> array((GgufArray) value);
            }
        }

        void array(GgufArray array) {
            int32(array.elementType().id());
            int length = array.length();
            int64(length);
            Object values = array.values();
            for (int i = 0; i < length; i++) {
                switch (array.elementType()) {
                    case UINT8, INT8 -> int8(((byte[]) values)[i]);
                    case UINT16, INT16 -> int16(((short[]) values)[i]);
                    case UINT32, INT32 -> int32(((int[]) values)[i]);
                    case UINT64, INT64 -> int64(((long[]) values)[i]);
                    case FLOAT32 -> int32(Float.floatToRawIntBits(((float[]) values)[i]));
                    case FLOAT64 -> int64(Double.doubleToRawLongBits(((double[]) values)[i]));
                    case BOOL -> int8(((boolean[]) values)[i] ? 1 : 0);
                    case STRING -> string(((String[]) values)[i]);
                    case ARRAY -> array(((GgufArray[]) values)[i]);
                }
            }
        }
    }
}
