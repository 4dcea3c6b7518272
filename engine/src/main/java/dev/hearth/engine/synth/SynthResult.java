package dev.hearth.engine.synth;

import java.nio.file.Path;

/** A file the generator wrote: where, how many bytes, and how many weights (tied embeddings counted once). */
public record SynthResult(Path path, long sizeBytes, long parameters) {
}
