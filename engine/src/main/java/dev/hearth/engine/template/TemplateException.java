package dev.hearth.engine.template;

/**
 * A chat template failed to parse or render. {@link #pythonClass()} names the exception jinja2 would raise
 * (TemplateSyntaxError, TemplateError for {@code raise_exception}, TypeError, UndefinedError, SecurityError, ...).
 * For {@code raise_exception} the message is exactly the template's text; other messages name the template line.
 */
public final class TemplateException extends RuntimeException {
    private final String pythonClass;
    private final String detail;
    private final int line;

    public TemplateException(String pythonClass, String detail) {
        this(pythonClass, detail, 0);
    }

    private TemplateException(String pythonClass, String detail, int line) {
        super(message(pythonClass, detail, line), null, false, false);
        this.pythonClass = pythonClass;
        this.detail = detail;
        this.line = line;
    }

    private static String message(String pythonClass, String detail, int line) {
        if (pythonClass.equals("TemplateError")) {
            return detail;
        }
        return pythonClass + ": " + detail + (line > 0 ? " (template line " + line + ")" : "");
    }

    public String pythonClass() {
        return pythonClass;
    }

    /** The message without class name or line: what Python's {@code str(e)} would give. */
    public String detail() {
        return detail;
    }

    /** The template line the error was raised at, or 0 when unknown. */
    public int line() {
        return line;
    }

    TemplateException atLine(int templateLine) {
        return line > 0 || templateLine <= 0 ? this : new TemplateException(pythonClass, detail, templateLine);
    }

    static TemplateException type(String detail) {
        return new TemplateException("TypeError", detail);
    }

    static TemplateException syntax(String detail, int line) {
        return new TemplateException("TemplateSyntaxError", detail, line);
    }
}
