package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Command R7B and Command A: calls as a JSON array between {@code <|START_ACTION|>} and {@code <|END_ACTION|>},
 * entries {@code {"tool_call_id": "0", "tool_name": …, "parameters": {…}}}; the answer itself sits between
 * {@code <|START_RESPONSE|>} and {@code <|END_RESPONSE|>}, markers that are dropped from the content.
 */
final class CohereFormat extends SectionFormat {

    private static final String ACTION_BEGIN = "<|START_ACTION|>";
    private static final String ACTION_END = "<|END_ACTION|>";
    private static final Trigger ACTION = Trigger.literal(ACTION_BEGIN);
    private static final Trigger RESPONSE_BEGIN = Trigger.literal("<|START_RESPONSE|>");
    private static final Trigger RESPONSE_END = Trigger.literal("<|END_RESPONSE|>");

    CohereFormat() {
        super("command-r7b", List.of(ACTION, RESPONSE_BEGIN, RESPONSE_END));
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        if (trigger != ACTION) {
            return new Section.Complete(List.of(), start + trigger.toString().length());
        }
        int pos = Scan.skipWhitespace(text, start + ACTION_BEGIN.length());
        int end = Json.valueEnd(text, pos);
        if (end < 0) {
            return Scan.outcome(end);
        }
        List<RawCall> calls = new ArrayList<>();
        if (!addJsonCalls(Json.read(text.substring(pos, end)), List.of("tool_name", "name"),
                List.of("parameters", "arguments"), calls)) {
            return Section.MALFORMED;
        }
        int closed = Scan.expect(text, Scan.skipWhitespace(text, end), ACTION_END);
        return closed < 0 ? Scan.outcome(closed) : new Section.Complete(calls, closed);
    }

    @Override
    public boolean supportsParallel() {
        return true;
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        return Gbnf.literal("{\"tool_call_id\": \"") + " [0-9]{1,2} "
                + Gbnf.literal("\", \"tool_name\": " + Json.quote(functionName) + ", \"parameters\": ") + " "
                + argumentsRule + " " + Gbnf.literal("}");
    }

    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        return JsonSectionFormat.sequence(ACTION_BEGIN + "[\n    ", Gbnf.choice(callExprs), ",\n    ",
                "\n]" + ACTION_END, parallel);
    }
}
