package dev.hearth.engine.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.testing.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every native resource is freed by its owner's close(): loading and closing 50 times does not grow the process. */
class NativeLifecycleTest {

    @Test
    void loadingAndClosingFiftyTimesDoesNotGrowMemory() throws IOException {
        Path model = TestModels.tiny();
        Path lora = TestModels.tinyLora();
        for (int i = 0; i < 10; i++) {
            cycle(model, lora);
        }
        long before = residentKiB();
        for (int i = 0; i < 50; i++) {
            cycle(model, lora);
        }
        long grownKiB = residentKiB() - before;
        assertTrue(grownKiB < 16 * 1024, "resident memory grew by " + grownKiB + " KiB over 50 load/close cycles");
    }

    private static void cycle(Path modelFile, Path loraFile) {
        try (LlamaModel model = LlamaModel.load(modelFile);
             LlamaContext context = LlamaContext.create(model, ContextParams.generation(2048, 2, 1));
             LoraAdapter adapter = LoraAdapter.load(model, loraFile);
             Batch batch = new Batch(64);
             Sampler sampler = Sampler.create(model, SamplingParams.greedy())) {
            context.setAdapters(java.util.List.of(adapter), new float[] {1f});
            int[] prompt = model.vocab().tokenize("hello", true, false);
            for (int p = 0; p < prompt.length; p++) {
                batch.add(prompt[p], p, 0, p == prompt.length - 1);
            }
            assertEquals(0, context.decode(batch));
            assertTrue(model.vocab().isValid(sampler.sample(context, prompt.length - 1)));
            context.setAdapters(java.util.List.of(), new float[0]);
        }
    }

    private static long residentKiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }

    @Test
    void metadataOfTheSyntheticModel() {
        try (LlamaModel model = LlamaModel.load(TestModels.tiny())) {
            assertEquals("llama", model.architecture());
            assertEquals(64, model.embeddingSize());
            assertEquals(2, model.layers());
            assertTrue(model.parameterCount() > 0);
            assertTrue(model.vocab().size() > 256);
            assertTrue(model.meta("no.such.key").isEmpty());
        }
    }

    @Test
    void missingFilesFailClearly() {
        LlamaException error = assertThrows(LlamaException.class, () -> LlamaModel.load(Path.of("/nonexistent/model.gguf")));
        assertTrue(error.getMessage().contains("/nonexistent/model.gguf"));
    }

    @Test
    void quantizesToQ8() throws IOException {
        Path out = Files.createTempFile("tiny-q8", ".gguf");
        try {
            LlamaQuantizer.quantize(TestModels.tiny(), out, "q8_0", 1);
            try (LlamaModel model = LlamaModel.load(out)) {
                assertTrue(model.description().contains("Q8_0"), model.description());
            }
            assertThrows(IllegalArgumentException.class, () -> LlamaQuantizer.quantize(TestModels.tiny(), out, "q3_weird", 1));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
