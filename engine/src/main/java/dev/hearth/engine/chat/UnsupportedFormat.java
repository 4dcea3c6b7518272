package dev.hearth.engine.chat;

import java.util.List;

/** A template whose tool-call syntax Hearth does not know (or that has none): output is all content. */
final class UnsupportedFormat implements ToolCallFormat {

    private final String family;

    UnsupportedFormat(String family) {
        this.family = family;
    }

    @Override
    public String family() {
        return family;
    }

    @Override
    public boolean supportsTools() {
        return false;
    }

    @Override
    public boolean supportsParallel() {
        return false;
    }

    @Override
    public boolean supportsForcedCalls() {
        return false;
    }

    @Override
    public ParsedOutput parse(String text) {
        return new ParsedOutput(text, List.of());
    }

    @Override
    public StreamParser newStreamParser() {
        return new StreamParser() {
            @Override
            public List<Delta> accept(String textDelta) {
                return textDelta.isEmpty() ? List.of() : List.of(new Delta.Content(textDelta));
            }

            @Override
            public List<Delta> finish() {
                return List.of();
            }
        };
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        throw new UnsupportedOperationException(ToolCallFormats.NOT_SUPPORTED);
    }

    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        throw new UnsupportedOperationException(ToolCallFormats.NOT_SUPPORTED);
    }
}
