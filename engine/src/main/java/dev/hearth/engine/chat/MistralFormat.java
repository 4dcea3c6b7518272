package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Mistral's {@code [TOOL_CALLS]}: either followed by a JSON array of calls (Mistral 7B v0.3, Nemo) or, in
 * Mistral-Small-3.2/Devstral/Magistral templates, one {@code [TOOL_CALLS]name[CALL_ID]id[ARGS]{…}} per call.
 */
final class MistralFormat extends SectionFormat {

    private static final String MARKER = "[TOOL_CALLS]";
    private static final String CALL_ID = "[CALL_ID]";
    private static final String ARGS = "[ARGS]";

    enum Variant { JSON_ARRAY, NAME_ARGS, NAME_CALL_ID_ARGS }

    private final Variant variant;

    MistralFormat(Variant variant) {
        super(switch (variant) {
            case JSON_ARRAY -> "mistral";
            case NAME_ARGS -> "mistral-args";
            case NAME_CALL_ID_ARGS -> "mistral-call-id-args";
        }, List.of(Trigger.literal(MARKER)));
        this.variant = variant;
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = Scan.skipWhitespace(text, start + MARKER.length());
        if (pos == text.length()) {
            return Section.INCOMPLETE;
        }
        if (text.charAt(pos) == '[') {
            int end = Json.valueEnd(text, pos);
            if (end < 0) {
                return Scan.outcome(end);
            }
            List<RawCall> calls = new ArrayList<>();
            boolean ok = addJsonCalls(Json.read(text.substring(pos, end)), List.of("name"),
                    List.of("arguments", "parameters"), calls);
            return ok ? new Section.Complete(calls, end) : Section.MALFORMED;
        }
        int nameEnd = pos;
        while (nameEnd < text.length() && text.charAt(nameEnd) != '[') {
            nameEnd++;
        }
        String name = text.substring(pos, nameEnd);
        if (!name.isEmpty() && !Scan.isName(name)) {
            return Section.MALFORMED;
        }
        if (nameEnd == text.length()) {
            return Section.INCOMPLETE;
        }
        if (name.isEmpty()) {
            return Section.MALFORMED;
        }
        pos = nameEnd;
        int afterCallId = Scan.expect(text, pos, CALL_ID);
        if (afterCallId == Scan.INCOMPLETE) {
            return Section.INCOMPLETE;
        }
        if (afterCallId >= 0) {
            pos = afterCallId;
            while (pos < text.length() && Character.isLetterOrDigit(text.charAt(pos))) {
                pos++;
            }
        }
        int afterArgs = Scan.expect(text, pos, ARGS);
        if (afterArgs < 0) {
            return Scan.outcome(afterArgs);
        }
        pos = Scan.skipWhitespace(text, afterArgs);
        int end = Json.valueEnd(text, pos);
        if (end < 0) {
            return Scan.outcome(end);
        }
        String arguments = Json.argumentsObject(Json.read(text.substring(pos, end)));
        return arguments == null ? Section.MALFORMED : new Section.Complete(List.of(new RawCall(name, arguments)), end);
    }

    @Override
    public boolean supportsParallel() {
        return true;
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        return switch (variant) {
            case JSON_ARRAY -> Gbnf.literal("{\"name\": " + Json.quote(functionName) + ", \"arguments\": ") + " "
                    + argumentsRule + " " + Gbnf.literal("}");
            case NAME_ARGS -> Gbnf.literal(MARKER + functionName + ARGS) + " " + argumentsRule;
            // Mistral call ids are nine alphanumerics.
            case NAME_CALL_ID_ARGS -> Gbnf.literal(MARKER + functionName + CALL_ID) + " [a-zA-Z0-9]{9} "
                    + Gbnf.literal(ARGS) + " " + argumentsRule;
        };
    }

    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        String call = Gbnf.choice(callExprs);
        return variant == Variant.JSON_ARRAY
                ? JsonSectionFormat.sequence(MARKER + "[", call, ", ", "]", parallel)
                : JsonSectionFormat.sequence("", call, "", "", parallel);
    }
}
