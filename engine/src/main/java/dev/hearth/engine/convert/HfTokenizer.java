package dev.hearth.engine.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.engine.gguf.GgufArray;
import dev.hearth.engine.gguf.GgufValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face byte-level BPE tokenizer ({@code tokenizer.json}, {@code tokenizer_config.json}) as the
 * {@code tokenizer.*} GGUF metadata {@code convert_hf_to_gguf.py} writes for it: model {@code gpt2}, tokens by id
 * (gaps and the padding up to {@code vocab_size} filled with {@code [PAD<id>]}), token types, merges, the
 * pre-tokenizer recognised from its split pattern, special token ids, {@code add_bos_token} and the chat template.
 * SentencePiece and WordPiece/Unigram tokenizers are rejected.
 */
public final class HfTokenizer {

    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String CONFIG_FILE = "tokenizer_config.json";
    public static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";

    /** Split patterns of the pre-tokenizers llama.cpp knows, by their {@code tokenizer.ggml.pre} name. */
    public static final Map<String, String> PRE_TOKENIZER_PATTERNS = Map.of(
            "llama-bpe", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
            "qwen2", "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+");

    static final int NORMAL = 1;
    static final int UNUSED = 5;
    static final int CONTROL = 3;
    static final int USER_DEFINED = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private HfTokenizer() {
    }

    /** The GGUF tokenizer metadata for the tokenizer in {@code dir}, padded to {@code vocabSize} tokens. */
    public static Map<String, GgufValue> metadata(Path dir, int vocabSize, List<String> warnings) throws ConversionException {
        Path tokenizerFile = dir.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(tokenizerFile)) {
            if (Files.isRegularFile(dir.resolve("tokenizer.model"))) {
                throw new ConversionException(tokenizerFile, "missing; only a SentencePiece tokenizer.model is present, which is not supported "
                        + "(save the tokenizer with a fast tokenizer so that tokenizer.json is written)");
            }
            throw new ConversionException(tokenizerFile, "missing: the model folder needs its tokenizer");
        }
        JsonNode tokenizer = readJson(tokenizerFile);
        Path configFile = dir.resolve(CONFIG_FILE);
        JsonNode config = Files.isRegularFile(configFile) ? readJson(configFile) : JSON.createObjectNode();
        if (!Files.isRegularFile(configFile)) {
            warnings.add(CONFIG_FILE + " is missing: no chat template, special tokens taken from config.json");
        }
        JsonNode model = tokenizer.path("model");
        String type = model.path("type").asText("");
        if (!type.equals("BPE")) {
            throw new ConversionException(tokenizerFile, "model.type '" + type + "' is not supported; only byte-level BPE tokenizers are");
        }
        if (model.path("byte_fallback").asBoolean(false)) {
            throw new ConversionException(tokenizerFile, "model.byte_fallback=true marks a SentencePiece-style tokenizer (Llama 2, Mistral v0.1), which is not supported");
        }
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = model.path("vocab").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            ids.put(entry.getKey(), entry.getValue().asInt());
        }
        if (ids.isEmpty()) {
            throw new ConversionException(tokenizerFile, "model.vocab is empty");
        }
        int maxId = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        for (JsonNode added : tokenizer.path("added_tokens")) {
            maxId = Math.max(maxId, added.path("id").asInt());
        }
        if (maxId >= vocabSize) {
            throw new ConversionException(tokenizerFile, "has token id " + maxId + " but config.json vocab_size is " + vocabSize);
        }
        String[] tokens = new String[vocabSize];
        int[] types = new int[vocabSize];
        ids.forEach((token, id) -> {
            tokens[id] = token;
            types[id] = NORMAL;
        });
        for (JsonNode added : tokenizer.path("added_tokens")) {
            int id = added.path("id").asInt();
            tokens[id] = added.path("content").asText();
            types[id] = added.path("special").asBoolean(false) ? CONTROL : USER_DEFINED;
        }
        for (int id = 0; id < vocabSize; id++) {
            if (tokens[id] == null) {
                tokens[id] = "[PAD" + id + "]";
                types[id] = UNUSED;
            }
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode merge : model.path("merges")) {
            merges.add(merge.isArray() ? merge.get(0).asText() + " " + merge.get(1).asText() : merge.asText());
        }
        Map<String, GgufValue> metadata = new LinkedHashMap<>();
        metadata.put("tokenizer.ggml.model", GgufValue.string("gpt2"));
        metadata.put("tokenizer.ggml.pre", GgufValue.string(preTokenizer(tokenizerFile, tokenizer.path("pre_tokenizer"))));
        metadata.put("tokenizer.ggml.tokens", GgufValue.array(GgufArray.ofStrings(Arrays.asList(tokens))));
        metadata.put("tokenizer.ggml.token_type", GgufValue.array(GgufArray.ofInt32(types)));
        metadata.put("tokenizer.ggml.merges", GgufValue.array(GgufArray.ofStrings(merges)));
        List<String> tokenList = Arrays.asList(tokens);
        JsonNode modelConfig = readJson(dir.resolve(HfConfig.FILE));
        putSpecial(metadata, "bos", config, modelConfig, tokenList, configFile);
        putSpecial(metadata, "eos", config, modelConfig, tokenList, configFile);
        putSpecial(metadata, "pad", config, modelConfig, tokenList, configFile);
        metadata.put("tokenizer.ggml.add_bos_token", GgufValue.bool(addBos(config, tokenizer)));
        if (config.has("add_eos_token")) {
            metadata.put("tokenizer.ggml.add_eos_token", GgufValue.bool(config.path("add_eos_token").asBoolean()));
        }
        String template = chatTemplate(dir, config, configFile);
        if (template != null) {
            metadata.put("tokenizer.chat_template", GgufValue.string(template));
        } else {
            warnings.add(CONFIG_FILE + " has no chat_template: chat completions will use llama.cpp's fallback");
        }
        return metadata;
    }

    /** The Hugging Face pre-tokenizer JSON for a llama.cpp pre-tokenizer name, as {@link #preTokenizer} recognises it. */
    public static Map<String, Object> preTokenizerJson(String pre) {
        String pattern = PRE_TOKENIZER_PATTERNS.get(pre);
        if (pattern == null) {
            throw new IllegalArgumentException("no Hugging Face pre-tokenizer known for llama.cpp pre-tokenizer '" + pre + "'");
        }
        return Map.of("type", "Sequence", "pretokenizers", List.of(
                Map.of("type", "Split", "pattern", Map.of("Regex", pattern), "behavior", "Isolated", "invert", false),
                Map.of("type", "ByteLevel", "add_prefix_space", false, "trim_offsets", true, "use_regex", false)));
    }

    private static String preTokenizer(Path file, JsonNode node) throws ConversionException {
        List<JsonNode> steps = new ArrayList<>();
        if (node.path("type").asText().equals("Sequence")) {
            node.path("pretokenizers").forEach(steps::add);
        } else if (!node.isMissingNode() && !node.isNull()) {
            steps.add(node);
        }
        for (JsonNode step : steps) {
            if (step.path("type").asText().equals("Split")) {
                String pattern = step.path("pattern").path("Regex").asText(null);
                for (Map.Entry<String, String> known : PRE_TOKENIZER_PATTERNS.entrySet()) {
                    if (known.getValue().equals(pattern)) {
                        return known.getKey();
                    }
                }
                throw new ConversionException(file, "pre_tokenizer split pattern is not one llama.cpp knows (supported: Llama 3, Qwen2, GPT-2 byte-level): " + pattern);
            }
        }
        if (steps.size() == 1 && steps.getFirst().path("type").asText().equals("ByteLevel") && steps.getFirst().path("use_regex").asBoolean(true)) {
            return "gpt2";
        }
        throw new ConversionException(file, "pre_tokenizer " + node + " is not supported (supported: Llama 3, Qwen2, GPT-2 byte-level)");
    }

    private static void putSpecial(Map<String, GgufValue> metadata, String kind, JsonNode config, JsonNode modelConfig,
            List<String> tokens, Path configFile) throws ConversionException {
        String ggufKey = "tokenizer.ggml." + (kind.equals("pad") ? "padding" : kind) + "_token_id";
        JsonNode token = config.get(kind + "_token");
        if (token != null && !token.isNull()) {
            String content = token.isObject() ? token.path("content").asText() : token.asText();
            int id = tokens.indexOf(content);
            if (id < 0) {
                throw new ConversionException(configFile, kind + "_token '" + content + "' is not in the vocabulary");
            }
            metadata.put(ggufKey, GgufValue.uint32(id));
            return;
        }
        JsonNode id = modelConfig.get(kind + "_token_id");
        if (id != null && id.isArray() && !id.isEmpty()) {
            id = id.get(0);
        }
        if (id != null && id.canConvertToInt() && id.asInt() >= 0 && id.asInt() < tokens.size()) {
            metadata.put(ggufKey, GgufValue.uint32(id.asInt()));
        }
    }

    private static boolean addBos(JsonNode config, JsonNode tokenizer) {
        if (config.has("add_bos_token")) {
            return config.path("add_bos_token").asBoolean();
        }
        JsonNode post = tokenizer.path("post_processor");
        List<JsonNode> processors = new ArrayList<>();
        if (post.path("type").asText().equals("Sequence")) {
            post.path("processors").forEach(processors::add);
        } else {
            processors.add(post);
        }
        for (JsonNode processor : processors) {
            if (processor.path("type").asText().equals("TemplateProcessing")) {
                JsonNode first = processor.path("single").path(0);
                return first.has("SpecialToken");
            }
        }
        return false;
    }

    private static String chatTemplate(Path dir, JsonNode config, Path configFile) throws ConversionException {
        JsonNode template = config.get("chat_template");
        if (template != null && template.isTextual()) {
            return template.asText();
        }
        if (template != null && template.isArray()) {
            for (JsonNode named : template) {
                if (named.path("name").asText().equals("default")) {
                    return named.path("template").asText();
                }
            }
            throw new ConversionException(configFile, "chat_template is a list without a 'default' template");
        }
        Path jinja = dir.resolve(CHAT_TEMPLATE_FILE);
        if (Files.isRegularFile(jinja)) {
            try {
                return Files.readString(jinja);
            } catch (IOException e) {
                throw new ConversionException(jinja, "cannot be read: " + e.getMessage(), e);
            }
        }
        return null;
    }

    static JsonNode readJson(Path file) throws ConversionException {
        if (!Files.isRegularFile(file)) {
            throw new ConversionException(file, "missing");
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw new ConversionException(file, "is not a JSON object");
            }
            return node;
        } catch (ConversionException e) {
            throw e;
        } catch (IOException e) {
            throw new ConversionException(file, "is not valid JSON: " + e.getMessage(), e);
        }
    }
}
