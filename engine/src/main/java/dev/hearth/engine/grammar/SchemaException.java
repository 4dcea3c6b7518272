package dev.hearth.engine.grammar;

/** A JSON Schema that cannot be compiled to a grammar which enforces it; names the keyword and the schema's JSON pointer. */
public final class SchemaException extends RuntimeException {
    private final String keyword;
    private final String pointer;

    public SchemaException(String keyword, String pointer, String message) {
        super(message + " at " + (pointer.isEmpty() ? "the schema root" : pointer));
        this.keyword = keyword;
        this.pointer = pointer;
    }

    public static SchemaException unsupported(String keyword, String pointer) {
        return new SchemaException(keyword, pointer, "unsupported JSON Schema keyword '" + keyword + "'");
    }

    /** The JSON pointer of the schema that holds the keyword; empty for the root. */
    public String pointer() {
        return pointer;
    }

    public String keyword() {
        return keyword;
    }
}
