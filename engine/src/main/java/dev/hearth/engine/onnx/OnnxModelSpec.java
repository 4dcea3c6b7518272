package dev.hearth.engine.onnx;

import java.util.List;
import java.util.Optional;

/**
 * A sentence-embedding model whose ONNX graph and {@code tokenizer.json} are classpath resources (the langchain4j
 * model jars on Maven Central), with the pooling and the input limit its model card gives.
 *
 * @param name              what {@code hearth embedding-runner --model} takes
 * @param onnxResource      the ONNX file's resource name
 * @param tokenizerResource the Hugging Face {@code tokenizer.json}'s resource name
 * @param maxTokens         the most tokens per input, special tokens included
 */
public record OnnxModelSpec(String name, String onnxResource, String tokenizerResource, Pooling pooling, int maxTokens) {
    /** How token vectors become one sentence vector. */
    public enum Pooling {
        /** The average of the token vectors the attention mask keeps. */
        MEAN,
        /** The vector of the first token ({@code [CLS]}). */
        CLS
    }

    /** sentence-transformers/all-MiniLM-L6-v2 (mean pooling, 256 tokens) and BAAI/bge-small-en-v1.5 (CLS pooling, 512). */
    public static final List<OnnxModelSpec> BUILT_IN = List.of(
            new OnnxModelSpec("all-minilm-l6-v2", "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", Pooling.MEAN, 256),
            new OnnxModelSpec("bge-small-en-v1p5", "bge-small-en-v1.5.onnx", "bge-small-en-v1.5-tokenizer.json", Pooling.CLS, 512));

    public static Optional<OnnxModelSpec> named(String name) {
        return BUILT_IN.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
