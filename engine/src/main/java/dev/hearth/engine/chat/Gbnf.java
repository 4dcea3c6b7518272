package dev.hearth.engine.chat;

import dev.hearth.engine.grammar.GbnfBuilder;

/** Helpers for writing llama.cpp GBNF expressions. */
public final class Gbnf {
    private Gbnf() {}

    /** A GBNF string literal matching {@code text} exactly. */
    public static String literal(String text) {
        return GbnfBuilder.literal(text);
    }

    /** One choice among {@code alternatives}, parenthesised unless there is only one. */
    static String choice(java.util.List<String> alternatives) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("a tool-call grammar needs at least one call expression");
        }
        return alternatives.size() == 1 ? "(" + alternatives.getFirst() + ")" : "(" + String.join(" | ", alternatives) + ")";
    }
}
