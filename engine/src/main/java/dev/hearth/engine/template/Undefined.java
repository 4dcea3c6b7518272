package dev.hearth.engine.template;

/** jinja2.Undefined: prints as "", iterates as empty, is falsy; attribute or item access, arithmetic and calls raise. */
final class Undefined {
    private final String hint;
    private final String errorClass;

    private Undefined(String hint, String errorClass) {
        this.hint = hint;
        this.errorClass = errorClass;
    }

    static Undefined name(String name) {
        return new Undefined("'" + name + "' is undefined", "UndefinedError");
    }

    static Undefined attribute(Object owner, String name) {
        return new Undefined("'" + Py.typeRepr(owner) + "' has no attribute '" + name + "'", "UndefinedError");
    }

    static Undefined element(Object owner, Object key) {
        return new Undefined(Py.typeRepr(owner) + " has no element " + Py.repr(key), "UndefinedError");
    }

    static Undefined unsafe(Object owner, String name) {
        return new Undefined("access to attribute '" + name + "' of '" + Py.typeName(owner) + "' object is unsafe.",
                "SecurityError");
    }

    static Undefined hint(String hint) {
        return new Undefined(hint, "UndefinedError");
    }

    TemplateException error() {
        return new TemplateException(errorClass, hint);
    }

    @Override
    public String toString() {
        return "";
    }
}
