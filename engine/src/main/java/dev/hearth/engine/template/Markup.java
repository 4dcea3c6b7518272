package dev.hearth.engine.template;

/**
 * markupsafe.Markup, what {@code |safe} and {@code |escape} return: a string that HTML-escapes whatever plain string
 * is added to it with {@code +}. Everywhere else it behaves as its text.
 */
record Markup(String text) {
    static Markup of(Object value) {
        return value instanceof Markup m ? m : new Markup(Py.str(value));
    }

    static Markup escape(Object value) {
        return value instanceof Markup m ? m : new Markup(Filters.escape(Py.str(value)));
    }

    @Override
    public String toString() {
        return text;
    }
}
