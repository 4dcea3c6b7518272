package dev.hearth.engine.chat;

import java.util.List;

/** Functionary v3.1 (Llama 3.1 based): {@code <function=name>{…}</function>}, calls written back to back. */
final class FunctionaryFormat extends SectionFormat {

    private static final String OPEN = "<function=";
    private static final String CLOSE = "</function>";

    FunctionaryFormat() {
        super("functionary-v3.1", List.of(Trigger.literal(OPEN)));
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = start + OPEN.length();
        int nameEnd = text.indexOf('>', pos);
        if (nameEnd < 0) {
            return Scan.isName(text.substring(pos)) || pos == text.length() ? Section.INCOMPLETE : Section.MALFORMED;
        }
        String name = text.substring(pos, nameEnd);
        if (!Scan.isName(name)) {
            return Section.MALFORMED;
        }
        pos = Scan.skipWhitespace(text, nameEnd + 1);
        int end = Json.valueEnd(text, pos);
        if (end < 0) {
            return Scan.outcome(end);
        }
        String arguments = Json.argumentsObject(Json.read(text.substring(pos, end)));
        if (arguments == null) {
            return Section.MALFORMED;
        }
        int closed = Scan.expect(text, Scan.skipWhitespace(text, end), CLOSE);
        return closed < 0 ? Scan.outcome(closed) : new Section.Complete(List.of(new RawCall(name, arguments)), closed);
    }

    @Override
    public boolean supportsParallel() {
        return true;
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        return Gbnf.literal(OPEN + functionName + ">") + " " + argumentsRule + " " + Gbnf.literal(CLOSE);
    }

    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        return JsonSectionFormat.sequence("", Gbnf.choice(callExprs), "", "", parallel);
    }
}
