package dev.hearth.engine.gguf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.engine.testing.Fixtures;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GgufVocabFixtureTest {

    @ParameterizedTest
    @CsvSource({
        "qwen2,     qwen2, gpt2,  qwen2,     151936",
        "llama-bpe, llama, gpt2,  llama-bpe, 128256",
        "llama-spm, llama, llama, default,   32000",
    })
    void readsTheTokenizerOfARealVocabFile(String name, String arch, String model, String pre, int tokens) throws IOException {
        try (GgufFile file = GgufFile.open(Fixtures.vocab(name))) {
            assertEquals(arch, file.architecture());
            assertEquals(model, file.require("tokenizer.ggml.model").asString());
            assertEquals(pre, file.require("tokenizer.ggml.pre").asString());
            assertEquals(tokens, file.require("tokenizer.ggml.tokens").asArray().length());
            assertEquals(tokens, file.require("tokenizer.ggml.token_type").asArray().ints().length);
            assertEquals(32, file.alignment());
            assertTrue(file.tensors().isEmpty());
            if (model.equals("gpt2")) {
                String[] merges = file.require("tokenizer.ggml.merges").asArray().strings();
                assertEquals("Ġ Ġ", merges[0]);
            } else {
                assertEquals(tokens, file.require("tokenizer.ggml.scores").asArray().floats().length);
                assertEquals("<0x0A>", file.require("tokenizer.ggml.tokens").asArray().strings()[13]);
            }
        }
    }
}
