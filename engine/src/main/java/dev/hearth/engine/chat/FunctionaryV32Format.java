package dev.hearth.engine.chat;

import java.util.List;

/**
 * Functionary v3.2: every part of the answer starts with {@code >>>recipient\n}, where the recipient {@code all}
 * means text for the user and any other name is a call whose JSON arguments follow. The generation prompt already
 * ends with the first {@code >>>}, so the output is read as if it began with one.
 */
final class FunctionaryV32Format extends SectionFormat {

    private static final String MARKER = ">>>";

    FunctionaryV32Format() {
        super("functionary-v3.2", List.of(Trigger.literal(MARKER)));
    }

    @Override
    Section readSection(String text, int start, Trigger trigger) {
        int pos = start + MARKER.length();
        int newline = text.indexOf('\n', pos);
        if (newline < 0) {
            String partial = text.substring(pos);
            return partial.isEmpty() || Scan.isName(partial) ? Section.INCOMPLETE : Section.MALFORMED;
        }
        String recipient = text.substring(pos, newline);
        if (recipient.equals("all")) {
            return new Section.Complete(List.of(), newline + 1);
        }
        if (!Scan.isName(recipient)) {
            return Section.MALFORMED;
        }
        pos = Scan.skipWhitespace(text, newline + 1);
        int end = Json.valueEnd(text, pos);
        if (end < 0) {
            return Scan.outcome(end);
        }
        String arguments = Json.argumentsObject(Json.read(text.substring(pos, end)));
        return arguments == null ? Section.MALFORMED : new Section.Complete(List.of(new RawCall(recipient, arguments)), end);
    }

    @Override
    public ParsedOutput parse(String text) {
        return super.parse(MARKER + text);
    }

    @Override
    public StreamParser newStreamParser() {
        StreamParser parser = super.newStreamParser();
        parser.accept(MARKER);
        return parser;
    }

    @Override
    public boolean supportsParallel() {
        return true;
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        return Gbnf.literal(functionName + "\n") + " " + argumentsRule;
    }

    /** The first recipient follows the prompt's {@code >>>}; later calls write their own. */
    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        return JsonSectionFormat.sequence("", Gbnf.choice(callExprs), MARKER, "", parallel);
    }
}
