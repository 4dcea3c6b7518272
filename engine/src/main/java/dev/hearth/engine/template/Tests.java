package dev.hearth.engine.template;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** jinja2's builtin tests ({@code x is name}). */
final class Tests {
    @FunctionalInterface
    interface Impl {
        boolean test(Object value, List<Object> args);
    }

    private static final Map<String, Impl> TESTS = new HashMap<>();

    static {
        TESTS.put("defined", (v, a) -> !(v instanceof Undefined));
        TESTS.put("undefined", (v, a) -> v instanceof Undefined);
        TESTS.put("none", (v, a) -> v == null);
        TESTS.put("string", (v, a) -> v instanceof String || v instanceof Markup);
        TESTS.put("number", (v, a) -> Py.isNumeric(v));
        TESTS.put("integer", (v, a) -> Py.isInt(v));
        TESTS.put("float", (v, a) -> Py.isFloat(v));
        TESTS.put("boolean", (v, a) -> v instanceof Boolean);
        TESTS.put("true", (v, a) -> Boolean.TRUE.equals(v));
        TESTS.put("false", (v, a) -> Boolean.FALSE.equals(v));
        TESTS.put("mapping", (v, a) -> v instanceof Map<?, ?>);
        TESTS.put("iterable", (v, a) -> Py.isIterable(v));
        TESTS.put("sequence", (v, a) -> v instanceof String || v instanceof Markup || v instanceof List<?> || v instanceof Map<?, ?>
                || v instanceof Undefined);
        TESTS.put("callable", (v, a) -> v instanceof PyCallable);
        TESTS.put("odd", (v, a) -> Py.toLong(number(v)) % 2 != 0);
        TESTS.put("even", (v, a) -> Py.toLong(number(v)) % 2 == 0);
        TESTS.put("divisibleby", (v, a) -> Py.toLong(number(v)) % Py.toLong(number(arg(a))) == 0);
        TESTS.put("lower", (v, a) -> (Boolean) StrMethods.call(Py.str(v), "islower", List.of(), Map.of()));
        TESTS.put("upper", (v, a) -> (Boolean) StrMethods.call(Py.str(v), "isupper", List.of(), Map.of()));
        TESTS.put("escaped", (v, a) -> v instanceof Markup);
        TESTS.put("sameas", (v, a) -> sameAs(v, arg(a)));
        TESTS.put("in", (v, a) -> Py.contains(arg(a), v));
        TESTS.put("filter", (v, a) -> v instanceof String s && Filters.get(s) != null);
        TESTS.put("test", (v, a) -> v instanceof String s && TESTS.containsKey(s));
        Impl eq = (v, a) -> Py.eq(v, arg(a));
        TESTS.put("eq", eq);
        TESTS.put("equalto", eq);
        TESTS.put("==", eq);
        Impl ne = (v, a) -> !Py.eq(v, arg(a));
        TESTS.put("ne", ne);
        TESTS.put("!=", ne);
        for (String[] op : new String[][] {{"lt", "<"}, {"le", "<="}, {"gt", ">"}, {"ge", ">="}}) {
            Impl cmp = (v, a) -> Expr.Compare.compare(op[1], v, arg(a));
            TESTS.put(op[0], cmp);
            TESTS.put(op[1], cmp);
        }
        TESTS.put("lessthan", TESTS.get("lt"));
        TESTS.put("greaterthan", TESTS.get("gt"));
    }

    private Tests() {}

    static Impl get(String name) {
        return TESTS.get(name);
    }

    private static Object arg(List<Object> args) {
        if (args.isEmpty()) {
            throw TemplateException.type("test expects an argument");
        }
        return args.get(0);
    }

    private static Object number(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
        if (!Py.isNumeric(v)) {
            throw TemplateException.type("not all arguments converted during string formatting");
        }
        return v;
    }

    /** Python's {@code is}: identity, which for equal small constants (None, booleans, interned strings, ints) is equality. */
    private static boolean sameAs(Object a, Object b) {
        if (a == b) {
            return true;
        }
        if (a instanceof String || a instanceof Boolean || Py.isInt(a)) {
            return a.getClass() == (b == null ? null : b.getClass()) && a.equals(b);
        }
        return false;
    }
}
