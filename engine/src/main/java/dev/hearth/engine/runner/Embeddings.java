package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The OpenAI {@code /v1/embeddings} request and response, with Fireworks' {@code normalize} and {@code dimensions}, for
 * any {@link TextEmbedder}. Fireworks fields no runner can honour are refused by name, never ignored.
 */
public final class Embeddings {
    static final Set<String> FIELDS = Set.of("model", "input", "encoding_format", "dimensions", "user", "normalize");
    /** Fireworks' fields that Hearth does not serve, with why. */
    static final Map<String, String> UNSUPPORTED = new TreeMap<>(Map.of(
            "prompt_template", "`prompt_template` is not supported: render the inputs and send them as strings in `input`",
            "return_logits", "`return_logits` is not supported: embedding models have no logits to return; "
                    + "use /rerank for relevance scores"));
    public static final int MAX_INPUTS = 2048;

    /** A checked request: the model name to answer with, the tokenized inputs and how to shape the vectors. */
    public record Parsed(String model, List<int[]> inputs, boolean base64, Integer dimensions, boolean normalize) {}

    private Embeddings() {}

    /**
     * Parses, embeds and answers one request.
     *
     * @param modelName checks the request's {@code model} (null when absent) and returns the name to answer with
     */
    public static ObjectNode serve(JsonNode body, TextEmbedder embedder, UnaryOperator<String> modelName) {
        Parsed parsed = parse(body, embedder, modelName);
        return response(parsed, embedder.embed(parsed.inputs()));
    }

    public static Parsed parse(JsonNode body, TextEmbedder embedder, UnaryOperator<String> modelName) {
        if (body != null && body.isObject()) {
            for (Map.Entry<String, String> field : UNSUPPORTED.entrySet()) {
                if (body.has(field.getKey())) {
                    throw OpenAiException.invalid(field.getKey(), field.getValue());
                }
            }
        }
        JsonFields f = new JsonFields(body, FIELDS);
        String model = modelName.apply(f.string("model", null));
        String format = f.string("encoding_format", "float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw OpenAiException.invalid("encoding_format", "`encoding_format` must be float or base64");
        }
        Integer dimensions = f.integer("dimensions", 1, embedder.width());
        f.string("user", null);
        List<int[]> inputs = inputs(f.get("input"), embedder);
        int maxTokens = embedder.maxTokensPerInput();
        for (int i = 0; i < inputs.size(); i++) {
            int length = inputs.get(i).length;
            if (length == 0) {
                throw OpenAiException.invalid("input", "input " + i + " is empty");
            }
            if (length > maxTokens) {
                throw OpenAiException.invalid("input", "input " + i + " is " + length + " tokens; " + model + " embeds at most "
                        + maxTokens + " tokens per input");
            }
        }
        return new Parsed(model, inputs, format.equals("base64"), dimensions, f.bool("normalize", true));
    }

    private static List<int[]> inputs(JsonNode input, TextEmbedder embedder) {
        if (input == null) {
            throw OpenAiException.invalid("input", "`input` is required");
        }
        List<int[]> inputs = new ArrayList<>();
        if (input.isTextual()) {
            inputs.add(tokens(input.asText(), embedder));
        } else if (input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
            inputs.add(tokenIds(input, embedder));
        } else if (input.isArray() && !input.isEmpty()) {
            if (input.size() > MAX_INPUTS) {
                throw OpenAiException.invalid("input", "`input` takes at most " + MAX_INPUTS + " items");
            }
            for (JsonNode item : input) {
                if (item.isTextual()) {
                    inputs.add(tokens(item.asText(), embedder));
                } else if (item.isArray()) {
                    inputs.add(tokenIds(item, embedder));
                } else if (item.isObject()) {
                    throw structured();
                } else {
                    throw OpenAiException.invalid("input", "`input` items must be strings or arrays of token ids");
                }
            }
        } else if (input.isObject()) {
            throw structured();
        } else {
            throw OpenAiException.invalid("input", "`input` must be a string, an array of strings, or token ids");
        }
        return inputs;
    }

    private static OpenAiException structured() {
        return OpenAiException.invalid("input", "structured `input` objects need `prompt_template`, which is not supported; "
                + "send strings");
    }

    private static int[] tokenIds(JsonNode array, TextEmbedder embedder) {
        if (embedder.tokenIdLimit() == 0) {
            throw OpenAiException.invalid("input", "this model takes text only: `input` must be a string or an array of strings, "
                    + "not token ids");
        }
        return JsonFields.tokenIds(array, "input", embedder.tokenIdLimit());
    }

    private static int[] tokens(String text, TextEmbedder embedder) {
        if (text.isEmpty()) {
            throw OpenAiException.invalid("input", "`input` must not be an empty string");
        }
        return embedder.tokenize(text);
    }

    public static ObjectNode response(Parsed parsed, List<float[]> vectors) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("object", "list");
        body.put("model", parsed.model());
        ArrayNode data = body.putArray("data");
        int promptTokens = 0;
        for (int i = 0; i < vectors.size(); i++) {
            float[] vector = shape(vectors.get(i), parsed.dimensions(), parsed.normalize());
            ObjectNode item = data.addObject();
            item.put("object", "embedding");
            item.put("index", i);
            if (parsed.base64()) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(vector);
                item.put("embedding", Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                ArrayNode values = item.putArray("embedding");
                for (float v : vector) {
                    values.add(v);
                }
            }
            promptTokens += parsed.inputs().get(i).length;
        }
        ObjectNode usage = body.putObject("usage");
        usage.put("prompt_tokens", promptTokens);
        usage.put("total_tokens", promptTokens);
        return body;
    }

    /** Truncates to {@code dimensions} (Matryoshka style) and L2-normalises, as OpenAI's embeddings are. */
    public static float[] shape(float[] vector, Integer dimensions, boolean normalize) {
        float[] out = dimensions == null ? vector : java.util.Arrays.copyOf(vector, dimensions);
        if (normalize) {
            double norm = 0;
            for (float v : out) {
                norm += (double) v * v;
            }
            norm = Math.sqrt(norm);
            if (norm > 0) {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (out[i] / norm);
                }
            }
        }
        return out;
    }
}
