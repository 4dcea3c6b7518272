package dev.hearth.engine.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.llama.LlamaQuantizer;
import dev.hearth.engine.synth.LoraSpec;
import dev.hearth.engine.synth.Quantizer;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticHfWriter;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.engine.synth.WeightType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConvertCommandTest {

    @TempDir
    Path dir;

    private Path hf;
    private final List<String> quantized = new ArrayList<>();

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void writeModel() throws IOException {
        hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(SynthPreset.TINY.spec(null), hf, GgmlType.F16, 0);
    }

    private Run run(Quantizer quantizer, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new ConvertCommand(quantizer));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run((in, out, type, threads) -> {
            quantized.add(type);
            Files.copy(in, out);
        }, args);
    }

    @Test
    void convertsAFolderPrintingProgressAndASummary() throws IOException {
        Path out = dir.resolve("out/model.gguf");
        Run run = run("--from", hf.toString(), "--out", out.toString(), "--precision", "f32");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("100% "), run.out());
        assertTrue(run.out().lines().toList().getLast().startsWith("wrote " + out + " (llama F32"), run.out());
        try (GgufFile file = GgufFile.open(out)) {
            assertEquals(GgmlType.F32, file.tensor("blk.0.attn_q.weight").orElseThrow().type());
        }
    }

    @Test
    void validateDescribesTheModelAndWritesNothing() {
        Run run = run("--from", hf.toString(), "--validate");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("LlamaForCausalLM -> llama: "), run.out());
        assertTrue(run.out().contains("context 2048"), run.out());
    }

    @Test
    void badInputIsExitCode3WithTheFileAndProblemOnStderr() throws IOException {
        Files.delete(hf.resolve("tokenizer.json"));
        Path out = dir.resolve("model.gguf");
        Run run = run("--from", hf.toString(), "--out", out.toString());
        assertEquals(ConvertCommand.BAD_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("convert: " + hf.resolve("tokenizer.json") + ": missing"), run.err());
        assertEquals("", run.out());
        assertTrue(Files.notExists(out));
        assertEquals(3, run("--from", dir.resolve("nowhere").toString(), "--validate").exitCode());
    }

    @Test
    void badOptionsAreExitCode2() {
        assertEquals(2, run("--from", hf.toString()).exitCode(), "--out missing");
        Run precision = run("--from", hf.toString(), "--out", dir.resolve("x.gguf").toString(), "--precision", "q3_weird");
        assertEquals(2, precision.exitCode());
        assertTrue(precision.err().contains("Q8_0"), precision.err());
        assertEquals(2, run("--from", hf.toString(), "--out", dir.resolve("x.gguf").toString(), "--adapter").exitCode(), "--base missing");
    }

    @Test
    void quantizedPrecisionConvertsToF16ThenQuantizes() throws IOException {
        Path out = dir.resolve("q.gguf");
        Run run = run("--from", hf.toString(), "--out", out.toString(), "--precision", "Q4_K_M");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of("q4_k_m"), quantized);
        assertTrue(Files.isRegularFile(out));
        try (var listing = Files.list(dir)) {
            assertTrue(listing.noneMatch(p -> p.toString().endsWith(".tmp")), "the F16 intermediate is removed");
        }
    }

    @Test
    void ggufIsRequantizedByLlamaCpp() throws IOException {
        Path f16 = dir.resolve("f16.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null), f16, null);
        Path out = dir.resolve("q8.gguf");
        Run run = run(LlamaQuantizer::quantize, "--from", f16.toString(), "--out", out.toString(), "--precision", "Q8_0", "--threads", "2");
        assertEquals(0, run.exitCode(), run.err());
        try (GgufFile file = GgufFile.open(out)) {
            assertEquals(GgmlType.Q8_0, file.tensor("blk.0.ffn_up.weight").orElseThrow().type());
        }
        assertEquals(2, run("--from", f16.toString(), "--out", out.toString()).exitCode(), "--precision is required");
        Path notGguf = dir.resolve("broken.gguf");
        Files.writeString(notGguf, "nope");
        Run broken = run("--from", notGguf.toString(), "--out", out.toString(), "--precision", "q8_0");
        assertEquals(3, broken.exitCode());
        assertTrue(broken.err().contains("broken.gguf"), broken.err());
    }

    @Test
    void convertsAnAdapter() throws IOException {
        Path base = dir.resolve("base.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null).withWeightType(WeightType.F32), base, null);
        Path peft = dir.resolve("peft");
        SyntheticHfWriter.writeAdapter(base, peft, LoraSpec.attention(4));
        Run check = run("--from", peft.toString(), "--adapter", "--validate");
        assertEquals(0, check.exitCode(), check.err());
        assertTrue(check.out().contains("rank 4"), check.out());
        Path out = dir.resolve("lora.gguf");
        Run run = run("--from", peft.toString(), "--adapter", "--base", base.toString(), "--out", out.toString(), "--precision", "F16");
        assertEquals(0, run.exitCode(), run.err());
        try (GgufFile lora = GgufFile.open(out)) {
            assertEquals(GgmlType.F16, lora.tensor("blk.1.attn_k.weight.lora_b").orElseThrow().type());
        }
        Run wrongBase = run("--from", peft.toString(), "--adapter", "--base", dir.resolve("none.gguf").toString(), "--out", out.toString());
        assertEquals(3, wrongBase.exitCode());
    }
}
