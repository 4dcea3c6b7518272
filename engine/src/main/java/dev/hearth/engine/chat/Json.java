package dev.hearth.engine.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Finding the end of a JSON value inside model output, and reading it with Jackson. */
final class Json {
    private Json() {}

    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * End (exclusive) of the object or array that starts at {@code start}, {@link Scan#INCOMPLETE} when the text
     * ends inside it, {@link Scan#MISMATCH} when {@code start} is not at {@code {} or {@code [}. Only brackets and
     * strings are tracked; whether the value is valid JSON is for {@link #read} to say.
     */
    static int valueEnd(String text, int start) {
        if (start >= text.length()) {
            return Scan.INCOMPLETE;
        }
        char first = text.charAt(start);
        if (first != '{' && first != '[') {
            return Scan.MISMATCH;
        }
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
        }
        return Scan.INCOMPLETE;
    }

    /** The parsed value, or null when it is not valid JSON. */
    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Compact JSON text of an arguments value: an object, or a string holding one; null otherwise. */
    static String argumentsObject(JsonNode arguments) {
        if (arguments == null) {
            return null;
        }
        if (arguments.isTextual()) {
            arguments = read(arguments.asText());
        }
        return arguments != null && arguments.isObject() ? arguments.toString() : null;
    }

    /**
     * A parameter value written as raw text (XML-style formats): JSON when the text is a JSON value, otherwise
     * the text as a string.
     */
    static JsonNode parameterValue(String raw) {
        String trimmed = raw.strip();
        if (!trimmed.isEmpty()) {
            JsonNode parsed = read(trimmed);
            if (parsed != null && !parsed.isMissingNode()) {
                return parsed;
            }
        }
        return MAPPER.getNodeFactory().textNode(raw);
    }

    static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }

    /** JSON string literal text of {@code s}. */
    static String quote(String s) {
        return MAPPER.getNodeFactory().textNode(s).toString();
    }
}
