package dev.hearth.engine.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Qwen3-Coder style, also Qwen3.5, Nemotron 3, Step 3.5 and (with {@code seed:} tags) Seed-OSS:
 * {@code <tool_call>\n<function=name>\n<parameter=key>\nvalue\n</parameter>\n</function>\n</tool_call>}.
 */
final class XmlFunctionFormat extends ParameterSectionFormat {

    private final String open;
    private final String close;

    XmlFunctionFormat(String family, String open, String close) {
        super(family, List.of(Trigger.literal(open)));
        this.open = open;
        this.close = close;
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = Scan.skipWhitespace(text, start + open.length());
        pos = Scan.expect(text, pos, "<function=");
        if (pos < 0) {
            return Scan.outcome(pos);
        }
        int nameEnd = text.indexOf('>', pos);
        if (nameEnd < 0) {
            return Scan.isName(text.substring(pos)) || pos == text.length() ? Section.INCOMPLETE : Section.MALFORMED;
        }
        String name = text.substring(pos, nameEnd);
        if (!Scan.isName(name)) {
            return Section.MALFORMED;
        }
        pos = nameEnd + 1;
        ObjectNode arguments = Json.newObject();
        while (true) {
            pos = Scan.skipWhitespace(text, pos);
            int ended = Scan.expect(text, pos, "</function>");
            if (ended >= 0) {
                pos = ended;
                break;
            }
            if (ended == Scan.INCOMPLETE) {
                return Section.INCOMPLETE;
            }
            pos = Scan.expect(text, pos, "<parameter=");
            if (pos < 0) {
                return Scan.outcome(pos);
            }
            int keyEnd = text.indexOf('>', pos);
            if (keyEnd < 0) {
                return Section.INCOMPLETE;
            }
            String key = text.substring(pos, keyEnd);
            int valueEnd = text.indexOf("</parameter>", keyEnd + 1);
            if (valueEnd < 0) {
                return Section.INCOMPLETE;
            }
            arguments.set(key, Json.parameterValue(untagged(text.substring(keyEnd + 1, valueEnd))));
            pos = valueEnd + "</parameter>".length();
        }
        pos = Scan.expect(text, Scan.skipWhitespace(text, pos), close);
        if (pos < 0) {
            return Scan.outcome(pos);
        }
        return new Section.Complete(List.of(new RawCall(name, arguments.toString())), pos);
    }
}
