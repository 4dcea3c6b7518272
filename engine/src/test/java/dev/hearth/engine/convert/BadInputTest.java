package dev.hearth.engine.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.synth.LoraSpec;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SynthSpec;
import dev.hearth.engine.synth.SyntheticHfWriter;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.engine.synth.WeightType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each kind of broken folder is a {@link ConversionException} naming the file at fault and the problem. */
class BadInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path hf;

    @BeforeEach
    void writeModel() throws IOException {
        hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(spec(), hf, GgmlType.F16, 0);
    }

    private static SynthSpec spec() {
        return SynthPreset.TINY.spec(null).withSeed(2);
    }

    private ConversionException fails(Path folder, String file, String... problem) {
        ConversionException e = assertThrows(ConversionException.class, () -> HfCheckpoint.validate(folder));
        return check(e, file, problem);
    }

    private static ConversionException check(ConversionException e, String file, String... problem) {
        assertEquals(file, e.file().getFileName().toString(), e.getMessage());
        for (String part : problem) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
        }
        return e;
    }

    private void editJson(String file, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode node = (ObjectNode) JSON.readTree(hf.resolve(file).toFile());
        edit.accept(node);
        JSON.writeValue(hf.resolve(file).toFile(), node);
    }

    @Test
    void missingConfig() throws IOException {
        Files.delete(hf.resolve("config.json"));
        fails(hf, "config.json", "missing");
    }

    @Test
    void notAFolder() {
        fails(dir.resolve("nothing"), "nothing", "not a folder");
    }

    @Test
    void unsupportedArchitecture() throws IOException {
        editJson("config.json", c -> c.putArray("architectures").add("GPT2LMHeadModel"));
        fails(hf, "config.json", "GPT2LMHeadModel", "not supported", "LlamaForCausalLM");
    }

    @Test
    void missingField() throws IOException {
        editJson("config.json", c -> c.remove("num_attention_heads"));
        fails(hf, "config.json", "num_attention_heads", "missing");
    }

    @Test
    void unsupportedRopeScaling() throws IOException {
        editJson("config.json", c -> c.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4));
        fails(hf, "config.json", "rope_scaling", "yarn", "not supported");
    }

    @Test
    void unsupportedActivation() throws IOException {
        editJson("config.json", c -> c.put("hidden_act", "gelu"));
        fails(hf, "config.json", "hidden_act", "gelu");
    }

    @Test
    void shapeDisagreesWithConfig() throws IOException {
        editJson("config.json", c -> c.put("intermediate_size", 256));
        fails(hf, "model.safetensors", "model.layers.0.mlp.gate_proj.weight", "[128, 64]", "[256, 64]");
    }

    @Test
    void untiedWithoutLmHead() throws IOException {
        rewriteWeightsWithout("lm_head.weight");
        fails(hf, "model.safetensors", "lm_head.weight", "tie_word_embeddings=false");
    }

    @Test
    void missingTensor() throws IOException {
        rewriteWeightsWithout("model.layers.1.self_attn.v_proj.weight");
        fails(hf, "model.safetensors", "model.layers.1.self_attn.v_proj.weight", "missing");
    }

    @Test
    void unexpectedTensor() throws IOException {
        editJson("config.json", c -> c.put("num_hidden_layers", 1));
        fails(hf, "model.safetensors", "unexpected tensor model.layers.1.");
    }

    @Test
    void truncatedWeights() throws IOException {
        Path file = hf.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        fails(hf, "model.safetensors", "data_offsets", "outside the data section", "truncated");
    }

    @Test
    void notSafetensors() throws IOException {
        Files.writeString(hf.resolve("model.safetensors"), "this is not a safetensors file at all");
        fails(hf, "model.safetensors", "not a safetensors file");
    }

    @Test
    void unsupportedDtype() throws IOException {
        byte[] header = "{\"x\":{\"dtype\":\"I8\",\"shape\":[4],\"data_offsets\":[0,4]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header);
        Path path = dir.resolve("i8.safetensors");
        Files.write(path, file.array());
        check(assertThrows(ConversionException.class, () -> Safetensors.openFile(path)), "i8.safetensors", "tensor x", "I8", "F32, F16 and BF16");
    }

    @Test
    void sizeDisagreesWithShape() throws IOException {
        byte[] header = "{\"x\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,8]}}".getBytes(StandardCharsets.UTF_8);
        ByteBuffer file = ByteBuffer.allocate(8 + header.length + 8).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(header.length).put(header);
        Path path = dir.resolve("bad.safetensors");
        Files.write(path, file.array());
        check(assertThrows(ConversionException.class, () -> Safetensors.openFile(path)), "bad.safetensors", "tensor x", "8 bytes", "needs 16");
    }

    @Test
    void pickleOnlyWeights() throws IOException {
        Files.move(hf.resolve("model.safetensors"), hf.resolve("pytorch_model.bin"));
        fails(hf, "model.safetensors", "pickle", "not supported");
    }

    @Test
    void shardMissing() throws IOException {
        Path sharded = dir.resolve("sharded");
        SyntheticHfWriter.writeModel(spec(), sharded, GgmlType.F16, 40_000);
        Files.delete(sharded.resolve("model-00002-of-" + String.format("%05d", Safetensors.files(sharded).size()) + ".safetensors"));
        fails(sharded, Safetensors.INDEX_FILE, "model-00002-of-", "not in the folder");
    }

    @Test
    void missingTokenizer() throws IOException {
        Files.delete(hf.resolve("tokenizer.json"));
        fails(hf, "tokenizer.json", "missing");
        Files.writeString(hf.resolve("tokenizer.model"), "spm");
        fails(hf, "tokenizer.json", "SentencePiece", "not supported");
    }

    @Test
    void unsupportedTokenizerModel() throws IOException {
        editJson("tokenizer.json", t -> ((ObjectNode) t.get("model")).put("type", "Unigram"));
        fails(hf, "tokenizer.json", "Unigram", "not supported");
    }

    @Test
    void unknownPreTokenizer() throws IOException {
        editJson("tokenizer.json", t -> t.putObject("pre_tokenizer").put("type", "Split").putObject("pattern").put("Regex", "\\s+"));
        fails(hf, "tokenizer.json", "pre_tokenizer", "\\s+");
    }

    @Test
    void vocabularyLargerThanConfig() throws IOException {
        editJson("config.json", c -> c.put("vocab_size", 100));
        fails(hf, "tokenizer.json", "vocab_size is 100");
    }

    @Test
    void missingChatTemplateIsAWarning() throws IOException {
        editJson("tokenizer_config.json", c -> c.remove("chat_template"));
        List<String> warnings = HfCheckpoint.validate(hf);
        assertEquals(1, warnings.size());
        assertTrue(warnings.getFirst().contains("chat_template"), warnings.toString());
    }

    private void rewriteWeightsWithout(String tensor) throws IOException {
        Path file = hf.resolve("model.safetensors");
        Path copy = dir.resolve("copy.safetensors");
        try (Safetensors weights = Safetensors.openFile(file)) {
            SafetensorsWriter writer = new SafetensorsWriter();
            for (SafetensorsTensor t : weights.tensors().values()) {
                if (!t.name().equals(tensor)) {
                    writer.add(t.name(), t.dtype(), t.shape(), t);
                }
            }
            writer.write(copy);
        }
        Files.move(copy, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    // PEFT adapters

    private Path adapter() throws IOException {
        Path base = dir.resolve("base.gguf");
        SyntheticModelWriter.write(spec().withWeightType(WeightType.F32), base, null);
        Path peft = dir.resolve("peft");
        SyntheticHfWriter.writeAdapter(base, peft, new LoraSpec(4, 8, LoraSpec.ATTENTION_TARGETS, GgmlType.F32, 0));
        return peft;
    }

    private static void editAdapterConfig(Path peft, Consumer<ObjectNode> edit) throws IOException {
        Path file = peft.resolve(PeftToGguf.CONFIG_FILE);
        ObjectNode node = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(node);
        JSON.writeValue(file.toFile(), node);
    }

    private static void adapterFails(Path peft, String file, String... problem) {
        check(assertThrows(ConversionException.class, () -> PeftToGguf.validate(peft)), file, problem);
    }

    @Test
    void adapterWithoutConfig() throws IOException {
        Path peft = adapter();
        Files.delete(peft.resolve(PeftToGguf.CONFIG_FILE));
        adapterFails(peft, PeftToGguf.CONFIG_FILE, "missing");
    }

    @Test
    void adapterWithoutWeights() throws IOException {
        Path peft = adapter();
        Files.delete(peft.resolve(PeftToGguf.WEIGHTS_FILE));
        adapterFails(peft, PeftToGguf.WEIGHTS_FILE, "missing");
    }

    @Test
    void doraIsRejected() throws IOException {
        Path peft = adapter();
        editAdapterConfig(peft, c -> c.put("use_dora", true));
        adapterFails(peft, PeftToGguf.CONFIG_FILE, "use_dora", "not supported");
    }

    @Test
    void unsupportedTargetModule() throws IOException {
        Path peft = adapter();
        editAdapterConfig(peft, c -> c.putArray("target_modules").add("q_proj").add("embed_tokens"));
        adapterFails(peft, PeftToGguf.CONFIG_FILE, "embed_tokens", "not supported");
    }

    @Test
    void rankMismatch() throws IOException {
        Path peft = adapter();
        editAdapterConfig(peft, c -> c.put("r", 8));
        adapterFails(peft, PeftToGguf.WEIGHTS_FILE, "rank 4", "r is 8");
    }

    @Test
    void adapterForAnotherBaseModel() throws IOException {
        Path peft = adapter();
        Path otherBase = dir.resolve("other.gguf");
        SynthSpec wider = new SynthSpec(spec().architecture(), 128, 2, 4, 2, 128, 2048, 10_000f, 1e-5f, false, null, null, WeightType.F32, 0);
        SyntheticModelWriter.write(wider, otherBase, null);
        ConversionException e = assertThrows(ConversionException.class,
                () -> PeftToGguf.convert(peft, otherBase, dir.resolve("out.gguf"), GgmlType.F32));
        check(e, PeftToGguf.WEIGHTS_FILE, "blk.0.attn_q.weight", "wrong base model");
        assertTrue(Files.notExists(dir.resolve("out.gguf")));
    }
}
