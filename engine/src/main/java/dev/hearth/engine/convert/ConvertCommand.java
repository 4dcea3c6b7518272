package dev.hearth.engine.convert;

import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.llama.LlamaQuantizer;
import dev.hearth.engine.synth.Quantizer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code convert}: a Hugging Face model folder to GGUF (optionally quantized afterwards), a PEFT LoRA adapter folder
 * to a llama.cpp LoRA GGUF ({@code --adapter --base}), or a GGUF model re-quantized. Exit codes: 0 done, 2 bad
 * options, 3 bad input (the message, naming the file and problem, on stderr), 1 any other failure.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Converts a Hugging Face model folder (config.json, *.safetensors, tokenizer.json) to GGUF, a PEFT LoRA adapter to a "
                + "llama.cpp LoRA GGUF (--adapter --base), or re-quantizes a GGUF model (--from X.gguf).",
                "Exit codes: 0 done, 2 bad options, 3 bad input (message on stderr), 1 other failure."})
public final class ConvertCommand implements Callable<Integer> {

    public static final int BAD_INPUT = 3;
    private static final int USAGE_ERROR = 2;
    private static final List<GgmlType> FLOAT_TYPES = List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16);

    private final Quantizer quantizer;

    @Spec
    private CommandSpec commandSpec;

    @Option(names = "--from", required = true, paramLabel = "DIR|FILE.gguf",
            description = "Hugging Face model folder, PEFT adapter folder (with --adapter) or a GGUF model to re-quantize.")
    private Path from;

    @Option(names = "--out", paramLabel = "FILE.gguf", description = "File to write (required unless --validate).")
    private Path out;

    @Option(names = "--precision", paramLabel = "TYPE",
            description = "F32, F16 (default), BF16, or a quantization such as Q8_0, Q4_K_M, Q6_K (applied by llama.cpp after conversion). "
                    + "Adapters: F32 (default), F16 or BF16.")
    private String precision;

    @Option(names = "--validate", description = "Only check the input and describe it; write nothing.")
    private boolean validate;

    @Option(names = "--adapter", description = "--from is a PEFT LoRA adapter folder (adapter_config.json, adapter_model.safetensors).")
    private boolean adapter;

    @Option(names = "--base", paramLabel = "BASE.gguf", description = "With --adapter: the converted base model the adapter is for.")
    private Path base;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for quantization (default: all cores).")
    private Integer threads;

    public ConvertCommand(Quantizer quantizer) {
        this.quantizer = quantizer;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = commandSpec.commandLine().getOut();
        PrintWriter stderr = commandSpec.commandLine().getErr();
        try {
            if (!validate && out == null) {
                throw new IllegalArgumentException("--out is required unless --validate is given");
            }
            if (adapter != (base != null) && !(adapter && validate)) {
                throw new IllegalArgumentException(adapter ? "--adapter needs --base BASE.gguf" : "--base applies only with --adapter");
            }
            if (out != null && out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            if (adapter) {
                convertAdapter(stdout);
            } else if (Files.isRegularFile(from) && from.getFileName().toString().endsWith(".gguf")) {
                requantize(stdout);
            } else {
                convertModel(stdout);
            }
            return 0;
        } catch (IllegalArgumentException e) {
            stderr.println("convert: " + e.getMessage());
            return USAGE_ERROR;
        } catch (ConversionException e) {
            stderr.println("convert: " + e.file() + ": " + e.problem());
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            stderr.println("convert: failed: " + e);
            return 1;
        }
    }

    private void convertModel(PrintWriter stdout) throws IOException {
        if (validate) {
            HfModel model = HfCheckpoint.open(from);
            describe(stdout, model);
            return;
        }
        String wanted = precision == null ? "F16" : precision.toUpperCase(Locale.ROOT);
        GgmlType direct = floatType(wanted);
        if (direct == null) {
            requireQuantization(wanted);
            HfCheckpoint.validate(from);
        }
        long start = System.nanoTime();
        Path target = direct != null ? out : out.resolveSibling(out.getFileName() + ".f16.tmp");
        HfModel model;
        try {
            model = HfToGguf.convert(from, target, direct != null ? direct : GgmlType.F16, progress(stdout));
            model.warnings().forEach(w -> stdout.println("warning: " + w));
            if (direct == null) {
                stdout.println("quantizing to " + wanted + " with llama.cpp");
                quantize(target, out, wanted);
            }
        } finally {
            if (direct == null) {
                Files.deleteIfExists(target);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        stdout.printf(Locale.ROOT, "wrote %s (%s %s, %.1f MiB, %,d parameters) in %.1f s%n", out, model.ggufArchitecture(), wanted,
                Files.size(out) / 1048576.0, model.parameterCount(), seconds);
    }

    private void convertAdapter(PrintWriter stdout) throws IOException {
        if (validate && base == null) {
            AdapterConfig config = PeftToGguf.validate(from);
            stdout.printf(Locale.ROOT, "PEFT LoRA adapter: rank %d, alpha %s, targets %s, base model %s%n", config.rank(), config.alpha(),
                    String.join(",", config.targetModules()), config.baseModel());
            return;
        }
        String wanted = precision == null ? "F32" : precision.toUpperCase(Locale.ROOT);
        GgmlType type = floatType(wanted);
        if (type == null) {
            throw new IllegalArgumentException("--precision for an adapter must be F32, F16 or BF16, got " + precision);
        }
        if (!Files.isRegularFile(base)) {
            throw new ConversionException(base, "missing: --base must be the converted GGUF base model");
        }
        Path target = validate ? Files.createTempFile("adapter", ".gguf") : out;
        try {
            AdapterConfig config = PeftToGguf.convert(from, base, target, type);
            if (validate) {
                stdout.printf(Locale.ROOT, "PEFT LoRA adapter: rank %d, alpha %s, targets %s; matches %s%n", config.rank(), config.alpha(),
                        String.join(",", config.targetModules()), base.getFileName());
            } else {
                stdout.printf(Locale.ROOT, "wrote %s (LoRA rank %d, alpha %s, %s, %.1f MiB)%n", out, config.rank(), config.alpha(), wanted,
                        Files.size(out) / 1048576.0);
            }
        } finally {
            if (validate) {
                Files.deleteIfExists(target);
            }
        }
    }

    private void requantize(PrintWriter stdout) throws IOException {
        String architecture;
        try (GgufFile file = GgufFile.open(from)) {
            architecture = file.get("general.architecture").map(v -> v.asString()).orElse(null);
            if (architecture == null) {
                throw new ConversionException(from, "has no general.architecture; it is not a model");
            }
            if (file.get("general.type").map(v -> v.asString()).orElse("model").equals("adapter")) {
                throw new ConversionException(from, "is a LoRA adapter; only models can be re-quantized");
            }
        } catch (ConversionException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ConversionException(from, "is not a readable GGUF file: " + e.getMessage(), e);
        }
        if (validate) {
            stdout.println("GGUF model: " + architecture);
            return;
        }
        if (precision == null) {
            throw new IllegalArgumentException("--precision is required to re-quantize a GGUF file");
        }
        String wanted = precision.toUpperCase(Locale.ROOT);
        requireQuantization(wanted);
        long start = System.nanoTime();
        stdout.println("quantizing " + from.getFileName() + " to " + wanted + " with llama.cpp");
        quantize(from, out, wanted);
        stdout.printf(Locale.ROOT, "wrote %s (%s %s, %.1f MiB) in %.1f s%n", out, architecture, wanted, Files.size(out) / 1048576.0,
                (System.nanoTime() - start) / 1e9);
    }

    private void quantize(Path in, Path output, String type) throws IOException {
        if (quantizer == null) {
            throw new IllegalArgumentException("--precision " + type + " needs llama.cpp's quantizer, which is not available here");
        }
        quantizer.quantize(in, output, type.toLowerCase(Locale.ROOT), threads != null ? threads : Runtime.getRuntime().availableProcessors());
    }

    private static void requireQuantization(String type) {
        if (!LlamaQuantizer.FILE_TYPES.containsKey(type.toLowerCase(Locale.ROOT))) {
            TreeSet<String> known = new TreeSet<>(List.of("F32", "F16", "BF16"));
            LlamaQuantizer.FILE_TYPES.keySet().forEach(k -> known.add(k.toUpperCase(Locale.ROOT)));
            throw new IllegalArgumentException("--precision " + type + " is not supported; supported: " + String.join(", ", known));
        }
    }

    private static GgmlType floatType(String name) {
        return FLOAT_TYPES.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    }

    private static void describe(PrintWriter stdout, HfModel model) {
        stdout.printf(Locale.ROOT, "%s -> %s: %,d parameters, %d layers, hidden %d, vocabulary %d, context %d, %s%s%s%n",
                model.architecture(), model.ggufArchitecture(), model.parameterCount(), model.layers(), model.hiddenSize(), model.vocabSize(),
                model.contextLength(), model.dtype(), model.tiedEmbeddings() ? ", tied embeddings" : "",
                model.chatTemplate() != null ? ", chat template" : ", no chat template");
        model.warnings().forEach(w -> stdout.println("warning: " + w));
    }

    private static ConversionProgress progress(PrintWriter stdout) {
        int[] lastPercent = {-1};
        return (tensor, done, total, bytes, totalBytes) -> {
            int percent = (int) (100 * bytes / Math.max(1, totalBytes));
            if (percent / 10 != lastPercent[0] / 10 || done == total) {
                lastPercent[0] = percent;
                stdout.printf(Locale.ROOT, "%3d%% %d/%d tensors (%s)%n", percent, done, total, tensor);
                stdout.flush();
            }
        };
    }
}
