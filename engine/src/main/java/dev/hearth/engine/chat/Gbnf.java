package dev.hearth.engine.chat;

/** Helpers for writing llama.cpp GBNF expressions. */
public final class Gbnf {
    private Gbnf() {}

    /** A GBNF string literal matching {@code text} exactly; non-ASCII characters stay raw UTF-8. */
    public static String literal(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** One choice among {@code alternatives}, parenthesised unless there is only one. */
    static String choice(java.util.List<String> alternatives) {
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("a tool-call grammar needs at least one call expression");
        }
        return alternatives.size() == 1 ? "(" + alternatives.getFirst() + ")" : "(" + String.join(" | ", alternatives) + ")";
    }
}
