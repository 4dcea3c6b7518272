package dev.hearth.engine.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufTensorInfo;
import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.engine.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticModelWriterTest {

    @TempDir
    Path dir;

    private static final SynthSpec TINY = SynthPreset.TINY.spec(Path.of("unused"));

    @Test
    void tinyPresetIsASmallUntiedLlamaWithTheBuiltinVocabulary() throws IOException {
        Path path = dir.resolve("tiny.gguf");
        SynthResult result = SyntheticModelWriter.write(TINY, path, null);

        assertTrue(result.sizeBytes() <= 4 * 1024 * 1024, "tiny is " + result.sizeBytes() + " bytes");
        assertEquals(Files.size(path), result.sizeBytes());
        try (GgufFile file = GgufFile.open(path)) {
            assertEquals("llama", file.architecture());
            assertEquals(1, file.require("general.file_type").asInt());
            assertEquals(2, file.require("llama.block_count").asInt());
            assertEquals(64, file.require("llama.embedding_length").asInt());
            assertEquals(128, file.require("llama.feed_forward_length").asInt());
            assertEquals(4, file.require("llama.attention.head_count").asInt());
            assertEquals(2, file.require("llama.attention.head_count_kv").asInt());
            assertEquals(16, file.require("llama.rope.dimension_count").asInt());
            assertEquals(2048, file.require("llama.context_length").asInt());
            assertEquals("gpt2", file.require("tokenizer.ggml.model").asString());
            assertEquals("qwen2", file.require("tokenizer.ggml.pre").asString());
            assertEquals(ChatTemplates.CHATML, file.require("tokenizer.chat_template").asString());
            int vocab = file.require("tokenizer.ggml.tokens").asArray().length();
            assertEquals(vocab, file.require("llama.vocab_size").asInt());
            assertEquals(expectedLayout(ModelArchitecture.LLAMA, 64, 2, 32, 128, vocab, false), layout(file));
            assertEquals(GgmlType.F16, file.tensor("blk.0.attn_q.weight").orElseThrow().type());
            assertEquals(GgmlType.F32, file.tensor("blk.0.attn_norm.weight").orElseThrow().type());
            long parameters = file.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum();
            assertEquals(parameters, result.parameters());
        }
    }

    @Test
    void sameSeedGivesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        Path first = dir.resolve("a.gguf");
        Path again = dir.resolve("b.gguf");
        Path other = dir.resolve("c.gguf");
        SyntheticModelWriter.write(TINY, first, null);
        SyntheticModelWriter.write(TINY, again, null);
        SyntheticModelWriter.write(TINY.withSeed(1), other, null);

        assertEquals(-1, Files.mismatch(first, again));
        assertEquals(Files.size(first), Files.size(other));
        assertNotEquals(-1, Files.mismatch(first, other));
    }

    @Test
    void qwen2WithTheQwenVocabularyHasBiasesTiedEmbeddingsAndTheVocabularyCopiedAsIs() throws IOException {
        Path vocabFile = Fixtures.vocab("qwen2");
        SynthSpec spec = new SynthSpec(ModelArchitecture.QWEN2, 32, 2, 4, 2, 64, 4096, 1e6f, 1e-6f, true,
                vocabFile, null, WeightType.F16, 7);
        Path path = dir.resolve("qwen2.gguf");
        SyntheticModelWriter.write(spec, path, null);

        try (GgufFile file = GgufFile.open(path); GgufFile vocab = GgufFile.open(vocabFile)) {
            assertEquals("qwen2", file.architecture());
            assertEquals(151_936, file.require("qwen2.vocab_size").asInt());
            assertEquals(expectedLayout(ModelArchitecture.QWEN2, 32, 2, 16, 64, 151_936, true), layout(file));
            assertArrayEquals(new long[] {32, 151_936}, file.tensor("token_embd.weight").orElseThrow().dims());
            assertFalse(file.tensor("output.weight").isPresent());
            Map<String, GgufValue> expected = new LinkedHashMap<>();
            vocab.metadata().forEach((key, value) -> {
                if (key.startsWith("tokenizer.")) {
                    expected.put(key, value);
                }
            });
            Map<String, GgufValue> copied = new LinkedHashMap<>();
            file.metadata().forEach((key, value) -> {
                if (key.startsWith("tokenizer.")) {
                    copied.put(key, value);
                }
            });
            assertEquals(expected, copied);
        }
    }

    @Test
    void aGivenChatTemplateReplacesTheVocabularysOwn() throws IOException {
        SynthSpec spec = new SynthSpec(ModelArchitecture.LLAMA, 32, 1, 2, 1, 32, 512, 1e4f, 1e-5f, true,
                Fixtures.vocab("llama-bpe"), ChatTemplates.LLAMA3, WeightType.F32, 0);
        Path path = dir.resolve("llama.gguf");
        SyntheticModelWriter.write(spec, path, null);

        try (GgufFile file = GgufFile.open(path)) {
            assertEquals(ChatTemplates.LLAMA3, file.require("tokenizer.chat_template").asString());
            assertEquals("llama-bpe", file.require("tokenizer.ggml.pre").asString());
            assertEquals(0, file.require("general.file_type").asInt());
            assertEquals(GgmlType.F32, file.tensor("token_embd.weight").orElseThrow().type());
        }
    }

    @Test
    void storedValuesAreTheSyntheticWeightsNormsAreOneAndMatricesHaveUnitScale() throws IOException {
        SynthSpec spec = TINY.withWeightType(WeightType.F32);
        Path path = dir.resolve("f32.gguf");
        SyntheticModelWriter.write(spec, path, null);
        int vocab = BuiltinVocabulary.create().tokenCount();

        try (GgufFile file = GgufFile.open(path)) {
            for (SyntheticTensor expected : SyntheticWeights.tensors(spec, vocab)) {
                float[] stored = file.readFloats(file.tensor(expected.name()).orElseThrow());
                float[] produced = new float[stored.length];
                expected.fill(0, produced, produced.length);
                assertArrayEquals(produced, stored, expected.name());
            }
            for (float norm : file.readFloats(file.tensor("blk.1.ffn_norm.weight").orElseThrow())) {
                assertEquals(1f, norm);
            }
            float[] down = file.readFloats(file.tensor("blk.0.ffn_down.weight").orElseThrow());
            double sumOfSquares = 0;
            for (float value : down) {
                sumOfSquares += value * value;
            }
            double std = Math.sqrt(sumOfSquares / down.length);
            assertEquals(1 / Math.sqrt(128), std, 0.05 / Math.sqrt(128));
        }
    }

    @Test
    void quantizedTypesNeedAQuantizer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SyntheticModelWriter.write(TINY.withWeightType(WeightType.Q8_0), dir.resolve("q.gguf"), null));
        assertTrue(e.getMessage().contains("--type q8_0"), e.getMessage());
    }

    @Test
    void invalidShapesNameTheOption() {
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class,
                () -> new SynthSpec(ModelArchitecture.LLAMA, 63, 1, 4, 2, 64, 64, 1e4f, 1e-5f, true, null, null, WeightType.F16, 0));
        assertTrue(heads.getMessage().startsWith("--hidden 63"), heads.getMessage());
        IllegalArgumentException kv = assertThrows(IllegalArgumentException.class,
                () -> new SynthSpec(ModelArchitecture.LLAMA, 64, 1, 4, 3, 64, 64, 1e4f, 1e-5f, true, null, null, WeightType.F16, 0));
        assertTrue(kv.getMessage().contains("--kv-heads 3"), kv.getMessage());
    }

    /** Tensor names and dimensions llama.cpp's llama/qwen2 loaders ask for. */
    static Map<String, List<Long>> expectedLayout(ModelArchitecture arch, long hidden, int layers, long kv, long ffn, long vocab, boolean tied) {
        Map<String, List<Long>> tensors = new LinkedHashMap<>();
        tensors.put("token_embd.weight", List.of(hidden, vocab));
        tensors.put("output_norm.weight", List.of(hidden));
        if (!tied) {
            tensors.put("output.weight", List.of(hidden, vocab));
        }
        for (int i = 0; i < layers; i++) {
            String blk = "blk." + i + ".";
            tensors.put(blk + "attn_norm.weight", List.of(hidden));
            tensors.put(blk + "attn_q.weight", List.of(hidden, hidden));
            tensors.put(blk + "attn_k.weight", List.of(hidden, kv));
            tensors.put(blk + "attn_v.weight", List.of(hidden, kv));
            if (arch == ModelArchitecture.QWEN2) {
                tensors.put(blk + "attn_q.bias", List.of(hidden));
                tensors.put(blk + "attn_k.bias", List.of(kv));
                tensors.put(blk + "attn_v.bias", List.of(kv));
            }
            tensors.put(blk + "attn_output.weight", List.of(hidden, hidden));
            tensors.put(blk + "ffn_norm.weight", List.of(hidden));
            tensors.put(blk + "ffn_gate.weight", List.of(hidden, ffn));
            tensors.put(blk + "ffn_up.weight", List.of(hidden, ffn));
            tensors.put(blk + "ffn_down.weight", List.of(ffn, hidden));
        }
        return Map.copyOf(tensors);
    }

    static Map<String, List<Long>> layout(GgufFile file) {
        Map<String, List<Long>> tensors = new LinkedHashMap<>();
        for (GgufTensorInfo tensor : file.tensors()) {
            List<Long> dims = new ArrayList<>();
            for (long dim : tensor.dims()) {
                dims.add(dim);
            }
            tensors.put(tensor.name(), dims);
        }
        return Map.copyOf(tensors);
    }
}
