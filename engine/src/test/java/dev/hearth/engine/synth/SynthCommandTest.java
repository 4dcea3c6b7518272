package dev.hearth.engine.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.testing.Fixtures;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class SynthCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new SynthCommand(null));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void writesTheTinyPresetByDefaultAndPrintsOneLine() throws IOException {
        Path out = dir.resolve("models/tiny.gguf");
        Run run = run("--out", out.toString(), "--seed", "3");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(1, run.out().lines().count(), run.out());
        assertTrue(run.out().startsWith("wrote " + out), run.out());
        assertTrue(run.out().contains("parameters"), run.out());
        try (GgufFile file = GgufFile.open(out)) {
            assertEquals(3, file.require(SyntheticModelWriter.SEED_KEY).asLong());
            assertEquals(64, file.require("llama.embedding_length").asInt());
        }
    }

    @Test
    void overridesPresetShapeVocabularyTemplateAndType() throws IOException {
        Path template = dir.resolve("t.jinja");
        java.nio.file.Files.writeString(template, "{{ messages[0]['content'] }}");
        Path out = dir.resolve("q.gguf");
        Run run = run("--out", out.toString(), "--preset", "qwen2.5-0.5b", "--vocab-dir", Fixtures.root().resolve("llama-vocab").toString(),
                "--hidden", "32", "--layers", "1", "--heads", "2", "--kv-heads", "1", "--ffn", "32", "--ctx", "256",
                "--chat-template", template.toString(), "--type", "f32");

        assertEquals(0, run.exitCode(), run.err());
        try (GgufFile file = GgufFile.open(out)) {
            assertEquals("qwen2", file.architecture());
            assertEquals(151_936, file.require("qwen2.vocab_size").asInt());
            assertEquals(256, file.require("qwen2.context_length").asInt());
            assertEquals(1_000_000f, file.require("qwen2.rope.freq_base").asFloat());
            assertEquals("{{ messages[0]['content'] }}", file.require("tokenizer.chat_template").asString());
            assertEquals(0, file.require("general.file_type").asInt());
        }
    }

    @Test
    void builtinVocabularyCanReplaceAPresetsOwn() throws IOException {
        Path out = dir.resolve("b.gguf");
        Run run = run("--out", out.toString(), "--preset", "llama-3.2-1b", "--vocab", "builtin",
                "--hidden", "32", "--layers", "1", "--heads", "2", "--kv-heads", "2", "--ffn", "32");

        assertEquals(0, run.exitCode(), run.err());
        try (GgufFile file = GgufFile.open(out)) {
            assertEquals(BuiltinVocabulary.create().tokenCount(), file.require("llama.vocab_size").asInt());
            assertEquals(ChatTemplates.CHATML, file.require("tokenizer.chat_template").asString());
        }
    }

    @Test
    void writesALoraAdapterForAModel() throws IOException {
        Path model = dir.resolve("m.gguf");
        assertEquals(0, run("--out", model.toString()).exitCode());
        Path adapter = dir.resolve("lora.gguf");
        Run run = run("--out", adapter.toString(), "--lora-for", model.toString(), "--rank", "4", "--targets", "attn_q,ffn_down");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + adapter), run.out());
        try (GgufFile file = GgufFile.open(adapter)) {
            assertEquals(4f, file.require("adapter.lora.alpha").asFloat());
            List<String> names = new ArrayList<>();
            file.tensors().forEach(t -> names.add(t.name()));
            assertEquals(List.of("blk.0.attn_q.weight.lora_a", "blk.0.attn_q.weight.lora_b",
                    "blk.0.ffn_down.weight.lora_a", "blk.0.ffn_down.weight.lora_b",
                    "blk.1.attn_q.weight.lora_a", "blk.1.attn_q.weight.lora_b",
                    "blk.1.ffn_down.weight.lora_a", "blk.1.ffn_down.weight.lora_b"), names);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--hidden 63                          | --hidden 63",
        "--kv-heads 3                         | --kv-heads 3",
        "--layers 0                           | --layers must be positive",
        "--preset huge                        | --preset",
        "--arch gpt2                          | --arch",
        "--type q9_9                          | --type",
        "--type q8_0                          | --type q8_0 needs a quantizer",
        "--vocab missing.gguf                 | --vocab",
        "--preset qwen2.5-0.5b --vocab-dir /x | --vocab-dir",
        "--chat-template missing.jinja        | --chat-template",
        "--rank 4                             | --rank does not apply without --lora-for",
        "--lora-for missing.gguf              | --rank is required",
        "--lora-for missing.gguf --rank 2     | --lora-for",
    })
    void badOptionsGiveOneLineNamingTheOption(String options, String expected) {
        List<String> args = new ArrayList<>(List.of("--out", dir.resolve("x.gguf").toString()));
        args.addAll(List.of(options.split(" ")));
        Run run = run(args.toArray(String[]::new));

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("synth: ") && run.err().contains(expected), run.err());
    }

    @Test
    void loraOnlyOptionsAreRejectedForModelsAndModelOptionsForAdapters() throws IOException {
        Path model = dir.resolve("m.gguf");
        assertEquals(0, run("--out", model.toString()).exitCode());
        Run run = run("--out", dir.resolve("l.gguf").toString(), "--lora-for", model.toString(), "--rank", "2", "--hidden", "64");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--hidden does not apply with --lora-for"), run.err());
        Run type = run("--out", dir.resolve("l.gguf").toString(), "--lora-for", model.toString(), "--rank", "2", "--type", "q8_0");
        assertTrue(type.err().contains("--type for a LoRA adapter must be f32 or f16"), type.err());
    }

    @Test
    void formatHfWritesAShardedFolderAndAPeftAdapter() throws IOException {
        Path folder = dir.resolve("hf");
        Run run = run("--out", folder.toString(), "--format", "hf", "--hf-dtype", "bf16", "--shard-size", "40K", "--seed", "4");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + folder), run.out());
        assertTrue(java.nio.file.Files.isRegularFile(folder.resolve("model.safetensors.index.json")));
        assertTrue(java.nio.file.Files.isRegularFile(folder.resolve("tokenizer.json")));
        assertEquals("BF16", dev.hearth.engine.convert.HfCheckpoint.open(folder).dtype());

        Path base = dir.resolve("base.gguf");
        assertEquals(0, run("--out", base.toString(), "--type", "f32").exitCode());
        Path peft = dir.resolve("peft");
        Run lora = run("--out", peft.toString(), "--format", "hf", "--lora-for", base.toString(), "--rank", "2");
        assertEquals(0, lora.exitCode(), lora.err());
        assertEquals(2, dev.hearth.engine.convert.PeftToGguf.validate(peft).rank());
    }

    @Test
    void hfOptionsAreCheckedAndNamed() {
        Run badFormat = run("--out", dir.resolve("x").toString(), "--format", "onnx");
        assertEquals(2, badFormat.exitCode());
        assertTrue(badFormat.err().contains("--format"), badFormat.err());
        Run badDtype = run("--out", dir.resolve("x").toString(), "--format", "hf", "--hf-dtype", "q8_0");
        assertEquals(2, badDtype.exitCode());
        assertTrue(badDtype.err().contains("--hf-dtype"), badDtype.err());
        Run shardWithoutHf = run("--out", dir.resolve("x.gguf").toString(), "--shard-size", "1M");
        assertEquals(2, shardWithoutHf.exitCode());
        assertTrue(shardWithoutHf.err().contains("--shard-size applies only with --format hf"), shardWithoutHf.err());
        Run typeWithHf = run("--out", dir.resolve("y").toString(), "--format", "hf", "--type", "q8_0");
        assertEquals(2, typeWithHf.exitCode());
        assertTrue(typeWithHf.err().contains("--hf-dtype"), typeWithHf.err());
    }
}
