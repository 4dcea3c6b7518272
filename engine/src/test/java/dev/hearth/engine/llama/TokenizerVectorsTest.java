package dev.hearth.engine.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.engine.testing.Fixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** libllama's tokenizer, reached through the FFM binding, reproduces llama.cpp's own test vectors for real vocabularies. */
class TokenizerVectorsTest {
    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    @ParameterizedTest
    @ValueSource(strings = {"qwen2", "llama-bpe", "llama-spm"})
    void matchesTheVectors(String name) throws IOException {
        Path vocabFile = Fixtures.vocab(name);
        List<String> inputs = split(Files.readString(Path.of(vocabFile + ".inp"), StandardCharsets.UTF_8));
        List<String> outputs = Files.readAllLines(Path.of(vocabFile + ".out"), StandardCharsets.UTF_8);
        assertEquals(outputs.size(), inputs.size(), "inputs and outputs of " + name);
        try (LlamaModel model = LlamaModel.loadVocabOnly(vocabFile)) {
            Vocab vocab = model.vocab();
            for (int i = 0; i < inputs.size(); i++) {
                String line = outputs.get(i).strip();
                int[] expected = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
                assertArrayEquals(expected, vocab.tokenize(inputs.get(i), false, false), "tokens of " + inputs.get(i));
            }
        }
    }

    private static List<String> split(String raw) {
        List<String> inputs = new ArrayList<>();
        int position = 0;
        while (position < raw.length()) {
            int next = raw.indexOf(SEPARATOR, position);
            if (next < 0) {
                inputs.add(raw.substring(position));
                break;
            }
            inputs.add(raw.substring(position, next));
            position = next + SEPARATOR.length();
        }
        return inputs;
    }
}
