package dev.hearth.firectl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.hearth.api.Json;

/** Indented JSON as people write it ({@code "key": value}) for {@code -o json} and {@code --dry-run}. */
final class PrettyJson {
    private static final ObjectWriter WRITER = Json.MAPPER.writer(new DefaultPrettyPrinter(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    private PrettyJson() {}

    static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode JSON: " + e.getOriginalMessage(), e);
        }
    }
}
