package dev.hearth.engine.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * GLM 4.5+ style, also Laguna and Spark: {@code <tool_call>name<arg_key>k</arg_key><arg_value>v</arg_value>
 * </tool_call>}, with or without newlines between the parts.
 */
final class GlmFormat extends ParameterSectionFormat {

    private static final String OPEN = "<tool_call>";
    private static final String CLOSE = "</tool_call>";

    GlmFormat() {
        super("glm", List.of(Trigger.literal(OPEN)));
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = start + OPEN.length();
        int nameEnd = pos;
        while (nameEnd < text.length() && text.charAt(nameEnd) != '<' && text.charAt(nameEnd) != '\n') {
            nameEnd++;
        }
        if (nameEnd == text.length()) {
            return Scan.isName(text.substring(pos)) || pos == text.length() ? Section.INCOMPLETE : Section.MALFORMED;
        }
        String name = text.substring(pos, nameEnd).strip();
        if (!Scan.isName(name)) {
            return Section.MALFORMED;
        }
        pos = nameEnd;
        ObjectNode arguments = Json.newObject();
        while (true) {
            pos = Scan.skipWhitespace(text, pos);
            int closed = Scan.expect(text, pos, CLOSE);
            if (closed >= 0) {
                return new Section.Complete(List.of(new RawCall(name, arguments.toString())), closed);
            }
            if (closed == Scan.INCOMPLETE) {
                return Section.INCOMPLETE;
            }
            pos = Scan.expect(text, pos, "<arg_key>");
            if (pos < 0) {
                return Scan.outcome(pos);
            }
            int keyEnd = text.indexOf("</arg_key>", pos);
            if (keyEnd < 0) {
                return Section.INCOMPLETE;
            }
            String key = text.substring(pos, keyEnd).strip();
            pos = Scan.skipWhitespace(text, keyEnd + "</arg_key>".length());
            pos = Scan.expect(text, pos, "<arg_value>");
            if (pos < 0) {
                return Scan.outcome(pos);
            }
            int valueEnd = text.indexOf("</arg_value>", pos);
            if (valueEnd < 0) {
                return Section.INCOMPLETE;
            }
            arguments.set(key, Json.parameterValue(text.substring(pos, valueEnd)));
            pos = valueEnd + "</arg_value>".length();
        }
    }
}
