package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.grammar.GbnfSyntax;
import dev.hearth.engine.grammar.GrammarSyntaxException;
import dev.hearth.engine.grammar.JsonSchemaGrammar;
import dev.hearth.engine.grammar.SchemaException;
import dev.hearth.engine.llama.SamplingParams;
import dev.hearth.engine.llama.Vocab;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns an OpenAI {@code /v1/completions} body into a {@link GenerationRequest}, refusing what it cannot honour. */
final class Completions {
    /** Fields both endpoints take. */
    static final Set<String> COMMON = Set.of("model", "max_tokens", "max_completion_tokens", "temperature", "top_p",
            "top_k", "min_p", "typical_p", "repetition_penalty", "presence_penalty", "frequency_penalty", "mirostat",
            "mirostat_target", "mirostat_lr", "logit_bias", "seed", "stop", "stream", "stream_options", "ignore_eos",
            "grammar", "response_format", "lora", "user", "n", "logprobs", "top_logprobs", "best_of",
            "context_length_exceeded_behavior", "perf_metrics_in_response", "raw_output", "prediction",
            "prompt_cache_max_len", "prompt_cache_isolation_key", "metadata");
    static final Set<String> FIELDS = union(COMMON, Set.of("prompt", "echo", "suffix"));
    static final int DEFAULT_MAX_TOKENS = 2048;
    /** OpenAI's limit on top_logprobs (Fireworks documents none). */
    static final int MAX_TOP_LOGPROBS = 20;
    static final int MAX_N = 16;
    static final int MAX_STOP = 16;
    private static final JsonNode ANY_OBJECT = dev.hearth.api.Json.MAPPER.createObjectNode().put("type", "object");

    /** What the serving code needs beside the generation request itself. */
    record Options(GenerationRequest request, int n, boolean stream, String model, boolean perfMetrics, boolean rawOutput) {}

    record Parsed(Options options, String promptText, boolean echo) {}

    private final Vocab vocab;
    private final ModelNames names;
    private final int contextPerSlot;
    private final int contextTotal;
    private final long timeoutNanos;
    private final Map<Integer, Float> overlongLeads;
    /** Large enough to exclude a token; an infinite bias upsets llama.cpp's samplers. */
    private static final float BANNED = -1000f;

    Completions(Vocab vocab, ModelNames names, int contextPerSlot, int contextTotal, long timeoutNanos) {
        this.vocab = vocab;
        this.names = names;
        this.contextPerSlot = contextPerSlot;
        this.contextTotal = contextTotal;
        this.timeoutNanos = timeoutNanos;
        this.overlongLeads = overlongLeadTokens(vocab);
    }

    /**
     * Byte tokens that start no UTF-8 sequence (C0, C1, F5-FF) or can start an overlong one (E0, F0).
     * llama.cpp's grammar decoder accepts overlong sequences as the code points they spell, so under a
     * grammar a byte-level model could write them and a JSON string would not be valid UTF-8; they are
     * banned for grammar-constrained requests (characters from E0/F0 stay reachable through merged tokens).
     */
    private static Map<Integer, Float> overlongLeadTokens(Vocab vocab) {
        Map<Integer, Float> banned = new HashMap<>();
        for (int token = 0; token < vocab.size(); token++) {
            byte[] piece = vocab.piece(token, false);
            if (piece.length == 1) {
                int b = piece[0] & 0xff;
                if (b == 0xc0 || b == 0xc1 || b == 0xe0 || b == 0xf0 || b >= 0xf5) {
                    banned.put(token, BANNED);
                }
            }
        }
        return Map.copyOf(banned);
    }

    Parsed parse(JsonNode body) {
        JsonFields f = new JsonFields(body, FIELDS);
        if (f.has("suffix") && !f.get("suffix").isNull()) {
            throw OpenAiException.invalid("suffix", "`suffix` (fill-in-the-middle) is not supported");
        }
        JsonNode promptNode = f.get("prompt");
        int[] prompt = prompt(promptNode);
        String promptText = promptNode.isTextual() ? promptNode.asText()
                : vocab.detokenize(prompt, false, true);
        Integer logprobs = f.integer("logprobs", 0, MAX_TOP_LOGPROBS);
        if (f.has("top_logprobs")) {
            throw OpenAiException.invalid("top_logprobs", "on /v1/completions `logprobs` is the number of alternatives; `top_logprobs` belongs to chat");
        }
        boolean echo = f.bool("echo", false);
        Options options = options(f, prompt, grammar(f), logprobs == null ? -1 : logprobs, echo && logprobs != null, false);
        return new Parsed(options, promptText, echo);
    }

    /**
     * The fields both endpoints share. {@code logprobs} is -1 or the alternatives per token; max_tokens is
     * lowered to what the context holds unless context_length_exceeded_behavior is {@code error}.
     */
    Options options(JsonFields f, int[] prompt, String grammar, int logprobs, boolean promptLogprobs, boolean renderSpecial) {
        String model = f.string("model", null);
        AdapterSet adapters = names.adaptersFor(model);
        if (f.has("lora")) {
            adapters = loraField(f.get("lora"), adapters);
        }
        Integer bestOf = f.integer("best_of", 1, 128);
        if (bestOf != null && bestOf != 1) {
            throw OpenAiException.invalid("best_of", "`best_of` is not supported; use `n`");
        }
        int n = orElse(f.integer("n", 1, MAX_N), 1);
        String behavior = f.string("context_length_exceeded_behavior", "truncate");
        if (!behavior.equals("truncate") && !behavior.equals("error")) {
            throw OpenAiException.invalid("context_length_exceeded_behavior", "`context_length_exceeded_behavior` must be `truncate` or `error`");
        }
        Integer maxTokens = f.integer("max_tokens", 1, Integer.MAX_VALUE);
        Integer maxCompletion = f.integer("max_completion_tokens", 1, Integer.MAX_VALUE);
        if (maxTokens == null) {
            maxTokens = maxCompletion;
        }
        // Each choice has its own sequence slot; together they must also fit the whole context.
        int room = Math.min(contextPerSlot, contextTotal / n) - prompt.length;
        if (room <= 0) {
            throw new OpenAiException(400, "invalid_request_error", n > 1 ? "n" : "prompt", "context_length_exceeded",
                    "the prompt is " + prompt.length + " tokens, but this model's context holds " + contextPerSlot
                            + " tokens per request" + (n > 1 ? " and " + contextTotal + " for all " + n + " choices together" : ""));
        }
        if (maxTokens == null) {
            maxTokens = Math.min(DEFAULT_MAX_TOKENS, room);
        } else if (maxTokens > room) {
            if (behavior.equals("error")) {
                throw new OpenAiException(400, "invalid_request_error", "max_tokens", "context_length_exceeded",
                        "the prompt (" + prompt.length + " tokens) plus max_tokens (" + maxTokens + ")"
                                + (n > 1 ? " for each of n=" + n + " choices" : "") + " exceeds this model's context of "
                                + Math.min(contextPerSlot, contextTotal / n) + " tokens per choice");
            }
            maxTokens = room;
        }
        List<String> stop = f.strings("stop", MAX_STOP);
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw OpenAiException.invalid("stop", "`stop` strings must not be empty");
        }
        if (f.has("stream_options")) {
            streamOptions(f.get("stream_options"));
        }
        Integer cacheMaxLen = f.integer("prompt_cache_max_len", 0, Integer.MAX_VALUE);
        String isolation = f.string("prompt_cache_isolation_key", "");
        f.string("user", null);
        if (f.has("metadata") && !f.get("metadata").isObject() && !f.get("metadata").isNull()) {
            throw OpenAiException.invalid("metadata", "`metadata` must be an object");
        }
        String prediction = prediction(f.get("prediction"));
        SamplingParams sampling = sampling(f, grammar);
        GenerationRequest request = new GenerationRequest(prompt, maxTokens, stop, f.bool("ignore_eos", false), sampling,
                adapters, timeoutNanos, logprobs, promptLogprobs, prediction, renderSpecial, null, isolation,
                cacheMaxLen == null ? Integer.MAX_VALUE : cacheMaxLen);
        return new Options(request, n, f.bool("stream", false), model == null ? names.modelId() : model,
                f.bool("perf_metrics_in_response", false), f.bool("raw_output", false));
    }

    private static String prediction(JsonNode node) {
        if (node == null || node.isNull()) {
            return "";
        }
        JsonFields p = new JsonFields(node, Set.of("type", "content"));
        if (!"content".equals(p.string("type", null))) {
            throw OpenAiException.invalid("prediction.type", "`prediction.type` must be `content`");
        }
        JsonNode content = p.get("content");
        StringBuilder text = new StringBuilder();
        if (content != null && content.isTextual()) {
            text.append(content.asText());
        } else if (content != null && content.isArray()) {
            for (JsonNode part : content) {
                JsonFields partFields = new JsonFields(part, Set.of("type", "text"));
                if (!"text".equals(partFields.string("type", null)) || partFields.string("text", null) == null) {
                    throw OpenAiException.invalid("prediction.content", "`prediction.content` parts must be {\"type\":\"text\",\"text\":...}");
                }
                text.append(partFields.string("text", ""));
            }
        } else {
            throw OpenAiException.invalid("prediction.content", "`prediction.content` must be a string or an array of text parts");
        }
        return text.toString();
    }

    private int[] prompt(JsonNode prompt) {
        if (prompt == null) {
            throw OpenAiException.invalid("prompt", "`prompt` is required");
        }
        int[] tokens;
        if (prompt.isTextual()) {
            tokens = vocab.tokenize(prompt.asText(), true, true);
        } else if (prompt.isArray() && !prompt.isEmpty() && prompt.get(0).isNumber()) {
            tokens = JsonFields.tokenIds(prompt, "prompt", vocab.size());
        } else if (prompt.isArray() && prompt.size() == 1 && (prompt.get(0).isTextual() || prompt.get(0).isArray())) {
            return prompt(prompt.get(0));
        } else if (prompt.isArray() && prompt.size() > 1) {
            throw OpenAiException.invalid("prompt", "several prompts in one request are not supported; send one request per prompt");
        } else {
            throw OpenAiException.invalid("prompt", "`prompt` must be a string or an array of token ids");
        }
        if (tokens.length == 0) {
            throw OpenAiException.invalid("prompt", "`prompt` must not be empty");
        }
        return tokens;
    }

    private static void streamOptions(JsonNode options) {
        if (!options.isObject()) {
            throw OpenAiException.invalid("stream_options", "`stream_options` must be an object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = options.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!field.getKey().equals("include_usage") || !field.getValue().isBoolean()) {
                throw OpenAiException.invalid("stream_options", "`stream_options` takes only `include_usage` (a boolean)");
            }
        }
    }

    private AdapterSet loraField(JsonNode lora, AdapterSet fromModel) {
        if (!lora.isArray()) {
            throw OpenAiException.invalid("lora", "`lora` must be an array of {\"name\", \"scale\"}");
        }
        List<AdapterSet.Entry> entries = new ArrayList<>(fromModel.entries());
        for (JsonNode item : lora) {
            JsonFields entry = new JsonFields(item, Set.of("name", "scale"));
            String name = entry.string("name", null);
            if (name == null || !names.hasAdapter(name)) {
                throw new OpenAiException(404, "invalid_request_error", "lora", "adapter_not_found",
                        "no LoRA adapter named `" + name + "` is loaded");
            }
            Float scale = entry.number("scale", -100, 100);
            if (entries.stream().anyMatch(e -> e.name().equals(name))) {
                throw OpenAiException.invalid("lora", "adapter `" + name + "` is named twice");
            }
            entries.add(new AdapterSet.Entry(name, scale == null ? 1f : scale));
        }
        return new AdapterSet(entries);
    }

    private SamplingParams sampling(JsonFields f, String grammar) {
        float temperature = orElse(f.number("temperature", 0, 2), 1f);
        int topK = f.integer("top_k", 0, Integer.MAX_VALUE) instanceof Integer k ? k : 0;
        float topP = orElse(f.number("top_p", 0, 1), 1f);
        float minP = orElse(f.number("min_p", 0, 1), 0f);
        float typicalP = orElse(f.number("typical_p", 0, 1), 1f);
        float repetition = orElse(f.number("repetition_penalty", 0.000001, 100), 1f);
        float presence = orElse(f.number("presence_penalty", -2, 2), 0f);
        float frequency = orElse(f.number("frequency_penalty", -2, 2), 0f);
        Integer mirostat = f.integer("mirostat", 0, 2);
        Float tau = f.number("mirostat_target", 0, 100);
        Float eta = f.number("mirostat_lr", 0, 10);
        if (mirostat == null) {
            mirostat = tau != null || eta != null ? 2 : 0;
        }
        Map<Integer, Float> logitBias = logitBias(f.get("logit_bias"));
        if (grammar != null) {
            overlongLeads.forEach(logitBias::putIfAbsent);
        }
        Long seed = f.longValue("seed");
        return new SamplingParams(temperature, topK, topP, minP, typicalP, repetition, presence, frequency, 64, mirostat,
                tau == null ? 5f : tau, eta == null ? 0.1f : eta, logitBias, grammar, seed);
    }

    /**
     * The grammar a request constrains its output with: Fireworks' {@code grammar} type or top-level field
     * (checked here so a syntax error is a 400 with its position), or one compiled from a JSON schema.
     */
    String grammar(JsonFields f) {
        String grammar = f.string("grammar", null);
        if (grammar != null) {
            checkGrammar(grammar, "grammar");
        }
        JsonNode format = f.get("response_format");
        if (format == null) {
            return grammar;
        }
        JsonFields fields = new JsonFields(format, Set.of("type", "grammar", "schema", "json_schema"), "response_format");
        String type = fields.string("type", null);
        if ("text".equals(type)) {
            return grammar;
        }
        if (grammar != null) {
            throw OpenAiException.invalid("response_format", "give either `grammar` or `response_format`, not both");
        }
        return switch (type == null ? "" : type) {
            case "grammar" -> {
                String fromFormat = fields.string("grammar", null);
                if (fromFormat == null) {
                    throw OpenAiException.invalid("response_format.grammar", "`response_format` of type grammar needs `grammar`");
                }
                checkGrammar(fromFormat, "response_format.grammar");
                yield fromFormat;
            }
            case "json_object" -> schemaGrammar(fields.get("schema"), "response_format.schema");
            case "json_schema" -> {
                JsonFields jsonSchema = new JsonFields(fields.get("json_schema"), Set.of("name", "description", "schema", "strict"),
                        "response_format.json_schema");
                jsonSchema.string("name", null);
                jsonSchema.string("description", null);
                jsonSchema.bool("strict", false);
                yield schemaGrammar(jsonSchema.get("schema"), "response_format.json_schema.schema");
            }
            default -> throw OpenAiException.invalid("response_format.type",
                    "`response_format.type` must be one of text, json_object, json_schema, grammar");
        };
    }

    /** JSON mode without a schema means any JSON object, as OpenAI's json_object does. */
    private static String schemaGrammar(JsonNode schema, String param) {
        try {
            return JsonSchemaGrammar.compile(schema == null ? ANY_OBJECT : schema);
        } catch (SchemaException e) {
            throw OpenAiException.invalid(param, e.getMessage());
        }
    }

    private static void checkGrammar(String grammar, String param) {
        try {
            GbnfSyntax.check(grammar);
        } catch (GrammarSyntaxException e) {
            throw OpenAiException.invalid(param, "invalid GBNF grammar: " + e.getMessage());
        }
    }

    private Map<Integer, Float> logitBias(JsonNode node) {
        Map<Integer, Float> bias = new HashMap<>();
        if (node == null) {
            return bias;
        }
        if (!node.isObject()) {
            throw OpenAiException.invalid("logit_bias", "`logit_bias` must be an object of token id to bias");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            int token;
            try {
                token = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw OpenAiException.invalid("logit_bias", "`logit_bias` key `" + entry.getKey() + "` is not a token id");
            }
            if (!vocab.isValid(token)) {
                throw OpenAiException.invalid("logit_bias", "`logit_bias` key " + token + " is not a token id (0 to " + (vocab.size() - 1) + ")");
            }
            JsonNode value = entry.getValue();
            if (!value.isNumber() || value.asDouble() < -200 || value.asDouble() > 200) {
                throw OpenAiException.invalid("logit_bias", "`logit_bias` values must be numbers from -200 to 200");
            }
            bias.put(token, (float) value.asDouble());
        }
        return bias;
    }

    private static float orElse(Float value, float fallback) {
        return value == null ? fallback : value;
    }

    private static int orElse(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
