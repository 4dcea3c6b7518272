package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Calls written as JSON objects ({@code {"name": …, "arguments": {…}}}) or arrays of them after an opening marker,
 * up to a closing marker where the family has one: Hermes/Qwen {@code <tool_call>}, Llama 3.x, firefunction,
 * Granite, Nemotron, Apriel, MiniMax-M1, GigaChat, Command R7B.
 */
class JsonSectionFormat extends SectionFormat {

    /** A marker that opens a section: {@code skip} characters of it are not part of the JSON that follows. */
    record Opening(Trigger trigger, int skip, String close) {
        static Opening of(String marker, String close) {
            return new Opening(Trigger.literal(marker), marker.length(), close);
        }
    }

    /** How the family writes a call and a run of calls, for grammars. */
    record Syntax(String callPrefix, String nameKey, String argumentsKey, String callSuffix,
                  String sectionOpen, String separator, String sectionClose, boolean parallel) {}

    private final List<Opening> openings;
    private final List<String> nameKeys;
    private final List<String> argumentKeys;
    private final Syntax syntax;

    JsonSectionFormat(String family, List<Opening> openings, List<String> nameKeys, List<String> argumentKeys,
                      Syntax syntax) {
        super(family, openings.stream().map(Opening::trigger).toList());
        this.openings = List.copyOf(openings);
        this.nameKeys = List.copyOf(nameKeys);
        this.argumentKeys = List.copyOf(argumentKeys);
        this.syntax = syntax;
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        Opening opening = openings.stream().filter(o -> o.trigger() == trigger).findFirst().orElseThrow();
        int pos = start + opening.skip();
        List<RawCall> calls = new ArrayList<>();
        while (true) {
            pos = Scan.skipWhitespace(text, pos);
            if (opening.close() != null && !calls.isEmpty()) {
                int closed = Scan.expect(text, pos, opening.close());
                if (closed >= 0) {
                    return new Section.Complete(calls, closed);
                }
                if (closed == Scan.INCOMPLETE) {
                    return Section.INCOMPLETE;
                }
            }
            int end = Json.valueEnd(text, pos);
            if (end < 0) {
                return Scan.outcome(end);
            }
            if (!addJsonCalls(Json.read(text.substring(pos, end)), nameKeys, argumentKeys, calls)) {
                return Section.MALFORMED;
            }
            pos = end;
            if (opening.close() == null) {
                return new Section.Complete(calls, pos);
            }
        }
    }

    @Override
    public boolean supportsParallel() {
        return syntax.parallel();
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        String head = syntax.callPrefix() + "{\"" + syntax.nameKey() + "\": " + Json.quote(functionName) + ", \""
                + syntax.argumentsKey() + "\": ";
        return Gbnf.literal(head) + " " + argumentsRule + " " + Gbnf.literal("}" + syntax.callSuffix());
    }

    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        return sequence(syntax.sectionOpen(), Gbnf.choice(callExprs), syntax.separator(), syntax.sectionClose(),
                parallel && syntax.parallel());
    }

    /** {@code open call (separator call)* close}, or one call, leaving out empty literals. */
    static String sequence(String open, String call, String separator, String close, boolean repeated) {
        List<String> parts = new ArrayList<>();
        if (!open.isEmpty()) {
            parts.add(Gbnf.literal(open));
        }
        parts.add(call);
        if (repeated) {
            parts.add("(" + (separator.isEmpty() ? "" : Gbnf.literal(separator) + " ") + call + ")*");
        }
        if (!close.isEmpty()) {
            parts.add(Gbnf.literal(close));
        }
        return String.join(" ", parts);
    }
}
