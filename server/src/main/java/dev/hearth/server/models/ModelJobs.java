package dev.hearth.server.models;

import dev.hearth.engine.convert.ConversionException;
import dev.hearth.engine.convert.ConversionProgress;
import dev.hearth.engine.convert.HfToGguf;
import dev.hearth.engine.convert.PeftToGguf;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.synth.ChatTemplates;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SynthSpec;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.runners.ChildCommand;
import java.nio.file.Path;
import java.util.List;

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

    /** A Hugging Face checkpoint converted to a GGUF at the precision {@code :validateUpload} chose (F32 or F16). */
    public static void huggingFace(ModelRow model, Path files, Path out) throws Exception {
        try {
            HfToGguf.convert(files, out, GgmlType.valueOf(model.spec().baseModelDetails().defaultPrecision()), ConversionProgress.NONE);
        } catch (ConversionException e) {
            throw HfImport.invalid(e);
        }
    }

    /** A PEFT adapter converted to a GGUF LoRA adapter, checked against its base model's GGUF. */
    public static ModelPreparation.Job peft(Models models, BlobStore blobs) {
        return (model, files, out) -> {
            ModelNames.Ref ref = ModelNames.parse("peftDetails.baseModel", model.baseModel(), model.accountId());
            ModelRow base = models.db().jdbi().withHandle(h -> ModelStore.find(h, ref.accountId(), ref.modelId()))
                    .orElseThrow(() -> new IllegalStateException("base model " + model.baseModel() + " does not exist"));
            var artifact = models.readyArtifacts(base).stream().findFirst().orElseThrow(() -> new IllegalStateException(
                    "base model " + base.name() + " has no prepared GGUF yet (it is " + base.state() + ")"));
            try {
                PeftToGguf.convert(files, blobs.localPath(artifact.blobKey()), out, GgmlType.F32);
            } catch (ConversionException e) {
                throw HfImport.invalid(e);
            }
        };
    }

    /** Re-quantization with llama.cpp in a child process ({@code hearth model convert --from X.gguf}). */
    public static ModelPreparation.Quantize quantizeWith(ChildCommand child) {
        return (source, out, precision) -> child.run(List.of("model", "convert", "--from", source.toString(),
                "--out", out.toString(), "--precision", precision));
    }
}
