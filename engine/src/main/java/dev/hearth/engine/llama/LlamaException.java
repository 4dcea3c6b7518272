package dev.hearth.engine.llama;

/** A libllama call failed (a model that does not load, a decode error, a grammar that does not parse). */
public class LlamaException extends RuntimeException {
    public LlamaException(String message) {
        super(message);
    }
}
