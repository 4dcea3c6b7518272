package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.llama.Vocab;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** The OpenAI {@code /v1/embeddings} request and response, with Fireworks' {@code normalize} and {@code dimensions}. */
final class Embeddings {
    static final Set<String> FIELDS = Set.of("model", "input", "encoding_format", "dimensions", "user", "normalize");
    static final int MAX_INPUTS = 2048;

    record Parsed(String model, List<int[]> inputs, boolean base64, Integer dimensions, boolean normalize) {}

    private Embeddings() {}

    static Parsed parse(JsonNode body, ModelNames names, Vocab vocab, int maxTokens, int width) {
        JsonFields f = new JsonFields(body, FIELDS);
        String model = f.string("model", null);
        if (!names.adaptersFor(model).isEmpty()) {
            throw OpenAiException.invalid("model", "LoRA adapters do not apply to embeddings");
        }
        String format = f.string("encoding_format", "float");
        if (!format.equals("float") && !format.equals("base64")) {
            throw OpenAiException.invalid("encoding_format", "`encoding_format` must be float or base64");
        }
        Integer dimensions = f.integer("dimensions", 1, width);
        f.string("user", null);
        List<int[]> inputs = inputs(f.get("input"), vocab);
        for (int i = 0; i < inputs.size(); i++) {
            int length = inputs.get(i).length;
            if (length == 0) {
                throw OpenAiException.invalid("input", "input " + i + " is empty");
            }
            if (length > maxTokens) {
                throw OpenAiException.invalid("input", "input " + i + " is " + length + " tokens; this runner embeds at most "
                        + maxTokens + " tokens per input");
            }
        }
        return new Parsed(model == null ? names.modelId() : model, inputs, format.equals("base64"), dimensions,
                f.bool("normalize", true));
    }

    private static List<int[]> inputs(JsonNode input, Vocab vocab) {
        if (input == null) {
            throw OpenAiException.invalid("input", "`input` is required");
        }
        List<int[]> inputs = new ArrayList<>();
        if (input.isTextual()) {
            inputs.add(tokens(input.asText(), vocab));
        } else if (input.isArray() && !input.isEmpty() && input.get(0).isNumber()) {
            inputs.add(JsonFields.tokenIds(input, "input", vocab.size()));
        } else if (input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (item.isTextual()) {
                    inputs.add(tokens(item.asText(), vocab));
                } else if (item.isArray()) {
                    inputs.add(JsonFields.tokenIds(item, "input", vocab.size()));
                } else {
                    throw OpenAiException.invalid("input", "`input` items must be strings or arrays of token ids");
                }
            }
        } else {
            throw OpenAiException.invalid("input", "`input` must be a string, an array of strings, or token ids");
        }
        if (inputs.size() > MAX_INPUTS) {
            throw OpenAiException.invalid("input", "`input` takes at most " + MAX_INPUTS + " items");
        }
        return inputs;
    }

    private static int[] tokens(String text, Vocab vocab) {
        if (text.isEmpty()) {
            throw OpenAiException.invalid("input", "`input` must not be an empty string");
        }
        return vocab.tokenize(text, true, false);
    }

    static ObjectNode response(Parsed parsed, List<float[]> vectors) {
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
    static float[] shape(float[] vector, Integer dimensions, boolean normalize) {
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
