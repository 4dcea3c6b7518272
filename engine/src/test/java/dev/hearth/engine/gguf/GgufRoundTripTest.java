package dev.hearth.engine.gguf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void everyMetadataTypeSurvivesAWriteAndRead() throws IOException {
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("u8", GgufValue.uint8(250));
        metadata.put("i8", GgufValue.int8((byte) -7));
        metadata.put("u16", GgufValue.uint16(65_000));
        metadata.put("i16", GgufValue.int16((short) -30_000));
        metadata.put("u32", GgufValue.uint32(4_000_000_000L));
        metadata.put("i32", GgufValue.int32(-2_000_000_000));
        metadata.put("u64", GgufValue.uint64(-1L));
        metadata.put("i64", GgufValue.int64(Long.MIN_VALUE));
        metadata.put("f32", GgufValue.float32(3.25f));
        metadata.put("f64", GgufValue.float64(-1e300));
        metadata.put("bool", GgufValue.bool(true));
        metadata.put("string", GgufValue.string("héllo ✓ 日本"));
        metadata.put("empty string", GgufValue.string(""));
        metadata.put("a.u8", GgufValue.array(new GgufArray(GgufType.UINT8, new byte[] {1, (byte) 255})));
        metadata.put("a.i8", GgufValue.array(new GgufArray(GgufType.INT8, new byte[] {-1, 2})));
        metadata.put("a.u16", GgufValue.array(new GgufArray(GgufType.UINT16, new short[] {1, (short) 65_535})));
        metadata.put("a.i16", GgufValue.array(new GgufArray(GgufType.INT16, new short[] {-3, 4})));
        metadata.put("a.u32", GgufValue.array(new GgufArray(GgufType.UINT32, new int[] {5, -1})));
        metadata.put("a.i32", GgufValue.array(GgufArray.ofInt32(-5, 6, 7)));
        metadata.put("a.u64", GgufValue.array(new GgufArray(GgufType.UINT64, new long[] {8, -1})));
        metadata.put("a.i64", GgufValue.array(new GgufArray(GgufType.INT64, new long[] {Long.MIN_VALUE, 9})));
        metadata.put("a.f32", GgufValue.array(GgufArray.ofFloat32(0.5f, Float.NaN, -0f)));
        metadata.put("a.f64", GgufValue.array(new GgufArray(GgufType.FLOAT64, new double[] {1e-300, 2})));
        metadata.put("a.bool", GgufValue.array(new GgufArray(GgufType.BOOL, new boolean[] {true, false, true})));
        metadata.put("a.string", GgufValue.array(GgufArray.ofStrings(List.of("Ġthe", "", "<|im_end|>"))));
        metadata.put("a.empty", GgufValue.array(GgufArray.ofInt32()));
        metadata.put("a.nested", GgufValue.array(new GgufArray(GgufType.ARRAY, new GgufArray[] {
                GgufArray.ofInt32(1, 2), GgufArray.ofStrings(List.of("x"))})));
        Path path = dir.resolve("meta.gguf");
        new GgufWriter().putAll(metadata).write(path);

        try (GgufFile file = GgufFile.open(path)) {
            assertEquals(3, file.version());
            assertEquals(List.copyOf(metadata.keySet()), List.copyOf(file.metadata().keySet()));
            assertEquals(metadata, file.metadata());
            assertEquals(250, file.require("u8").asLong());
            assertEquals(4_000_000_000L, file.require("u32").asLong());
            assertEquals(65_000, file.require("u16").asInt());
            assertEquals(-1e300, file.require("f64").asDouble());
            assertEquals("héllo ✓ 日本", file.require("string").asString());
            assertTrue(file.require("bool").asBoolean());
            assertEquals(3, file.require("a.string").asArray().length());
            assertTrue(file.tensors().isEmpty());
        }
    }

    @Test
    void tensorsOfEachKindRoundTripAtTheRequestedAlignment() throws IOException {
        float[] values = {0f, 1f, -2.5f, 0.333f, 65504f, 1e-3f};
        byte[] quantized = new byte[2 * GgmlType.Q8_0.bytesPerBlock()];
        for (int i = 0; i < quantized.length; i++) {
            quantized[i] = (byte) (i * 7);
        }
        Path path = dir.resolve("tensors.gguf");
        new GgufWriter()
                .alignment(64)
                .put("general.architecture", GgufValue.string("test"))
                .addTensor("f32", GgmlType.F32, new long[] {3, 2}, TensorData.floats(FloatSource.of(values)))
                .addTensor("f16", GgmlType.F16, new long[] {6}, TensorData.floats(FloatSource.of(values)))
                .addTensor("bf16", GgmlType.BF16, new long[] {2, 3}, TensorData.floats(FloatSource.of(values)))
                .addTensor("q8", GgmlType.Q8_0, new long[] {32, 2}, TensorData.bytes(MemorySegment.ofArray(quantized)))
                .write(path);

        try (GgufFile file = GgufFile.open(path)) {
            assertEquals(64, file.alignment());
            assertEquals(GgufValue.uint32(64), file.require(GgufFile.ALIGNMENT_KEY));
            assertEquals(0, file.dataOffset() % 64);
            assertEquals(List.of("f32", "f16", "bf16", "q8"), file.tensors().stream().map(GgufTensorInfo::name).toList());
            for (GgufTensorInfo tensor : file.tensors()) {
                assertEquals(0, tensor.offset() % 64, tensor.name());
            }
            GgufTensorInfo f32 = file.tensor("f32").orElseThrow();
            assertArrayEquals(new long[] {3, 2}, f32.dims());
            assertArrayEquals(values, file.readFloats(f32));
            float[] f16 = file.readFloats(file.tensor("f16").orElseThrow());
            float[] bf16 = file.readFloats(file.tensor("bf16").orElseThrow());
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], f16[i], Math.abs(values[i]) * 1e-3f, "f16 " + i);
                assertEquals(values[i], bf16[i], Math.abs(values[i]) * 8e-3f, "bf16 " + i);
            }
            GgufTensorInfo q8 = file.tensor("q8").orElseThrow();
            assertEquals(GgmlType.Q8_0, q8.type());
            assertEquals(68, q8.byteSize());
            assertArrayEquals(quantized, file.data(q8).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            assertEquals(file.dataOffset() + q8.offset() + 128, Files.size(path), "last tensor padded to the alignment");
        }
    }

    @Test
    void aVocabFileRewrittenFromItsMetadataIsByteIdentical() throws IOException {
        Path original = dev.hearth.engine.testing.Fixtures.vocab("llama-spm");
        Path copy = dir.resolve("copy.gguf");
        try (GgufFile file = GgufFile.open(original)) {
            new GgufWriter().putAll(file.metadata()).write(copy);
        }
        assertEquals(-1, Files.mismatch(original, copy));
    }

    @Test
    void aTensorWritingTheWrongNumberOfBytesFailsAndLeavesNoFile() {
        Path path = dir.resolve("bad.gguf");
        GgufWriter writer = new GgufWriter().addTensor("short", GgmlType.F32, new long[] {4},
                (tensor, out) -> out.write(ByteBuffer.allocate(8)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> writer.write(path));
        assertTrue(e.getMessage().contains("short"), e.getMessage());
        assertFalse(Files.exists(path));
        assertFalse(Files.exists(dir.resolve("bad.gguf.partial")));
    }

    @Test
    void invalidTensorsAreRejectedWhenAdded() {
        GgufWriter writer = new GgufWriter().addTensor("a", GgmlType.F32, new long[] {1}, TensorData.floats(FloatSource.of(1f)));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("a", GgmlType.F32, new long[] {1}, null));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("q", GgmlType.Q4_0, new long[] {31, 2}, null));
        assertThrows(IllegalArgumentException.class, () -> writer.addTensor("z", GgmlType.F16, new long[] {0}, null));
    }

    @Test
    void truncatedAndForeignFilesGiveAClearError() throws IOException {
        Path good = dir.resolve("good.gguf");
        new GgufWriter().put("k", GgufValue.string("v"))
                .addTensor("t", GgmlType.F32, new long[] {64}, TensorData.floats((first, dst, count) -> Arrays.fill(dst, 0, count, 1f)))
                .write(good);
        byte[] bytes = Files.readAllBytes(good);

        Path cutInData = dir.resolve("cut-data.gguf");
        Files.write(cutInData, Arrays.copyOf(bytes, bytes.length - 10));
        IOException data = assertThrows(IOException.class, () -> GgufFile.open(cutInData));
        assertTrue(data.getMessage().contains("truncated"), data.getMessage());

        Path cutInHeader = dir.resolve("cut-header.gguf");
        Files.write(cutInHeader, Arrays.copyOf(bytes, 40));
        IOException header = assertThrows(IOException.class, () -> GgufFile.open(cutInHeader));
        assertTrue(header.getMessage().contains("cut-header.gguf"), header.getMessage());

        Path text = dir.resolve("text.gguf");
        Files.writeString(text, "this is not a model file at all");
        IOException foreign = assertThrows(IOException.class, () -> GgufFile.open(text));
        assertTrue(foreign.getMessage().contains("not a GGUF file"), foreign.getMessage());
    }
}
