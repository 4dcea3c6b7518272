package dev.hearth.engine.grammar;

/** A GBNF grammar that llama.cpp would reject, with the 1-based line and column of the problem. */
public final class GrammarSyntaxException extends RuntimeException {
    private final int line;
    private final int column;

    public GrammarSyntaxException(String problem, int line, int column) {
        super(problem + " at line " + line + ", column " + column);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
