package dev.hearth.engine.template;

/** One lexer token: template text, a tag delimiter, or a piece of an expression. */
record Token(Kind kind, String text, Object value, int line) {
    enum Kind { DATA, VAR_BEGIN, VAR_END, BLOCK_BEGIN, BLOCK_END, NAME, STRING, INT, FLOAT, OP, EOF }

    boolean isName(String name) {
        return kind == Kind.NAME && text.equals(name);
    }

    boolean isOp(String op) {
        return kind == Kind.OP && text.equals(op);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of template";
            case VAR_END -> "end of print statement";
            case BLOCK_END -> "end of statement block";
            case DATA -> "template data";
            default -> "'" + text + "'";
        };
    }
}
