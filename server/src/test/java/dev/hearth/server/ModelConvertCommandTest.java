package dev.hearth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth model synth --format hf} then {@code hearth model convert}, through the real entry point. */
class ModelConvertCommandTest {

    @TempDir
    Path dir;

    @Test
    void synthesizesAHuggingFaceFolderAndConvertsItToQ8() throws IOException {
        Path hf = dir.resolve("hf");
        assertEquals(0, Main.run("model", "synth", "--out", hf.toString(), "--format", "hf", "--shard-size", "100K"));
        Path out = dir.resolve("model-q8.gguf");
        assertEquals(0, Main.run("model", "convert", "--from", hf.toString(), "--out", out.toString(), "--precision", "Q8_0", "--threads", "2"));
        try (GgufFile file = GgufFile.open(out)) {
            assertEquals(GgmlType.Q8_0, file.tensor("blk.0.attn_q.weight").orElseThrow().type());
        }
        Files.delete(hf.resolve("config.json"));
        assertEquals(3, Main.run("model", "convert", "--from", hf.toString(), "--validate"));
    }
}
