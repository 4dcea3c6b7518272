package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Kimi K2: {@code <|tool_calls_section_begin|><|tool_call_begin|>functions.name:0<|tool_call_argument_begin|>{…}
 * <|tool_call_end|>…<|tool_calls_section_end|>}.
 */
final class KimiFormat extends SectionFormat {

    private static final String SECTION_BEGIN = "<|tool_calls_section_begin|>";
    private static final String SECTION_END = "<|tool_calls_section_end|>";
    private static final String CALL_BEGIN = "<|tool_call_begin|>";
    private static final String ARGUMENT_BEGIN = "<|tool_call_argument_begin|>";
    private static final String CALL_END = "<|tool_call_end|>";

    KimiFormat() {
        super("kimi-k2", List.of(Trigger.literal(SECTION_BEGIN)));
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = start + SECTION_BEGIN.length();
        List<RawCall> calls = new ArrayList<>();
        while (true) {
            pos = Scan.skipWhitespace(text, pos);
            if (!calls.isEmpty()) {
                int end = Scan.expect(text, pos, SECTION_END);
                if (end >= 0) {
                    return new Section.Complete(calls, end);
                }
                if (end == Scan.INCOMPLETE) {
                    return Section.INCOMPLETE;
                }
            }
            pos = Scan.expect(text, pos, CALL_BEGIN);
            if (pos < 0) {
                return Scan.outcome(pos);
            }
            int argumentsAt = text.indexOf(ARGUMENT_BEGIN, pos);
            if (argumentsAt < 0) {
                return text.indexOf(CALL_END, pos) >= 0 ? Section.MALFORMED : Section.INCOMPLETE;
            }
            String name = functionName(text.substring(pos, argumentsAt).strip());
            if (name == null) {
                return Section.MALFORMED;
            }
            pos = Scan.skipWhitespace(text, argumentsAt + ARGUMENT_BEGIN.length());
            int end = Json.valueEnd(text, pos);
            if (end < 0) {
                return Scan.outcome(end);
            }
            String arguments = Json.argumentsObject(Json.read(text.substring(pos, end)));
            if (arguments == null) {
                return Section.MALFORMED;
            }
            pos = Scan.expect(text, Scan.skipWhitespace(text, end), CALL_END);
            if (pos < 0) {
                return Scan.outcome(pos);
            }
            calls.add(new RawCall(name, arguments));
        }
    }

    /** {@code functions.get_weather:0} → {@code get_weather}; null when the id is not of that shape. */
    private static String functionName(String callId) {
        int colon = callId.lastIndexOf(':');
        String name = colon < 0 ? callId : callId.substring(0, colon);
        if (name.startsWith("functions.")) {
            name = name.substring("functions.".length());
        }
        return Scan.isName(name) ? name : null;
    }

    @Override
    public boolean supportsParallel() {
        return true;
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        // The call counter is bounded so that a weak model cannot spin on digits forever.
        return Gbnf.literal(CALL_BEGIN + "functions." + functionName + ":") + " [0-9]{1,3} " + Gbnf.literal(ARGUMENT_BEGIN)
                + " " + argumentsRule + " " + Gbnf.literal(CALL_END);
    }

    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        return JsonSectionFormat.sequence(SECTION_BEGIN, Gbnf.choice(callExprs), "", SECTION_END, parallel);
    }
}
