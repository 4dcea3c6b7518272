package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * firectl's text output: {@code Title Case Label: value} per field in the resource's order, nested messages indented
 * two spaces, {@code status} on one line, and repeated messages in the {@code [{ ... },]} shape of the docs.
 * Absent and empty fields are left out.
 */
final class TextFormat {
    private static final String INDENT = "  ";

    private TextFormat() {}

    static String render(JsonNode resource) {
        StringBuilder text = new StringBuilder();
        appendFields(text, resource, "");
        return text.toString();
    }

    /** {@code createTime} → {@code Create Time}. */
    static String label(String field) {
        StringBuilder label = new StringBuilder(field.length() + 4);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (i == 0) {
                label.append(Character.toUpperCase(c));
            } else {
                if (Character.isUpperCase(c)) {
                    label.append(' ');
                }
                label.append(c);
            }
        }
        return label.toString();
    }

    /** A google.rpc.Status-like object as {@code OK} or {@code CODE: message}. */
    static String status(JsonNode status) {
        String code = status.path("code").asText("");
        String message = status.path("message").asText("");
        if (message.isEmpty()) {
            return code;
        }
        return code.isEmpty() ? message : code + ": " + message;
    }

    static boolean isEmpty(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode()
                || value.isContainerNode() && value.isEmpty()
                || value.isTextual() && value.textValue().isEmpty();
    }

    private static void appendFields(StringBuilder text, JsonNode object, String indent) {
        object.properties().forEach(field -> appendField(text, field.getKey(), field.getValue(), indent));
    }

    private static void appendField(StringBuilder text, String name, JsonNode value, String indent) {
        if (isEmpty(value)) {
            return;
        }
        String label = indent + label(name) + ":";
        if (name.equals("status") && value.isObject()) {
            line(text, label + " " + status(value));
        } else if (value.isObject()) {
            line(text, label);
            appendFields(text, value, indent + INDENT);
        } else if (value.isArray() && value.get(0).isObject()) {
            line(text, label);
            appendMessages(text, value, indent);
        } else if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.isValueNode() ? item.asText() : item.toString()));
            line(text, label + " [" + String.join(", ", items) + "]");
        } else {
            line(text, label + " " + value.asText());
        }
    }

    private static void appendMessages(StringBuilder text, JsonNode messages, String indent) {
        String open = "[{";
        for (JsonNode message : messages) {
            line(text, indent + INDENT + open);
            appendFields(text, message, indent + INDENT + INDENT);
            line(text, indent + INDENT + "},");
            open = "{";
        }
        line(text, indent + "]");
    }

    private static void line(StringBuilder text, String line) {
        text.append(line).append('\n');
    }
}
