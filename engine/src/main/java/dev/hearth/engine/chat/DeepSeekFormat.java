package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * DeepSeek's {@code <｜tool▁calls▁begin｜>} sections. R1 writes
 * {@code <｜tool▁call▁begin｜>function<｜tool▁sep｜>name\n```json\n{…}\n```<｜tool▁call▁end｜>} with calls separated
 * by a newline; V3.1 writes {@code <｜tool▁call▁begin｜>name<｜tool▁sep｜>{…}<｜tool▁call▁end｜>}. Both are read.
 */
final class DeepSeekFormat extends SectionFormat {

    static final String CALLS_BEGIN = "<｜tool▁calls▁begin｜>";
    static final String CALLS_END = "<｜tool▁calls▁end｜>";
    static final String CALL_BEGIN = "<｜tool▁call▁begin｜>";
    static final String CALL_END = "<｜tool▁call▁end｜>";
    static final String SEP = "<｜tool▁sep｜>";
    private static final String FENCE_OPEN = "```json";
    private static final String FENCE_CLOSE = "```";

    private final boolean r1;

    DeepSeekFormat(boolean r1) {
        super(r1 ? "deepseek-r1" : "deepseek-v3.1", List.of(Trigger.literal(CALLS_BEGIN)));
        this.r1 = r1;
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = start + CALLS_BEGIN.length();
        List<RawCall> calls = new ArrayList<>();
        while (true) {
            pos = Scan.skipWhitespace(text, pos);
            if (!calls.isEmpty()) {
                int end = Scan.expect(text, pos, CALLS_END);
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
            int sep = text.indexOf(SEP, pos);
            if (sep < 0) {
                return text.indexOf(CALL_END, pos) >= 0 ? Section.MALFORMED : Section.INCOMPLETE;
            }
            String head = text.substring(pos, sep).strip();
            pos = sep + SEP.length();
            String name;
            if (head.equals("function")) {
                int newline = text.indexOf('\n', pos);
                if (newline < 0) {
                    return Scan.isName(text.substring(pos).strip()) || text.substring(pos).isBlank()
                            ? Section.INCOMPLETE : Section.MALFORMED;
                }
                name = text.substring(pos, newline).strip();
                pos = Scan.skipWhitespace(text, newline);
                int fence = Scan.expect(text, pos, FENCE_OPEN);
                if (fence == Scan.INCOMPLETE) {
                    return Section.INCOMPLETE;
                }
                pos = Scan.skipWhitespace(text, fence >= 0 ? fence : pos);
            } else {
                name = head;
                pos = Scan.skipWhitespace(text, pos);
            }
            if (!Scan.isName(name)) {
                return Section.MALFORMED;
            }
            int end = Json.valueEnd(text, pos);
            if (end < 0) {
                return Scan.outcome(end);
            }
            String arguments = Json.argumentsObject(Json.read(text.substring(pos, end)));
            if (arguments == null) {
                return Section.MALFORMED;
            }
            pos = Scan.skipWhitespace(text, end);
            int fence = Scan.expect(text, pos, FENCE_CLOSE);
            if (fence == Scan.INCOMPLETE) {
                return Section.INCOMPLETE;
            }
            pos = Scan.skipWhitespace(text, fence >= 0 ? fence : pos);
            pos = Scan.expect(text, pos, CALL_END);
            if (pos < 0) {
                return Scan.outcome(pos);
            }
            calls.add(new RawCall(name, arguments));
        }
    }

    @Override
    public boolean supportsParallel() {
        return true;
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        if (r1) {
            return Gbnf.literal(CALL_BEGIN + "function" + SEP + functionName + "\n```json\n") + " " + argumentsRule + " "
                    + Gbnf.literal("\n```" + CALL_END);
        }
        return Gbnf.literal(CALL_BEGIN + functionName + SEP) + " " + argumentsRule + " " + Gbnf.literal(CALL_END);
    }

    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        return JsonSectionFormat.sequence(CALLS_BEGIN, Gbnf.choice(callExprs), r1 ? "\n" : "", CALLS_END, parallel);
    }
}
