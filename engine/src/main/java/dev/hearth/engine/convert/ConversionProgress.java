package dev.hearth.engine.convert;

/** Told after each tensor is written; called on the converting thread. */
@FunctionalInterface
public interface ConversionProgress {

    ConversionProgress NONE = (tensor, done, total, bytesDone, bytesTotal) -> { };

    /**
     * @param tensor     the GGUF name of the tensor just written
     * @param done       tensors written so far, {@code total} in all
     * @param bytesDone  tensor bytes written so far, {@code bytesTotal} in all
     */
    void tensorWritten(String tensor, int done, int total, long bytesDone, long bytesTotal);
}
