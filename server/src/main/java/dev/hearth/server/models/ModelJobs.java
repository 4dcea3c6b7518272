package dev.hearth.server.models;

import dev.hearth.engine.synth.ChatTemplates;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SynthSpec;
import dev.hearth.engine.synth.SyntheticModelWriter;
import java.nio.file.Path;

/** The ways a model's GGUF is produced, as {@link ModelPreparation} jobs. */
public final class ModelJobs {
    private ModelJobs() {}

    /** The catalog's synthetic chat model: the tiny preset's shape with a ChatML template, seed 0, F16. */
    public static void synthesize(ModelRow model, Path files, Path out) throws Exception {
        SynthSpec tiny = SynthPreset.TINY.spec(null);
        SynthSpec spec = new SynthSpec(tiny.architecture(), tiny.hiddenSize(), tiny.layers(), tiny.heads(), tiny.kvHeads(),
                tiny.ffnSize(), tiny.contextLength(), tiny.ropeTheta(), tiny.rmsEps(), tiny.tiedEmbeddings(), null,
                ChatTemplates.CHATML, tiny.weightType(), 0);
        SyntheticModelWriter.write(spec, out, (in, to, type, threads) -> {
            throw new IllegalStateException("the synthetic catalog model is written unquantized");
        });
    }

    public static void quantize(Path source, Path out, String precision) throws Exception {
        throw new UnsupportedOperationException("quantization is not wired yet");
    }
}
