package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed, strict reads of a request body: every wrong type, bad range and unknown field is a 400 naming the field. */
public final class JsonFields {
    private final JsonNode body;
    private final String prefix;

    public JsonFields(JsonNode body, Set<String> known) {
        this(body, known, null);
    }

    /** Fields of a nested object at {@code path} (e.g. {@code messages[2]}), which error messages name. */
    public JsonFields(JsonNode body, Set<String> known, String path) {
        this.prefix = path == null ? "" : path + ".";
        if (body == null || !body.isObject()) {
            throw OpenAiException.invalid(path, path == null ? "the request body must be a JSON object" : "`" + path + "` must be an object");
        }
        this.body = body;
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                throw OpenAiException.invalid(prefix + name, "unknown field `" + prefix + name + "`");
            }
        }
    }

    /** The field, or null when absent or JSON null. */
    public JsonNode get(String name) {
        JsonNode node = body.get(name);
        return node == null || node.isNull() ? null : node;
    }

    public boolean has(String name) {
        return get(name) != null;
    }

    public String string(String name, String fallback) {
        JsonNode node = get(name);
        if (node == null) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw OpenAiException.invalid(prefix + name, "`" + prefix + name + "` must be a string");
        }
        return node.asText();
    }

    public boolean bool(String name, boolean fallback) {
        JsonNode node = get(name);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            throw OpenAiException.invalid(prefix + name, "`" + prefix + name + "` must be true or false");
        }
        return node.asBoolean();
    }

    public Integer integer(String name, long min, long max) {
        JsonNode node = get(name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            throw OpenAiException.invalid(prefix + name, "`" + prefix + name + "` must be an integer from " + min + " to " + max);
        }
        return (int) node.asLong();
    }

    public Long longValue(String name) {
        JsonNode node = get(name);
        if (node == null) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw OpenAiException.invalid(prefix + name, "`" + prefix + name + "` must be an integer");
        }
        return node.asLong();
    }

    public Float number(String name, double min, double max) {
        JsonNode node = get(name);
        if (node == null) {
            return null;
        }
        if (!node.isNumber() || node.asDouble() < min || node.asDouble() > max) {
            throw OpenAiException.invalid(prefix + name, "`" + prefix + name + "` must be a number from " + min + " to " + max);
        }
        return (float) node.asDouble();
    }

    /** A string or an array of strings. */
    public List<String> strings(String name, int maxItems) {
        JsonNode node = get(name);
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (node.isTextual()) {
            values.add(node.asText());
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    throw OpenAiException.invalid(prefix + name, "`" + prefix + name + "` must be a string or an array of strings");
                }
                values.add(item.asText());
            }
        } else {
            throw OpenAiException.invalid(prefix + name, "`" + prefix + name + "` must be a string or an array of strings");
        }
        if (values.size() > maxItems) {
            throw OpenAiException.invalid(prefix + name, "`" + prefix + name + "` takes at most " + maxItems + " entries");
        }
        return values;
    }

    /** Token ids from a JSON array, each checked against the vocabulary size. */
    public static int[] tokenIds(JsonNode array, String name, int vocabSize) {
        int[] tokens = new int[array.size()];
        for (int i = 0; i < tokens.length; i++) {
            JsonNode item = array.get(i);
            if (!item.isIntegralNumber() || !item.canConvertToInt() || item.asInt() < 0 || item.asInt() >= vocabSize) {
                throw OpenAiException.invalid(name, "`" + name + "` holds " + item
                        + ", which is not a token id (0 to " + (vocabSize - 1) + ")");
            }
            tokens[i] = item.asInt();
        }
        return tokens;
    }
}
