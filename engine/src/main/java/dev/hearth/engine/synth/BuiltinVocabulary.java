package dev.hearth.engine.synth;

import dev.hearth.engine.gguf.GgufArray;
import dev.hearth.engine.gguf.GgufValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small byte-level BPE vocabulary (llama.cpp model {@code gpt2}): token {@code b} for {@code b < 256} is byte
 * {@code b} in GPT-2's byte-to-unicode spelling, so any UTF-8 text tokenizes and detokenizes exactly; then a few
 * merged tokens for common English pairs, then the control tokens. The pre-tokenizer is {@code qwen2} because with
 * llama.cpp's {@code default} one detokenizing cleans up spaces ({@code "you ?"} comes back as {@code "you?"}).
 */
public final class BuiltinVocabulary {

    public static final String BOS = "<|bos|>";
    public static final String EOS = "<|endoftext|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";

    private static final int NORMAL = 1;
    private static final int CONTROL = 3;

    /** Each merge's two halves are tokens and so is their concatenation; {@code Ġ} is GPT-2's spelling of a space. */
    private static final List<String> MERGES = List.of(
            "Ġ t", "Ġ a", "h e", "i n", "r e", "o n", "Ġt he", "e r",
            "Ġ s", "a t", "e n", "o r", "Ġ w", "Ġ o", "i s", "Ġ c");

    private BuiltinVocabulary() {
    }

    public static Vocabulary create() {
        List<String> tokens = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(byteToUnicode(b));
            types.add(NORMAL);
        }
        for (String merge : MERGES) {
            tokens.add(merge.replace(" ", ""));
            types.add(NORMAL);
        }
        for (String special : List.of(BOS, EOS, IM_START, IM_END)) {
            tokens.add(special);
            types.add(CONTROL);
        }
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
        metadata.put("tokenizer.ggml.pre", GgufValue.string("qwen2"));
        metadata.put(Vocabulary.TOKENS_KEY, GgufValue.array(GgufArray.ofStrings(tokens)));
        metadata.put("tokenizer.ggml.token_type", GgufValue.array(GgufArray.ofInt32(types.stream().mapToInt(Integer::intValue).toArray())));
        metadata.put("tokenizer.ggml.merges", GgufValue.array(GgufArray.ofStrings(MERGES)));
        metadata.put("tokenizer.ggml.bos_token_id", GgufValue.uint32(tokens.indexOf(BOS)));
        metadata.put("tokenizer.ggml.eos_token_id", GgufValue.uint32(tokens.indexOf(EOS)));
        metadata.put("tokenizer.ggml.eot_token_id", GgufValue.uint32(tokens.indexOf(IM_END)));
        metadata.put("tokenizer.ggml.padding_token_id", GgufValue.uint32(tokens.indexOf(EOS)));
        metadata.put("tokenizer.ggml.add_bos_token", GgufValue.bool(false));
        metadata.put(Vocabulary.CHAT_TEMPLATE_KEY, GgufValue.string(ChatTemplates.CHATML));
        return new Vocabulary(metadata, tokens.size());
    }

    /**
     * GPT-2's reversible byte-to-unicode map: printable Latin-1 bytes stand for themselves, the other 68 bytes are
     * spelled with code points from U+0100 upwards, in byte order.
     */
    static String byteToUnicode(int b) {
        if (isPrintable(b)) {
            return Character.toString(b);
        }
        int shifted = 0;
        for (int other = 0; other < b; other++) {
            if (!isPrintable(other)) {
                shifted++;
            }
        }
        return Character.toString(256 + shifted);
    }

    private static boolean isPrintable(int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    }
}
