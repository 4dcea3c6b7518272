package dev.hearth.engine.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufTensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticLoraTest {

    @TempDir
    Path dir;

    private Path base;

    @BeforeEach
    void writeBaseModel() throws IOException {
        base = dir.resolve("base.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(Path.of("unused")), base, null);
    }

    @Test
    void adapterHasAnAPairAndBPairPerBlockAndTargetShapedLikeLlamaCppExpects() throws IOException {
        Path adapter = dir.resolve("lora.gguf");
        SynthResult result = SyntheticLora.write(base, adapter, new LoraSpec(4, 8, LoraSpec.ALL_TARGETS, GgmlType.F32, 1));

        try (GgufFile lora = GgufFile.open(adapter); GgufFile model = GgufFile.open(base)) {
            assertEquals("llama", lora.architecture());
            assertEquals("adapter", lora.require("general.type").asString());
            assertEquals("lora", lora.require("adapter.type").asString());
            assertEquals(8f, lora.require("adapter.lora.alpha").asFloat());
            List<String> expectedNames = new ArrayList<>();
            for (int block = 0; block < 2; block++) {
                for (String target : LoraSpec.ALL_TARGETS) {
                    String weight = "blk." + block + "." + target + ".weight";
                    expectedNames.add(weight + ".lora_a");
                    expectedNames.add(weight + ".lora_b");
                    long[] dims = model.tensor(weight).orElseThrow().dims();
                    GgufTensorInfo a = lora.tensor(weight + ".lora_a").orElseThrow();
                    GgufTensorInfo b = lora.tensor(weight + ".lora_b").orElseThrow();
                    assertArrayEquals(new long[] {dims[0], 4}, a.dims(), weight);
                    assertArrayEquals(new long[] {4, dims[1]}, b.dims(), weight);
                    assertEquals(GgmlType.F32, a.type());
                    for (float value : lora.readFloats(b)) {
                        assertNotEquals(0f, value, weight);
                    }
                }
            }
            assertEquals(expectedNames, lora.tensors().stream().map(GgufTensorInfo::name).toList());
            assertEquals(lora.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum(), result.parameters());
        }
    }

    @Test
    void adapterIsDeterministicInItsSeed() throws IOException {
        Path first = dir.resolve("a.gguf");
        Path again = dir.resolve("b.gguf");
        Path other = dir.resolve("c.gguf");
        SyntheticLora.write(base, first, LoraSpec.attention(2));
        SyntheticLora.write(base, again, LoraSpec.attention(2));
        SyntheticLora.write(base, other, new LoraSpec(2, 2, LoraSpec.ATTENTION_TARGETS, GgmlType.F32, 5));
        assertEquals(-1, Files.mismatch(first, again));
        assertNotEquals(-1, Files.mismatch(first, other));
    }

    @Test
    void aTargetTheModelLacksNamesTheOption() {
        LoraSpec spec = new LoraSpec(2, 2, List.of("attn_qkv"), GgmlType.F16, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SyntheticLora.write(base, dir.resolve("x.gguf"), spec));
        assertTrue(e.getMessage().startsWith("--targets"), e.getMessage());
        assertTrue(e.getMessage().contains("blk.0.attn_qkv.weight"), e.getMessage());
    }
}
