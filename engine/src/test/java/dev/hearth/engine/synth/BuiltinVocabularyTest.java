package dev.hearth.engine.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BuiltinVocabularyTest {

    private final Vocabulary vocabulary = BuiltinVocabulary.create();
    private final List<String> tokens = List.of(vocabulary.metadata().get(Vocabulary.TOKENS_KEY).asArray().strings());

    @Test
    void bytesAreSpelledAsGpt2Does() {
        assertEquals("!", BuiltinVocabulary.byteToUnicode('!'));
        assertEquals("\u0100", BuiltinVocabulary.byteToUnicode(0));
        assertEquals("\u010A", BuiltinVocabulary.byteToUnicode('\n'));
        assertEquals("\u0120", BuiltinVocabulary.byteToUnicode(' '));
        assertEquals("\u0143", BuiltinVocabulary.byteToUnicode(0xAD));
        assertEquals("ÿ", BuiltinVocabulary.byteToUnicode(0xFF));
        Set<String> spellings = new HashSet<>(tokens.subList(0, 256));
        assertEquals(256, spellings.size());
        for (int b = 0; b < 256; b++) {
            assertEquals(BuiltinVocabulary.byteToUnicode(b), tokens.get(b));
        }
    }

    @Test
    void everyMergeJoinsTwoTokensIntoAToken() {
        for (String merge : vocabulary.metadata().get("tokenizer.ggml.merges").asArray().strings()) {
            String[] halves = merge.split(" ");
            assertEquals(2, halves.length, merge);
            assertTrue(tokens.contains(halves[0]) && tokens.contains(halves[1]), merge);
            assertTrue(tokens.contains(halves[0] + halves[1]), merge);
        }
        assertEquals(tokens.size(), new HashSet<>(tokens).size(), "tokens are unique");
    }

    @Test
    void specialTokensAreControlTokensWithIdsInTheMetadata() {
        int[] types = vocabulary.metadata().get("tokenizer.ggml.token_type").asArray().ints();
        assertEquals(tokens.size(), types.length);
        assertEquals(tokens.size(), vocabulary.tokenCount());
        for (String special : List.of(BuiltinVocabulary.BOS, BuiltinVocabulary.EOS, BuiltinVocabulary.IM_START, BuiltinVocabulary.IM_END)) {
            assertEquals(3, types[tokens.indexOf(special)], special);
        }
        assertEquals(tokens.indexOf(BuiltinVocabulary.BOS), vocabulary.metadata().get("tokenizer.ggml.bos_token_id").asInt());
        assertEquals(tokens.indexOf(BuiltinVocabulary.EOS), vocabulary.metadata().get("tokenizer.ggml.eos_token_id").asInt());
        assertEquals(tokens.indexOf(BuiltinVocabulary.IM_END), vocabulary.metadata().get("tokenizer.ggml.eot_token_id").asInt());
    }
}
