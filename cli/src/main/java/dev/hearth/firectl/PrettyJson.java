package dev.hearth.firectl;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.hearth.api.Json;
import java.io.IOException;

/** Indented JSON as people write it ({@code "key": value}, {@code {}}) for {@code -o json} and {@code --dry-run}. */
final class PrettyJson {
    private static final ObjectWriter WRITER = Json.MAPPER.writer(new TightPrettyPrinter());

    private PrettyJson() {}

    static String write(Object value) {
        try {
            return WRITER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Jackson's pretty printer, except that empty objects and arrays print as {@code {}} and {@code []}, not {@code { }}. */
    private static final class TightPrettyPrinter extends DefaultPrettyPrinter {
        TightPrettyPrinter() {
            super(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER));
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new TightPrettyPrinter();
        }

        @Override
        public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
            if (nrOfEntries > 0) {
                super.writeEndObject(g, nrOfEntries);
                return;
            }
            if (!_objectIndenter.isInline()) {
                --_nesting;
            }
            g.writeRaw('}');
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues > 0) {
                super.writeEndArray(g, nrOfValues);
                return;
            }
            if (!_arrayIndenter.isInline()) {
                --_nesting;
            }
            g.writeRaw(']');
        }
    }
}
