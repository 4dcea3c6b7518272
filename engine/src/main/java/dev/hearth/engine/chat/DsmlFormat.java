package dev.hearth.engine.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * DeepSeek V3.2 / V4 "DSML": {@code <｜DSML｜function_calls>} (V4: {@code tool_calls}) holding
 * {@code <｜DSML｜invoke name="f"><｜DSML｜parameter name="k" string="true">v</｜DSML｜parameter></｜DSML｜invoke>}.
 * {@code string="false"} values are JSON.
 */
final class DsmlFormat extends ParameterSectionFormat {

    private static final String TAG = "<｜DSML｜";
    private static final String END_TAG = "</｜DSML｜";

    private final String block;

    DsmlFormat(String block) {
        super("deepseek-dsml", List.of(Trigger.literal(TAG + block + ">")));
        this.block = block;
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = start + TAG.length() + block.length() + 1;
        List<RawCall> calls = new ArrayList<>();
        while (true) {
            pos = Scan.skipWhitespace(text, pos);
            if (!calls.isEmpty()) {
                int end = Scan.expect(text, pos, END_TAG + block + ">");
                if (end >= 0) {
                    return new Section.Complete(calls, end);
                }
                if (end == Scan.INCOMPLETE) {
                    return Section.INCOMPLETE;
                }
            }
            pos = Scan.expect(text, pos, TAG + "invoke name=\"");
            if (pos < 0) {
                return Scan.outcome(pos);
            }
            int nameEnd = text.indexOf("\">", pos);
            if (nameEnd < 0) {
                return Section.INCOMPLETE;
            }
            String name = text.substring(pos, nameEnd);
            if (!Scan.isName(name)) {
                return Section.MALFORMED;
            }
            pos = nameEnd + 2;
            ObjectNode arguments = Json.newObject();
            while (true) {
                pos = Scan.skipWhitespace(text, pos);
                int ended = Scan.expect(text, pos, END_TAG + "invoke>");
                if (ended >= 0) {
                    pos = ended;
                    break;
                }
                if (ended == Scan.INCOMPLETE) {
                    return Section.INCOMPLETE;
                }
                pos = Scan.expect(text, pos, TAG + "parameter name=\"");
                if (pos < 0) {
                    return Scan.outcome(pos);
                }
                int keyEnd = text.indexOf('"', pos);
                int headEnd = text.indexOf('>', pos);
                int valueEnd = text.indexOf(END_TAG + "parameter>", pos);
                if (keyEnd < 0 || headEnd < 0 || valueEnd < 0) {
                    return Section.INCOMPLETE;
                }
                String key = text.substring(pos, keyEnd);
                boolean isString = !text.substring(keyEnd, headEnd).contains("string=\"false\"");
                String raw = text.substring(headEnd + 1, valueEnd);
                JsonNode value = isString ? Json.MAPPER.getNodeFactory().textNode(raw) : Json.read(raw.strip());
                if (value == null) {
                    return Section.MALFORMED;
                }
                arguments.set(key, value);
                pos = valueEnd + (END_TAG + "parameter>").length();
            }
            calls.add(new RawCall(name, arguments.toString()));
        }
    }
}
