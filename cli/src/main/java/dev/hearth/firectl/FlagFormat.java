package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * {@code -o flag}, which upstream leaves undocumented: each top-level scalar field as a {@code --kebab-case=value}
 * line, quoted for a POSIX shell where needed, so that it can be pasted back as flags. Nested objects and lists are
 * left out.
 */
final class FlagFormat {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private FlagFormat() {}

    static String render(JsonNode resource) {
        StringBuilder flags = new StringBuilder();
        resource.properties().forEach(field -> {
            JsonNode value = field.getValue();
            if (value.isValueNode() && !TextFormat.isEmpty(value)) {
                flags.append("--").append(kebab(field.getKey())).append('=').append(shellQuote(value.asText())).append('\n');
            }
        });
        return flags.toString();
    }

    /** {@code displayName} → {@code display-name}. */
    static String kebab(String field) {
        StringBuilder kebab = new StringBuilder(field.length() + 4);
        for (char c : field.toCharArray()) {
            if (Character.isUpperCase(c)) {
                kebab.append('-').append(Character.toLowerCase(c));
            } else {
                kebab.append(c);
            }
        }
        return kebab.toString();
    }

    private static String shellQuote(String value) {
        return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
    }
}
