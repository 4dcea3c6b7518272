package dev.hearth.engine.chat;

import java.util.List;

/** How one model family writes tool calls: reading them back from output and constraining forced calls. */
public interface ToolCallFormat {

    /** A short name of the family, e.g. {@code hermes}. */
    String family();

    /** False when the template's way of calling tools is unknown to Hearth, or it has none. */
    boolean supportsTools();

    boolean supportsParallel();

    /**
     * Whether {@link #callGrammar} can force a call: true for families whose arguments are one JSON object.
     * Families that write each parameter separately (XML-style) need per-parameter grammars, not built here.
     */
    boolean supportsForcedCalls();

    ParsedOutput parse(String text);

    StreamParser newStreamParser();

    /**
     * GBNF expression producing exactly one call of {@code functionName} in the family's syntax, where
     * {@code argumentsRule} names a rule producing the arguments JSON object.
     */
    String callGrammar(String functionName, String argumentsRule);

    /** GBNF expression for the whole output: one of {@code callExprs}, or one or more of them when parallel. */
    String callsGrammar(List<String> callExprs, boolean parallel);
}
