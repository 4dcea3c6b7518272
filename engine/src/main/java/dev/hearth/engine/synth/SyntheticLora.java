package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufTensorInfo;
import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.engine.gguf.GgufWriter;
import dev.hearth.engine.gguf.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a random LoRA adapter GGUF for an existing model, in the format llama.cpp's {@code llama_adapter_lora_init}
 * reads: {@code general.type=adapter}, {@code adapter.type=lora}, {@code adapter.lora.alpha}, and for each adapted
 * weight {@code W} of dimensions {@code [in, out]} a pair {@code W.lora_a [in, rank]} and {@code W.lora_b [rank, out]}.
 * Both are non-zero (A with deviation {@code 1/sqrt(in)}, B with {@code 1/sqrt(rank)}), so with alpha equal to the
 * rank the delta is about as large as the weight itself and visibly changes the output.
 */
public final class SyntheticLora {

    private SyntheticLora() {
    }

    public static SynthResult write(Path baseModel, Path out, LoraSpec spec) throws IOException {
        String architecture;
        List<SyntheticTensor> tensors;
        try (GgufFile base = GgufFile.open(baseModel)) {
            architecture = base.architecture();
            tensors = tensors(base, spec);
        }
        GgufWriter writer = new GgufWriter()
                .put("general.architecture", GgufValue.string(architecture))
                .put("general.type", GgufValue.string("adapter"))
                .put("general.name", GgufValue.string("synthetic lora r" + spec.rank()))
                .put("adapter.type", GgufValue.string("lora"))
                .put("adapter.lora.alpha", GgufValue.float32(spec.alpha()))
                .put(SyntheticModelWriter.SEED_KEY, GgufValue.uint64(spec.seed()));
        for (SyntheticTensor tensor : tensors) {
            writer.addTensor(tensor.name(), tensor.type(), tensor.dims(), TensorData.floats(tensor));
        }
        writer.write(out);
        return new SynthResult(out, Files.size(out), writer.elementCount());
    }

    /** The adapter's tensors for {@code base}: an A/B pair per block and target, shaped from the base tensors. */
    public static List<SyntheticTensor> tensors(GgufFile base, LoraSpec spec) {
        String arch = base.architecture();
        int blocks = base.get(arch + ".block_count")
                .orElseThrow(() -> new IllegalArgumentException("--lora-for: " + base.path() + " has no " + arch + ".block_count"))
                .asInt();
        List<SyntheticTensor> tensors = new ArrayList<>();
        for (int block = 0; block < blocks; block++) {
            for (String target : spec.targets()) {
                String name = "blk." + block + "." + target + ".weight";
                GgufTensorInfo weight = base.tensor(name).orElseThrow(() -> new IllegalArgumentException(
                        "--targets: " + base.path() + " has no tensor " + name));
                if (weight.rank() != 2) {
                    throw new IllegalArgumentException("--targets: " + name + " is not a matrix");
                }
                long in = weight.dim(0);
                long out = weight.dim(1);
                tensors.add(SyntheticTensor.random(name + ".lora_a", spec.type(), 0, (float) (1 / Math.sqrt(in)), spec.seed(), in, spec.rank()));
                tensors.add(SyntheticTensor.random(name + ".lora_b", spec.type(), 0, (float) (1 / Math.sqrt(spec.rank())), spec.seed(), spec.rank(), out));
            }
        }
        return tensors;
    }
}
