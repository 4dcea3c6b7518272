package dev.hearth.engine.convert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufTensorInfo;
import dev.hearth.engine.synth.LoraSpec;
import dev.hearth.engine.synth.ModelArchitecture;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SynthSpec;
import dev.hearth.engine.synth.SyntheticHfWriter;
import dev.hearth.engine.synth.SyntheticLora;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.engine.synth.WeightType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The decisive check: a synthetic model written directly as GGUF and the same model written as a Hugging Face
 * folder and converted give llama.cpp identical tensors, identical greedy tokens and identical logits.
 */
class HfToGgufTest {

    private static final String PROMPT = "The quick brown fox jumps over the lazy dog";

    @TempDir
    Path dir;

    private static SynthSpec tiny(WeightType type) {
        return SynthPreset.TINY.spec(null).withWeightType(type).withSeed(7);
    }

    @ParameterizedTest(name = "{0}, shard size {1}")
    @CsvSource({"F32, 0", "F32, 60000", "F16, 0", "F16, 30000"})
    void convertedFolderMatchesTheDirectlyWrittenGguf(String type, long shardSize) throws IOException {
        WeightType weightType = WeightType.valueOf(type);
        GgmlType ggmlType = GgmlType.valueOf(type);
        Path direct = dir.resolve("direct.gguf");
        SyntheticModelWriter.write(tiny(weightType), direct, null);
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(tiny(weightType), hf, ggmlType, shardSize);
        if (shardSize > 0) {
            assertTrue(Files.isRegularFile(hf.resolve(Safetensors.INDEX_FILE)));
            assertTrue(Safetensors.files(hf).size() > 1, "sharded into several files");
        }
        Path converted = dir.resolve("converted.gguf");
        List<String> progress = new ArrayList<>();
        HfModel model = HfToGguf.convert(hf, converted, ggmlType, (tensor, done, total, bytes, totalBytes) -> progress.add(done + "/" + total));

        assertEquals("LlamaForCausalLM", model.architecture());
        assertEquals(2048, model.contextLength());
        assertEquals(type, model.dtype());
        assertEquals(progress.size() + "/" + progress.size(), progress.getLast());
        assertSameTensors(direct, converted);
        Greedy expected = Greedy.run(direct, null, PROMPT, 12);
        Greedy actual = Greedy.run(converted, null, PROMPT, 12);
        assertArrayEquals(expected.tokens(), actual.tokens());
        assertTrue(expected.maxLogitDifference(actual) < 1e-4f, "logits differ by " + expected.maxLogitDifference(actual));
    }

    @Test
    void withoutTheRotaryPermutationTheOutputWouldDiffer() throws IOException {
        // guards the test above: the q/k permutation matters for this model
        Path direct = dir.resolve("direct.gguf");
        SyntheticModelWriter.write(tiny(WeightType.F32), direct, null);
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(tiny(WeightType.F32), hf, GgmlType.F32, 0);
        try (GgufFile file = GgufFile.open(direct); Safetensors weights = Safetensors.openDirectory(hf)) {
            float[] gguf = file.readFloats(file.tensor("blk.0.attn_q.weight").orElseThrow());
            SafetensorsTensor q = weights.tensor("model.layers.0.self_attn.q_proj.weight").orElseThrow();
            float[] hfValues = new float[gguf.length];
            q.fill(0, hfValues, hfValues.length);
            assertFalse(java.util.Arrays.equals(gguf, hfValues), "q is stored in a different row order");
            RotaryPermutation permutation = new RotaryPermutation(4, 64);
            for (int row = 0; row < 64; row++) {
                assertEquals(gguf[row * 64 + 5], hfValues[permutation.hfRow(row) * 64 + 5]);
            }
        }
    }

    @Test
    void bf16ConvertsAndLoads() throws IOException {
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(tiny(WeightType.F32), hf, GgmlType.BF16, 0);
        Path converted = dir.resolve("bf16.gguf");
        HfToGguf.convert(hf, converted, GgmlType.BF16, ConversionProgress.NONE);
        try (GgufFile file = GgufFile.open(converted)) {
            assertEquals(GgmlType.BF16, file.tensor("blk.0.attn_q.weight").orElseThrow().type());
            assertEquals(GgmlType.F32, file.tensor("blk.0.attn_norm.weight").orElseThrow().type());
            assertEquals(32, file.require("general.file_type").asInt());
        }
        Greedy f32 = Greedy.run(writeDirect(WeightType.F32), null, PROMPT, 4);
        Greedy bf16 = Greedy.run(converted, null, PROMPT, 4);
        assertEquals(f32.logits()[0].length, bf16.logits()[0].length);
        assertTrue(f32.maxLogitDifference(bf16) < 0.5f, "bf16 logits are close to f32: " + f32.maxLogitDifference(bf16));
    }

    @Test
    void upAndDownConversionBetweenPrecisions() throws IOException {
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(tiny(WeightType.F16), hf, GgmlType.F16, 0);
        Path asF32 = dir.resolve("f32.gguf");
        HfToGguf.convert(hf, asF32, GgmlType.F32, ConversionProgress.NONE);
        // F16 values widened to F32 give the same model as the F16 file
        Greedy f16 = Greedy.run(writeDirect(WeightType.F16), null, PROMPT, 8);
        Greedy f32 = Greedy.run(asF32, null, PROMPT, 8);
        assertArrayEquals(f16.tokens(), f32.tokens());
        // llama.cpp rounds activations to F16 for F16 matrices, so only the tokens are exact
        assertTrue(f16.maxLogitDifference(f32) < 0.05f, "differ by " + f16.maxLogitDifference(f32));
    }

    @Test
    void qwen2KeepsItsBiasesAndIsNotPermuted() throws IOException {
        SynthSpec spec = new SynthSpec(ModelArchitecture.QWEN2, 64, 2, 4, 2, 128, 4096, 1_000_000f, 1e-6f, true,
                null, null, WeightType.F32, 3);
        Path direct = dir.resolve("direct.gguf");
        SyntheticModelWriter.write(spec, direct, null);
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(spec, hf, GgmlType.F32, 0);
        Path converted = dir.resolve("converted.gguf");
        HfModel model = HfToGguf.convert(hf, converted, GgmlType.F32, ConversionProgress.NONE);
        assertEquals("qwen2", model.ggufArchitecture());
        assertTrue(model.tiedEmbeddings());
        assertSameTensors(direct, converted);
        assertArrayEquals(Greedy.run(direct, null, PROMPT, 8).tokens(), Greedy.run(converted, null, PROMPT, 8).tokens());
    }

    @Test
    void qwen3CarriesItsQkNormsAndAnExplicitHeadSize() throws IOException {
        SynthSpec spec = new SynthSpec(ModelArchitecture.QWEN3, 64, 2, 4, 2, 128, 4096, 1_000_000f, 1e-6f, true,
                null, null, WeightType.F32, 5);
        Path direct = dir.resolve("direct.gguf");
        SyntheticModelWriter.write(spec, direct, null);
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(spec, hf, GgmlType.F32, 0);
        assertTrue(Files.readString(hf.resolve("config.json")).replaceAll("\\s", "").contains("\"head_dim\":16"));
        Path converted = dir.resolve("converted.gguf");
        HfModel model = HfToGguf.convert(hf, converted, GgmlType.F32, ConversionProgress.NONE);
        assertEquals("Qwen3ForCausalLM", model.architecture());
        assertEquals("qwen3", model.ggufArchitecture());
        assertSameTensors(direct, converted);
        try (GgufFile file = GgufFile.open(converted)) {
            assertArrayEquals(new long[] {16}, file.tensor("blk.1.attn_k_norm.weight").orElseThrow().dims());
        }
        Greedy expected = Greedy.run(direct, null, PROMPT, 12);
        Greedy actual = Greedy.run(converted, null, PROMPT, 12);
        assertArrayEquals(expected.tokens(), actual.tokens());
        assertTrue(expected.maxLogitDifference(actual) < 1e-4f, "logits differ by " + expected.maxLogitDifference(actual));
        // guards the check above: the q/k norms take part in the computation, so swapping them changes the logits
        Path swapped = dir.resolve("swapped");
        Files.createDirectories(swapped);
        for (String name : List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json")) {
            Files.copy(hf.resolve(name), swapped.resolve(name));
        }
        try (Safetensors weights = Safetensors.openDirectory(hf)) {
            SafetensorsWriter writer = new SafetensorsWriter();
            for (SafetensorsTensor tensor : weights.tensors().values()) {
                String name = tensor.name().contains("q_norm") ? tensor.name().replace("q_norm", "k_norm")
                        : tensor.name().replace("k_norm", "q_norm");
                writer.add(name, tensor.dtype(), tensor.shape(), tensor);
            }
            writer.write(swapped.resolve("model.safetensors"));
        }
        Path swappedGguf = dir.resolve("swapped.gguf");
        HfToGguf.convert(swapped, swappedGguf, GgmlType.F32, ConversionProgress.NONE);
        assertTrue(expected.maxLogitDifference(Greedy.run(swappedGguf, null, PROMPT, 12)) > 1e-2f, "q/k norms matter");
    }

    @Test
    void realLlama3TokenizerRoundTripsThroughTokenizerJson() throws IOException {
        Path vocab = SynthPreset.defaultVocabDir().resolve("ggml-vocab-llama-bpe.gguf");
        SynthSpec spec = new SynthSpec(ModelArchitecture.LLAMA, 64, 1, 4, 4, 128, 8192, 500_000f, 1e-5f, true,
                vocab, dev.hearth.engine.synth.ChatTemplates.LLAMA3, WeightType.F16, 1);
        Path direct = dir.resolve("direct.gguf");
        SyntheticModelWriter.write(spec, direct, null);
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(spec, hf, GgmlType.F16, 0);
        Path converted = dir.resolve("converted.gguf");
        HfToGguf.convert(hf, converted, GgmlType.F16, ConversionProgress.NONE);
        try (GgufFile a = GgufFile.open(direct); GgufFile b = GgufFile.open(converted)) {
            for (String key : List.of("tokenizer.ggml.model", "tokenizer.ggml.pre", "tokenizer.ggml.tokens", "tokenizer.ggml.token_type",
                    "tokenizer.ggml.merges", "tokenizer.ggml.bos_token_id", "tokenizer.ggml.eos_token_id", "tokenizer.chat_template")) {
                assertEquals(a.require(key), b.require(key), key);
            }
        }
        assertArrayEquals(Greedy.run(direct, null, PROMPT, 8).tokens(), Greedy.run(converted, null, PROMPT, 8).tokens());
    }

    @Test
    void convertedAdapterMatchesTheDirectlyWrittenOne() throws IOException {
        Path base = writeDirect(WeightType.F32);
        LoraSpec spec = new LoraSpec(4, 8, LoraSpec.ALL_TARGETS, GgmlType.F32, 11);
        Path directLora = dir.resolve("lora.gguf");
        SyntheticLora.write(base, directLora, spec);
        Path peft = dir.resolve("peft");
        SyntheticHfWriter.writeAdapter(base, peft, spec);

        AdapterConfig config = PeftToGguf.validate(peft);
        assertEquals(4, config.rank());
        assertEquals(8f, config.alpha());
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"), config.targetModules());
        Path convertedLora = dir.resolve("converted-lora.gguf");
        PeftToGguf.convert(peft, base, convertedLora, GgmlType.F32);
        assertSameTensors(directLora, convertedLora);
        try (GgufFile lora = GgufFile.open(convertedLora)) {
            assertEquals("adapter", lora.require("general.type").asString());
            assertEquals("lora", lora.require("adapter.type").asString());
            assertEquals(8f, lora.require("adapter.lora.alpha").asFloat());
        }
        Greedy plain = Greedy.run(base, null, PROMPT, 10);
        Greedy expected = Greedy.run(base, directLora, PROMPT, 10);
        Greedy actual = Greedy.run(base, convertedLora, PROMPT, 10);
        assertArrayEquals(expected.tokens(), actual.tokens());
        assertTrue(expected.maxLogitDifference(actual) < 1e-4f, "differ by " + expected.maxLogitDifference(actual));
        assertNotEquals(0f, plain.maxLogitDifference(actual), "the adapter changes the output");
    }

    @Test
    void openDescribesTheModelWithoutConverting() throws IOException {
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(tiny(WeightType.F16), hf, GgmlType.BF16, 0);
        HfModel model = HfCheckpoint.open(hf);
        assertEquals("llama", model.ggufArchitecture());
        assertEquals("BF16", model.dtype());
        assertEquals(2, model.layers());
        assertEquals(64, model.hiddenSize());
        assertTrue(model.chatTemplate().contains("<|im_start|>"));
        try (GgufFile direct = GgufFile.open(writeDirect(WeightType.F16))) {
            assertEquals(direct.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum(), model.parameterCount());
        }
        assertEquals(List.of(), HfCheckpoint.validate(hf));
    }

    @Test
    void llama3RopeScalingBecomesRopeFreqsThatLlamaCppLoads() throws IOException {
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(tiny(WeightType.F32), hf, GgmlType.F32, 0);
        Path config = hf.resolve("config.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
        node.put("rope_theta", 500000.0);
        node.putObject("rope_scaling").put("rope_type", "llama3").put("factor", 32.0).put("low_freq_factor", 1.0)
                .put("high_freq_factor", 4.0).put("original_max_position_embeddings", 8192);
        json.writeValue(config.toFile(), node);
        Path converted = dir.resolve("llama3.gguf");
        HfToGguf.convert(hf, converted, GgmlType.F32, ConversionProgress.NONE);
        try (GgufFile file = GgufFile.open(converted)) {
            float[] factors = file.readFloats(file.tensor("rope_freqs.weight").orElseThrow());
            assertEquals(8, factors.length, "one factor per rotary pair of a 16-wide head");
            assertEquals(1f, factors[0], "high frequencies are not scaled");
            assertEquals(32f, factors[7], "low frequencies are scaled by the factor");
        }
        assertEquals(4, Greedy.run(converted, null, PROMPT, 4).tokens().length);
    }

    @Test
    void linearRopeScalingIsMetadata() throws IOException {
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(tiny(WeightType.F16), hf, GgmlType.F16, 0);
        Path config = hf.resolve("config.json");
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(config.toFile());
        node.putObject("rope_scaling").put("type", "linear").put("factor", 2.0);
        json.writeValue(config.toFile(), node);
        Path converted = dir.resolve("linear.gguf");
        HfToGguf.convert(hf, converted, GgmlType.F16, ConversionProgress.NONE);
        try (GgufFile file = GgufFile.open(converted)) {
            assertEquals("linear", file.require("llama.rope.scaling.type").asString());
            assertEquals(2f, file.require("llama.rope.scaling.factor").asFloat());
        }
    }

    private Path writeDirect(WeightType type) throws IOException {
        Path file = dir.resolve("direct-" + type + ".gguf");
        if (!Files.exists(file)) {
            SyntheticModelWriter.write(tiny(type), file, null);
        }
        return file;
    }

    /** Every tensor of {@code expected} is in {@code actual} with the same name, type, shape and bytes. */
    static void assertSameTensors(Path expected, Path actual) throws IOException {
        try (GgufFile a = GgufFile.open(expected); GgufFile b = GgufFile.open(actual)) {
            assertEquals(a.tensors().stream().map(GgufTensorInfo::name).sorted().toList(),
                    b.tensors().stream().map(GgufTensorInfo::name).sorted().toList());
            for (GgufTensorInfo tensor : a.tensors()) {
                GgufTensorInfo other = b.tensor(tensor.name()).orElseThrow();
                assertEquals(tensor.type(), other.type(), tensor.name());
                assertArrayEquals(tensor.dims(), other.dims(), tensor.name());
                assertEquals(-1, a.data(tensor).mismatch(b.data(other)), tensor.name() + " bytes differ");
            }
        }
    }
}
