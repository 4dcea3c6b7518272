package dev.hearth.engine.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tensors of a safetensors checkpoint, one file or shards listed by {@code model.safetensors.index.json}, each
 * file memory-mapped. The header of every file is checked when opened (JSON, dtypes, shapes, offsets inside the file
 * and not overlapping), so a tensor's data is always a valid slice. Close it to unmap the files.
 */
public final class Safetensors implements AutoCloseable {

    /** The element types the converter reads. */
    public enum Dtype {
        F32(4), F16(2), BF16(2);

        private final int size;

        Dtype(int size) {
            this.size = size;
        }

        public int size() {
            return size;
        }
    }

    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private final Arena arena;
    private final Map<String, SafetensorsTensor> tensors;

    private Safetensors(Arena arena, Map<String, SafetensorsTensor> tensors) {
        this.arena = arena;
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** Opens one safetensors file. */
    public static Safetensors openFile(Path file) throws ConversionException {
        Arena arena = Arena.ofShared();
        try {
            Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
            read(file, arena, tensors, null);
            return new Safetensors(arena, tensors);
        } catch (ConversionException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Opens the checkpoint of a Hugging Face model folder: the shards named by {@value #INDEX_FILE} if there is one,
     * else {@value #SINGLE_FILE}, else the folder's only {@code *.safetensors} file.
     */
    public static Safetensors openDirectory(Path dir) throws ConversionException {
        Path index = dir.resolve(INDEX_FILE);
        if (!Files.isRegularFile(index)) {
            return openFile(singleFile(dir));
        }
        Map<String, String> weightMap = weightMap(index);
        Arena arena = Arena.ofShared();
        try {
            Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
            for (String shard : new LinkedHashSet<>(weightMap.values())) {
                Path shardFile = dir.resolve(shard);
                if (!shardFile.normalize().startsWith(dir.normalize()) || !Files.isRegularFile(shardFile)) {
                    throw new ConversionException(index, "weight_map names shard '" + shard + "', which is not in the folder");
                }
                Set<String> expected = new LinkedHashSet<>();
                weightMap.forEach((tensor, file) -> {
                    if (file.equals(shard)) {
                        expected.add(tensor);
                    }
                });
                read(shardFile, arena, tensors, expected);
                for (String name : expected) {
                    if (!tensors.containsKey(name)) {
                        throw new ConversionException(shardFile, "tensor " + name + " is listed for this shard in " + INDEX_FILE + " but is not in it");
                    }
                }
            }
            return new Safetensors(arena, tensors);
        } catch (ConversionException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** The files of the checkpoint in {@code dir} (shards in index order), without opening them. */
    public static List<Path> files(Path dir) throws ConversionException {
        Path index = dir.resolve(INDEX_FILE);
        if (!Files.isRegularFile(index)) {
            return List.of(singleFile(dir));
        }
        return new LinkedHashSet<>(weightMap(index).values()).stream().map(dir::resolve).toList();
    }

    public Map<String, SafetensorsTensor> tensors() {
        return tensors;
    }

    public Optional<SafetensorsTensor> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    @Override
    public void close() {
        arena.close();
    }

    private static Path singleFile(Path dir) throws ConversionException {
        Path single = dir.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return single;
        }
        List<Path> candidates = new ArrayList<>();
        try (var listing = Files.list(dir)) {
            listing.filter(p -> p.getFileName().toString().endsWith(".safetensors")).sorted().forEach(candidates::add);
        } catch (IOException e) {
            throw new ConversionException(dir, "cannot list the folder: " + e.getMessage(), e);
        }
        if (candidates.size() == 1) {
            return candidates.getFirst();
        }
        if (candidates.isEmpty()) {
            if (hasAny(dir, ".bin") || hasAny(dir, ".pt") || hasAny(dir, ".pth")) {
                throw new ConversionException(dir.resolve(SINGLE_FILE), "missing; only PyTorch pickle weights (*.bin/*.pt) are present, "
                        + "which are not supported: save the model with safe_serialization=True");
            }
            throw new ConversionException(dir.resolve(SINGLE_FILE), "missing: the folder has no *.safetensors weights");
        }
        throw new ConversionException(dir.resolve(INDEX_FILE), "missing: the folder has " + candidates.size()
                + " *.safetensors files but no index saying which tensor is in which shard");
    }

    private static boolean hasAny(Path dir, String suffix) {
        try (var listing = Files.list(dir)) {
            return listing.anyMatch(p -> p.getFileName().toString().endsWith(suffix));
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, String> weightMap(Path index) throws ConversionException {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new ConversionException(index, "is not valid JSON: " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new ConversionException(index, "has no weight_map object");
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isTextual()) {
                throw new ConversionException(index, "weight_map." + entry.getKey() + " is not a file name");
            }
            weightMap.put(entry.getKey(), entry.getValue().asText());
        }
        return weightMap;
    }

    /** Reads one file's header and adds its tensors (only those in {@code only}, when given). */
    private static void read(Path file, Arena arena, Map<String, SafetensorsTensor> into, Set<String> only) throws ConversionException {
        if (!Files.isRegularFile(file)) {
            throw new ConversionException(file, "missing");
        }
        MemorySegment mapped;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < 8) {
                throw new ConversionException(file, "is " + channel.size() + " bytes long, too short for a safetensors header (truncated?)");
            }
            mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
        } catch (ConversionException e) {
            throw e;
        } catch (IOException e) {
            throw new ConversionException(file, "cannot be read: " + e.getMessage(), e);
        }
        long headerSize = mapped.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerSize <= 0 || headerSize > MAX_HEADER || 8 + headerSize > mapped.byteSize()) {
            throw new ConversionException(file, "header length " + headerSize + " does not fit the file of " + mapped.byteSize()
                    + " bytes; this is not a safetensors file (or it is truncated)");
        }
        byte[] headerBytes = mapped.asSlice(8, headerSize).toArray(ValueLayout.JAVA_BYTE);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConversionException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new ConversionException(file, "header is not a JSON object");
        }
        MemorySegment data = mapped.asSlice(8 + headerSize);
        List<long[]> ranges = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            SafetensorsTensor tensor = tensor(file, name, entry.getValue(), data);
            ranges.add(new long[] {tensor.data().address() - data.address(), tensor.data().byteSize()});
            if (only != null && !only.contains(name)) {
                continue;
            }
            if (into.putIfAbsent(name, tensor) != null) {
                throw new ConversionException(file, "tensor " + name + " is also in " + into.get(name).file().getFileName());
            }
        }
        ranges.sort(Comparator.comparingLong(r -> r[0]));
        for (int i = 1; i < ranges.size(); i++) {
            if (ranges.get(i)[0] < ranges.get(i - 1)[0] + ranges.get(i - 1)[1]) {
                throw new ConversionException(file, "tensor data ranges overlap at byte " + ranges.get(i)[0] + " of the data section");
            }
        }
    }

    private static SafetensorsTensor tensor(Path file, String name, JsonNode entry, MemorySegment data) throws ConversionException {
        String dtypeName = entry.path("dtype").asText("");
        Dtype dtype;
        try {
            dtype = Dtype.valueOf(dtypeName);
        } catch (IllegalArgumentException e) {
            throw new ConversionException(file, "tensor " + name + " has dtype '" + dtypeName + "'; only F32, F16 and BF16 are supported"
                    + (dtypeName.startsWith("F8") || dtypeName.startsWith("I") || dtypeName.startsWith("U") ? " (quantized checkpoints are not: upload the unquantized model)" : ""));
        }
        JsonNode shapeNode = entry.get("shape");
        JsonNode offsets = entry.get("data_offsets");
        if (shapeNode == null || !shapeNode.isArray()) {
            throw new ConversionException(file, "tensor " + name + " has no shape");
        }
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !offsets.get(0).canConvertToLong() || !offsets.get(1).canConvertToLong()) {
            throw new ConversionException(file, "tensor " + name + " has no data_offsets [begin, end]");
        }
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeNode.get(i).asLong(-1);
            if (!shapeNode.get(i).canConvertToLong() || shape[i] < 0) {
                throw new ConversionException(file, "tensor " + name + " has an invalid shape " + shapeNode);
            }
            elements = Math.multiplyExact(elements, shape[i]);
        }
        long begin = offsets.get(0).asLong();
        long end = offsets.get(1).asLong();
        if (begin < 0 || end < begin || end > data.byteSize()) {
            throw new ConversionException(file, "tensor " + name + " has data_offsets [" + begin + ", " + end + "] outside the data section of "
                    + data.byteSize() + " bytes (truncated file?)");
        }
        if (end - begin != elements * dtype.size()) {
            throw new ConversionException(file, "tensor " + name + ": data_offsets span " + (end - begin) + " bytes but shape " + shapeNode
                    + " of " + dtype + " needs " + elements * dtype.size());
        }
        return new SafetensorsTensor(name, dtype, shape, data.asSlice(begin, end - begin).asReadOnly(), file);
    }
}
