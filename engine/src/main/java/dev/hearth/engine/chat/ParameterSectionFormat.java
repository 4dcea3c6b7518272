package dev.hearth.engine.chat;

import java.util.List;

/**
 * Families that write each argument as its own tagged value rather than one JSON object. Values are read as JSON
 * when they parse as JSON and as strings otherwise. Forcing a call would need a grammar per parameter, which the
 * JSON-object argument rule cannot provide, so {@link #callGrammar} refuses.
 */
abstract class ParameterSectionFormat extends SectionFormat {

    ParameterSectionFormat(String family, List<Trigger> triggers) {
        super(family, triggers);
    }

    @Override
    public boolean supportsParallel() {
        return true;
    }

    @Override
    public boolean supportsForcedCalls() {
        return false;
    }

    @Override
    public String callGrammar(String functionName, String argumentsRule) {
        throw new UnsupportedOperationException("forced tool calls are not supported for the " + family()
                + " tool-call format (arguments are written per parameter, not as one JSON object)");
    }

    @Override
    public String callsGrammar(List<String> callExprs, boolean parallel) {
        throw new UnsupportedOperationException("forced tool calls are not supported for the " + family()
                + " tool-call format (arguments are written per parameter, not as one JSON object)");
    }

    /** The value between tags, without the one newline the templates put on each side. */
    static String untagged(String raw) {
        String value = raw.startsWith("\n") ? raw.substring(1) : raw;
        return value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
    }
}
