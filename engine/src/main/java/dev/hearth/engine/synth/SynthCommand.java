package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.GgmlType;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code synth}: writes a synthetic GGUF model (real architecture and tokenizer, random weights) or, with
 * {@code --lora-for}, a random LoRA adapter for a model. Prints one line on success; a bad option value gives a
 * one-line error naming the option and exit code 2.
 */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Writes a synthetic GGUF model with seeded random weights, or with --lora-for a random LoRA adapter for a model.",
                "With --format hf, writes the same weights as a Hugging Face model folder (or a PEFT adapter folder) instead.",
                "Presets: tiny (llama, hidden 64, 2 layers, built-in byte vocabulary), qwen2.5-0.5b, llama-3.2-1b (real shapes and tokenizers)."})
public final class SynthCommand implements Callable<Integer> {

    private static final int USAGE_ERROR = 2;

    private final Quantizer quantizer;

    @Spec
    private CommandSpec commandSpec;

    @Option(names = "--out", required = true, paramLabel = "PATH", description = "File to write.")
    private Path out;

    @Option(names = "--preset", paramLabel = "NAME", description = "tiny (default), qwen2.5-0.5b or llama-3.2-1b.")
    private String preset;

    @Option(names = "--arch", paramLabel = "ARCH", description = "llama, qwen2 or qwen3 (default: the preset's).")
    private String arch;

    @Option(names = "--hidden", paramLabel = "N", description = "Hidden size.")
    private Integer hidden;

    @Option(names = "--layers", paramLabel = "N", description = "Number of blocks.")
    private Integer layers;

    @Option(names = "--heads", paramLabel = "N", description = "Attention heads.")
    private Integer heads;

    @Option(names = "--kv-heads", paramLabel = "N", description = "Key/value heads.")
    private Integer kvHeads;

    @Option(names = "--ffn", paramLabel = "N", description = "Feed-forward size.")
    private Integer ffn;

    @Option(names = "--ctx", paramLabel = "N", description = "Training context length.")
    private Integer ctx;

    @Option(names = "--vocab", paramLabel = "PATH.gguf|builtin",
            description = "GGUF whose tokenizer (and chat template) is copied, or 'builtin' for the byte-level vocabulary (default: the preset's).")
    private String vocab;

    @Option(names = "--vocab-dir", paramLabel = "DIR",
            description = "Where presets find their vocab GGUFs (default: <hearth.shared>/fixtures/llama-vocab).")
    private Path vocabDir;

    @Option(names = "--chat-template", paramLabel = "T.jinja", description = "Chat template file (default: the vocabulary's).")
    private Path chatTemplate;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "f32, f16 (default), q8_0 or q4_0; an adapter is f32 (default) or f16.")
    private String type;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "Random seed (default 0).")
    private long seed;

    @Option(names = "--lora-for", paramLabel = "M.gguf", description = "Write a LoRA adapter for this model instead of a model.")
    private Path loraFor;

    @Option(names = "--rank", paramLabel = "R", description = "LoRA rank (required with --lora-for).")
    private Integer rank;

    @Option(names = "--alpha", paramLabel = "A", description = "LoRA alpha (default: the rank, a scale of 1).")
    private Float alpha;

    @Option(names = "--targets", paramLabel = "LIST", split = ",",
            description = "Modules to adapt (default attn_q,attn_k,attn_v,attn_output; also ffn_gate, ffn_up, ffn_down).")
    private List<String> targets;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "gguf",
            description = "gguf (default) or hf: a Hugging Face model folder (or with --lora-for a PEFT adapter folder) at --out.")
    private String format;

    @Option(names = "--hf-dtype", paramLabel = "TYPE", description = "With --format hf: f32, f16 (default) or bf16.")
    private String hfDtype;

    @Option(names = "--shard-size", paramLabel = "BYTES",
            description = "With --format hf: split the weights into shards of at most this many bytes (suffixes K, M, G; default: one file).")
    private String shardSize;

    public SynthCommand(Quantizer quantizer) {
        this.quantizer = quantizer;
    }

    @Override
    public Integer call() {
        PrintWriter stdout = commandSpec.commandLine().getOut();
        PrintWriter stderr = commandSpec.commandLine().getErr();
        SynthResult result;
        try {
            result = loraFor != null ? writeLora() : writeModel();
        } catch (IllegalArgumentException e) {
            stderr.println("synth: " + e.getMessage());
            return USAGE_ERROR;
        } catch (IOException e) {
            stderr.println("synth: failed to write " + out + ": " + e);
            return 1;
        }
        stdout.printf(Locale.ROOT, "wrote %s (%.1f MiB, %,d parameters)%n", result.path(), result.sizeBytes() / 1048576.0, result.parameters());
        return 0;
    }

    private SynthResult writeModel() throws IOException {
        rejectIfGiven("--rank", rank, "--alpha", alpha, "--targets", targets);
        SynthPreset base = preset == null ? SynthPreset.TINY : SynthPreset.parse(preset);
        Path vocabPath = vocabPath();
        Path presetVocabDir = vocabDir != null ? vocabDir : SynthPreset.defaultVocabDir();
        if (vocab == null && base.vocabFile() != null && !Files.isRegularFile(presetVocabDir.resolve(base.vocabFile()))) {
            throw new IllegalArgumentException("--vocab-dir: preset " + base.id() + " needs " + presetVocabDir.resolve(base.vocabFile())
                    + ", which does not exist (pass --vocab-dir DIR or --vocab FILE.gguf)");
        }
        SynthSpec presetSpec = base.spec(presetVocabDir);
        SynthSpec spec = new SynthSpec(
                arch == null ? presetSpec.architecture() : ModelArchitecture.parse(arch),
                Objects.requireNonNullElse(hidden, presetSpec.hiddenSize()),
                Objects.requireNonNullElse(layers, presetSpec.layers()),
                Objects.requireNonNullElse(heads, presetSpec.heads()),
                Objects.requireNonNullElse(kvHeads, presetSpec.kvHeads()),
                Objects.requireNonNullElse(ffn, presetSpec.ffnSize()),
                Objects.requireNonNullElse(ctx, presetSpec.contextLength()),
                presetSpec.ropeTheta(),
                presetSpec.rmsEps(),
                presetSpec.tiedEmbeddings(),
                vocab == null ? presetSpec.vocab() : vocabPath,
                chatTemplate != null ? readChatTemplate() : vocab == null ? presetSpec.chatTemplate() : null,
                type == null ? presetSpec.weightType() : WeightType.parse(type),
                seed);
        createParentDirectories();
        if (hf()) {
            if (type != null) {
                throw new IllegalArgumentException("--type does not apply with --format hf (use --hf-dtype)");
            }
            return SyntheticHfWriter.writeModel(spec, out, hfDtype(), shardBytes());
        }
        requireHfFormatFor("--hf-dtype", hfDtype, "--shard-size", shardSize);
        return SyntheticModelWriter.write(spec, out, quantizer);
    }

    private SynthResult writeLora() throws IOException {
        rejectIfGiven("--preset", preset, "--arch", arch, "--hidden", hidden, "--layers", layers, "--heads", heads,
                "--kv-heads", kvHeads, "--ffn", ffn, "--ctx", ctx, "--vocab", vocab, "--vocab-dir", vocabDir,
                "--chat-template", chatTemplate);
        if (rank == null) {
            throw new IllegalArgumentException("--rank is required with --lora-for");
        }
        if (!Files.isRegularFile(loraFor)) {
            throw new IllegalArgumentException("--lora-for: " + loraFor + " does not exist");
        }
        GgmlType adapterType = type == null ? GgmlType.F32 : switch (type.toLowerCase(Locale.ROOT)) {
            case "f32" -> GgmlType.F32;
            case "f16" -> GgmlType.F16;
            default -> throw new IllegalArgumentException("--type for a LoRA adapter must be f32 or f16, got " + type);
        };
        List<String> modules = targets == null ? LoraSpec.ATTENTION_TARGETS : targets.stream().map(String::strip).toList();
        LoraSpec spec = new LoraSpec(rank, alpha == null ? rank : alpha, modules, adapterType, seed);
        createParentDirectories();
        rejectIfGiven("--hf-dtype", hfDtype, "--shard-size", shardSize);
        if (hf()) {
            return SyntheticHfWriter.writeAdapter(loraFor, out, spec);
        }
        return SyntheticLora.write(loraFor, out, spec);
    }

    private static void requireHfFormatFor(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                throw new IllegalArgumentException(namesAndValues[i] + " applies only with --format hf");
            }
        }
    }

    private boolean hf() {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "gguf" -> false;
            case "hf" -> true;
            default -> throw new IllegalArgumentException("--format must be gguf or hf, got " + format);
        };
    }

    private GgmlType hfDtype() {
        return switch (hfDtype == null ? "f16" : hfDtype.toLowerCase(Locale.ROOT)) {
            case "f32" -> GgmlType.F32;
            case "f16" -> GgmlType.F16;
            case "bf16" -> GgmlType.BF16;
            default -> throw new IllegalArgumentException("--hf-dtype must be f32, f16 or bf16, got " + hfDtype);
        };
    }

    private long shardBytes() {
        if (shardSize == null) {
            return 0;
        }
        String value = shardSize.strip().toUpperCase(Locale.ROOT);
        long unit = switch (value.isEmpty() ? ' ' : value.charAt(value.length() - 1)) {
            case 'K' -> 1L << 10;
            case 'M' -> 1L << 20;
            case 'G' -> 1L << 30;
            default -> 1;
        };
        try {
            long bytes = Long.parseLong(unit == 1 ? value : value.substring(0, value.length() - 1)) * unit;
            if (bytes <= 0) {
                throw new NumberFormatException();
            }
            return bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard-size must be a positive number of bytes (suffix K, M or G allowed), got " + shardSize);
        }
    }

    private void createParentDirectories() throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
    }

    /** The --vocab file, or null for 'builtin' or no --vocab. */
    private Path vocabPath() {
        if (vocab == null || vocab.equals("builtin")) {
            return null;
        }
        Path path = Path.of(vocab);
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("--vocab: " + vocab + " does not exist (give a GGUF file or 'builtin')");
        }
        return path;
    }

    private String readChatTemplate() throws IOException {
        if (!Files.isRegularFile(chatTemplate)) {
            throw new IllegalArgumentException("--chat-template: " + chatTemplate + " does not exist");
        }
        return Files.readString(chatTemplate);
    }

    /** Fails on the first option that was given but does not apply in this mode; arguments are name, value pairs. */
    private void rejectIfGiven(Object... namesAndValues) {
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                String mode = loraFor != null ? "with --lora-for" : "without --lora-for";
                throw new IllegalArgumentException(namesAndValues[i] + " does not apply " + mode);
            }
        }
    }
}
