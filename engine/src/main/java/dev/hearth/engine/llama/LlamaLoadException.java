package dev.hearth.engine.llama;

/** The llama.cpp libraries could not be loaded or do not match the binding; the message is one line for the operator. */
public final class LlamaLoadException extends RuntimeException {
    public LlamaLoadException(String message) {
        super(message);
    }
}
