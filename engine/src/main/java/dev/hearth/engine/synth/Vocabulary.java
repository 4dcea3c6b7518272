package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufValue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tokenizer as GGUF metadata: every {@code tokenizer.*} entry, copied as is into a synthetic model, and the token
 * count that sizes the embedding and output matrices.
 */
public record Vocabulary(Map<String, GgufValue> metadata, int tokenCount) {

    public static final String TOKENS_KEY = "tokenizer.ggml.tokens";
    public static final String CHAT_TEMPLATE_KEY = "tokenizer.chat_template";

    public Vocabulary {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /** Copies the tokenizer of a GGUF file (a vocab-only file or a full model). */
    public static Vocabulary fromGguf(Path path) throws IOException {
        try (GgufFile file = GgufFile.open(path)) {
            Map<String, GgufValue> tokenizer = new LinkedHashMap<>();
            file.metadata().forEach((key, value) -> {
                if (key.startsWith("tokenizer.")) {
                    tokenizer.put(key, value);
                }
            });
            GgufValue tokens = tokenizer.get(TOKENS_KEY);
            if (tokens == null) {
                throw new IOException(path + " has no " + TOKENS_KEY + "; it does not hold a tokenizer");
            }
            return new Vocabulary(tokenizer, tokens.asArray().length());
        }
    }

    /** The vocabulary of {@code spec}: its vocab file, or the built-in byte vocabulary. */
    public static Vocabulary of(SynthSpec spec) throws IOException {
        return spec.vocab() == null ? BuiltinVocabulary.create() : fromGguf(spec.vocab());
    }

    /** This vocabulary with {@code template} as its chat template. */
    public Vocabulary withChatTemplate(String template) {
        Map<String, GgufValue> changed = new LinkedHashMap<>(metadata);
        changed.put(CHAT_TEMPLATE_KEY, GgufValue.string(template));
        return new Vocabulary(changed, tokenCount);
    }
}
