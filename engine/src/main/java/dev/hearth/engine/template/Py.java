package dev.hearth.engine.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Python value semantics over the plain Java objects Jackson produces (Map, List, String, Long, Double, Boolean, null). */
final class Py {
    private Py() {}

    // ---- types

    /** The plain value behind a Markup; everything else unchanged. */
    static Object plain(Object o) {
        return o instanceof Markup m ? m.text() : o;
    }

    static boolean isInt(Object o) {
        return o instanceof Long || o instanceof Integer || o instanceof BigInteger || o instanceof Short || o instanceof Byte;
    }

    static boolean isFloat(Object o) {
        return o instanceof Double || o instanceof Float || o instanceof BigDecimal;
    }

    /** int, float or bool (bool is an int subclass in Python). */
    static boolean isNumeric(Object o) {
        return isInt(o) || isFloat(o) || o instanceof Boolean;
    }

    /** A Python list (not a tuple, range or dict view, which Java also models as List). */
    static boolean isList(Object o) {
        return o instanceof List<?> && !(o instanceof Tuple) && !(o instanceof DictView) && !(o instanceof Range);
    }

    static long toLong(Object o) {
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) o).longValue();
    }

    static double toDouble(Object o) {
        if (o instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return ((Number) o).doubleValue();
    }

    static BigInteger toBig(Object o) {
        if (o instanceof BigInteger b) {
            return b;
        }
        return BigInteger.valueOf(toLong(o));
    }

    static Object normInt(BigInteger b) {
        return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }

    static String typeName(Object o) {
        if (o == null) {
            return "NoneType";
        }
        if (o instanceof Boolean) {
            return "bool";
        }
        if (isInt(o)) {
            return "int";
        }
        if (isFloat(o)) {
            return "float";
        }
        if (o instanceof String) {
            return "str";
        }
        if (o instanceof Markup) {
            return "Markup";
        }
        if (o instanceof Tuple) {
            return "tuple";
        }
        if (o instanceof DictView v) {
            return v.typeName();
        }
        if (o instanceof Range) {
            return "range";
        }
        if (o instanceof List<?>) {
            return "list";
        }
        if (o instanceof Map<?, ?>) {
            return "dict";
        }
        if (o instanceof Undefined) {
            return "Undefined";
        }
        if (o instanceof Namespace) {
            return "Namespace";
        }
        if (o instanceof LoopContext) {
            return "LoopContext";
        }
        if (o instanceof Macro) {
            return "Macro";
        }
        if (o instanceof PyIterator it) {
            return it.typeName();
        }
        return "builtin_function_or_method";
    }

    /** jinja2's object_type_repr, used in undefined messages. */
    static String typeRepr(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof Namespace) {
            return "jinja2.utils.Namespace object";
        }
        return typeName(o) + " object";
    }

    // ---- str() and repr()

    static String str(Object o) {
        if (o instanceof String s) {
            return s;
        }
        if (o instanceof Markup m) {
            return m.text();
        }
        if (o == null) {
            return "None";
        }
        if (o instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (o instanceof Undefined) {
            return "";
        }
        if (isInt(o)) {
            return o.toString();
        }
        if (isFloat(o)) {
            return floatRepr(((Number) o).doubleValue());
        }
        return repr(o);
    }

    static String repr(Object o) {
        StringBuilder sb = new StringBuilder();
        repr(o, sb);
        return sb.toString();
    }

    private static void repr(Object o, StringBuilder sb) {
        if (o instanceof Markup m) {
            sb.append("Markup(");
            stringRepr(m.text(), sb);
            sb.append(')');
        } else if (o instanceof String s) {
            stringRepr(s, sb);
        } else if (o instanceof Tuple t) {
            sb.append('(');
            for (int i = 0; i < t.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                repr(t.get(i), sb);
            }
            sb.append(t.size() == 1 ? ",)" : ")");
        } else if (o instanceof Range r) {
            sb.append(r);
        } else if (o instanceof DictView v) {
            sb.append(v.typeName()).append('(');
            repr(new ArrayList<>(v), sb);
            sb.append(')');
        } else if (o instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                repr(list.get(i), sb);
            }
            sb.append(']');
        } else if (o instanceof Map<?, ?> map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                repr(e.getKey(), sb);
                sb.append(": ");
                repr(e.getValue(), sb);
            }
            sb.append('}');
        } else if (o instanceof Namespace ns) {
            sb.append("<Namespace ");
            repr(ns.attributes, sb);
            sb.append('>');
        } else if (o instanceof PyIterator it) {
            sb.append('<').append(it.typeName()).append(" object>");
        } else if (o instanceof Macro m) {
            sb.append("<Macro '").append(m.name()).append("'>");
        } else if (o instanceof PyCallable) {
            sb.append("<built-in function>");
        } else if (o instanceof LoopContext) {
            sb.append("<LoopContext>");
        } else {
            sb.append(str(o));
        }
    }

    static void stringRepr(String s, StringBuilder sb) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        sb.append(quote);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp == quote || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (cp == '\n') {
                sb.append("\\n");
            } else if (cp == '\r') {
                sb.append("\\r");
            } else if (cp == '\t') {
                sb.append("\\t");
            } else if (cp < 0x20 || cp == 0x7f) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp < 0x7f || isPrintable(cp)) {
                sb.appendCodePoint(cp);
            } else if (cp <= 0xff) {
                sb.append(String.format("\\x%02x", cp));
            } else if (cp <= 0xffff) {
                sb.append(String.format("\\u%04x", cp));
            } else {
                sb.append(String.format("\\U%08x", cp));
            }
        }
        sb.append(quote);
    }

    private static boolean isPrintable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR -> false;
            default -> true;
        };
    }

    /** Python's repr(float): shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
    static String floatRepr(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        String sign = d < 0 ? "-" : "";
        if (exp >= -4 && exp < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.indexOf('.') < 0 ? plain + ".0" : plain);
        }
        String mantissa = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
        return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    // ---- truth, equality, ordering

    static boolean truthy(Object o) {
        o = plain(o);
        if (o == null || o instanceof Undefined) {
            return false;
        }
        if (o instanceof Boolean b) {
            return b;
        }
        if (o instanceof String s) {
            return !s.isEmpty();
        }
        if (isInt(o)) {
            return o instanceof BigInteger b ? b.signum() != 0 : ((Number) o).longValue() != 0;
        }
        if (isFloat(o)) {
            return ((Number) o).doubleValue() != 0;
        }
        if (o instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (o instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    static boolean eq(Object a, Object b) {
        a = plain(a);
        b = plain(b);
        if (a == b) {
            return true;
        }
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof String s) {
            return s.equals(b);
        }
        if (isNumeric(a) && isNumeric(b)) {
            if (isFloat(a) || isFloat(b)) {
                return toDouble(a) == toDouble(b);
            }
            if (a instanceof BigInteger || b instanceof BigInteger) {
                return toBig(a).equals(toBig(b));
            }
            return toLong(a) == toLong(b);
        }
        if (a instanceof Undefined || b instanceof Undefined) {
            return a instanceof Undefined && b instanceof Undefined;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if ((a instanceof Tuple) != (b instanceof Tuple) || la.size() != lb.size()) {
                return false;
            }
            for (int i = 0; i < la.size(); i++) {
                if (!eq(la.get(i), lb.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                if (!mb.containsKey(e.getKey()) || !eq(e.getValue(), mb.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Python's {@code <} family; raises TypeError for unorderable types. */
    static int compare(Object a, Object b, String op) {
        a = plain(a);
        b = plain(b);
        if (isNumeric(a) && isNumeric(b)) {
            if (isFloat(a) || isFloat(b)) {
                return Double.compare(toDouble(a), toDouble(b));
            }
            if (a instanceof BigInteger || b instanceof BigInteger) {
                return toBig(a).compareTo(toBig(b));
            }
            return Long.compare(toLong(a), toLong(b));
        }
        if (a instanceof String sa && b instanceof String sb) {
            return compareCodePoints(sa, sb);
        }
        if (a instanceof List<?> la && b instanceof List<?> lb && (a instanceof Tuple) == (b instanceof Tuple)) {
            for (int i = 0; i < Math.min(la.size(), lb.size()); i++) {
                if (!eq(la.get(i), lb.get(i))) {
                    return compare(la.get(i), lb.get(i), op);
                }
            }
            return Integer.compare(la.size(), lb.size());
        }
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
        throw TemplateException.type("'" + op + "' not supported between instances of '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }

    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    // ---- containers

    static int len(Object o) {
        o = plain(o);
        if (o instanceof String s) {
            return s.codePointCount(0, s.length());
        }
        if (o instanceof Collection<?> c) {
            return c.size();
        }
        if (o instanceof Map<?, ?> m) {
            return m.size();
        }
        if (o instanceof Undefined) {
            return 0;
        }
        throw TemplateException.type("object of type '" + typeName(o) + "' has no len()");
    }

    /** Everything {@code iter(o)} yields, materialised. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        List<Object> out = new ArrayList<>();
        Iterator<Object> it = iter(o);
        while (it.hasNext()) {
            out.add(it.next());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Iterator<Object> iter(Object o) {
        o = plain(o);
        if (o instanceof Iterable<?> it) {
            return (Iterator<Object>) it.iterator();
        }
        if (o instanceof Map<?, ?> m) {
            return (Iterator<Object>) m.keySet().iterator();
        }
        if (o instanceof String s) {
            return codePoints(s).iterator();
        }
        if (o instanceof Undefined) {
            return java.util.Collections.emptyIterator();
        }
        throw TemplateException.type("'" + typeName(o) + "' object is not iterable");
    }

    static boolean isIterable(Object o) {
        return o instanceof Markup || o instanceof Iterable<?> || o instanceof Map<?, ?> || o instanceof String || o instanceof Undefined;
    }

    static List<Object> codePoints(String s) {
        List<Object> out = new ArrayList<>(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            out.add(s.substring(i, i + n));
            i += n;
        }
        return out;
    }

    static boolean contains(Object container, Object item) {
        container = plain(container);
        item = plain(item);
        if (container instanceof String s) {
            if (item instanceof String needle) {
                return s.contains(needle);
            }
            throw TemplateException.type("'in <string>' requires string as left operand, not " + typeName(item));
        }
        if (container instanceof Map<?, ?> m) {
            return m.containsKey(dictKey(item));
        }
        if (container instanceof Undefined) {
            return false;
        }
        if (container == null || !isIterable(container)) {
            throw TemplateException.type("argument of type '" + typeName(container) + "' is not iterable");
        }
        Iterator<Object> it = iter(container);
        while (it.hasNext()) {
            if (eq(it.next(), item)) {
                return true;
            }
        }
        return false;
    }

    /** Normalises a key the way Python hashing would unify it (1 == 1.0 == True is not needed by templates). */
    static Object dictKey(Object key) {
        key = plain(key);
        if (key instanceof Integer || key instanceof Short || key instanceof Byte) {
            return ((Number) key).longValue();
        }
        return key;
    }

    // ---- attribute and item access (jinja2 sandbox semantics)

    /** {@code obj.name}: Python attribute first, then item; Undefined when neither exists. */
    static Object getattr(Object obj, String name) {
        obj = plain(obj);
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (name.startsWith("_")) {
            return Undefined.unsafe(obj, name);
        }
        Object attr = Methods.attribute(obj, name);
        if (attr != Methods.NONE) {
            return attr;
        }
        if (obj instanceof Map<?, ?> m) {
            Object v = m.get(name);
            if (v != null || m.containsKey(name)) {
                return v;
            }
        }
        return Undefined.attribute(obj, name);
    }

    /** {@code obj[key]}: item first, then (for string keys) attribute; Undefined when neither exists. */
    static Object getitem(Object obj, Object key) {
        obj = plain(obj);
        key = plain(key);
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        if (obj instanceof Map<?, ?> m) {
            Object k = dictKey(key);
            Object v = m.get(k);
            if (v != null || m.containsKey(k)) {
                return v;
            }
        } else if (obj instanceof List<?> l && (isInt(key) || key instanceof Boolean)) {
            long i = toLong(key);
            if (i < 0) {
                i += l.size();
            }
            if (i >= 0 && i < l.size()) {
                return l.get((int) i);
            }
        } else if (obj instanceof String s && (isInt(key) || key instanceof Boolean)) {
            long i = toLong(key);
            int n = len(s);
            if (i < 0) {
                i += n;
            }
            if (i >= 0 && i < n) {
                int start = s.offsetByCodePoints(0, (int) i);
                return s.substring(start, s.offsetByCodePoints(start, 1));
            }
        }
        if (key instanceof String name && !name.startsWith("_")) {
            Object attr = Methods.attribute(obj, name);
            if (attr != Methods.NONE) {
                return attr;
            }
        }
        if (key instanceof String name && !(obj instanceof Map<?, ?>) && !(obj instanceof List<?>) && !(obj instanceof String)
                && obj != null) {
            return Undefined.attribute(obj, name);
        }
        return Undefined.element(obj, key);
    }

    /** Python slicing {@code obj[start:stop:step]} on str, list and tuple. */
    static Object slice(Object obj, Object start, Object stop, Object step) {
        obj = plain(obj);
        if (obj instanceof Undefined u) {
            throw u.error();
        }
        long st = step == null ? 1 : toLong(step);
        if (st == 0) {
            throw new TemplateException("ValueError", "slice step cannot be zero");
        }
        if (obj instanceof String s) {
            List<Object> cps = null;
            boolean bmp = s.length() == s.codePointCount(0, s.length());
            int n = bmp ? s.length() : (cps = codePoints(s)).size();
            int[] idx = sliceIndices(n, start, stop, st);
            if (st == 1 && bmp) {
                return idx.length == 0 ? "" : s.substring(idx[0], idx[0] + idx.length);
            }
            StringBuilder sb = new StringBuilder();
            for (int i : idx) {
                if (bmp) {
                    sb.append(s.charAt(i));
                } else {
                    sb.append((String) cps.get(i));
                }
            }
            return sb.toString();
        }
        if (obj instanceof List<?> l) {
            int[] idx = sliceIndices(l.size(), start, stop, st);
            List<Object> out = new ArrayList<>(idx.length);
            for (int i : idx) {
                out.add(l.get(i));
            }
            return obj instanceof Tuple ? new Tuple(out) : out;
        }
        return Undefined.element(obj, "slice");
    }

    private static int[] sliceIndices(int n, Object startObj, Object stopObj, long step) {
        long start;
        long stop;
        if (step > 0) {
            start = startObj == null ? 0 : clampIndex(toLong(startObj), n, 0, n);
            stop = stopObj == null ? n : clampIndex(toLong(stopObj), n, 0, n);
        } else {
            start = startObj == null ? n - 1 : clampIndex(toLong(startObj), n, -1, n - 1);
            stop = stopObj == null ? -1 : clampIndex(toLong(stopObj), n, -1, n - 1);
        }
        int count = step > 0 ? (int) Math.max(0, (stop - start + step - 1) / step)
                : (int) Math.max(0, (start - stop + (-step) - 1) / (-step));
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = (int) (start + i * step);
        }
        return out;
    }

    private static long clampIndex(long i, int n, long low, long high) {
        if (i < 0) {
            i += n;
        }
        return Math.max(low, Math.min(high, i));
    }

    // ---- arithmetic

    static Object add(Object a, Object b) {
        failIfUndefined(a, b);
        if (a instanceof Markup m && (b instanceof String || b instanceof Markup)) {
            return new Markup(m.text() + Markup.escape(b).text());
        }
        if (b instanceof Markup m && a instanceof String) {
            return new Markup(Markup.escape(a).text() + m.text());
        }
        a = plain(a);
        b = plain(b);
        if (a instanceof String sa && b instanceof String sb) {
            return sa + sb;
        }
        if (isNumeric(a) && isNumeric(b)) {
            if (isFloat(a) || isFloat(b)) {
                return toDouble(a) + toDouble(b);
            }
            return normInt(toBig(a).add(toBig(b)));
        }
        if (a instanceof List<?> la && b instanceof List<?> lb
                && (a instanceof Tuple ? b instanceof Tuple : isList(a) && isList(b))) {
            List<Object> out = new ArrayList<>(la.size() + lb.size());
            out.addAll(la);
            out.addAll(lb);
            return a instanceof Tuple ? new Tuple(out) : out;
        }
        if (a instanceof String) {
            throw TemplateException.type("can only concatenate str (not \"" + typeName(b) + "\") to str");
        }
        if (a instanceof List<?> && !(a instanceof Tuple)) {
            throw TemplateException.type("can only concatenate list (not \"" + typeName(b) + "\") to list");
        }
        throw unsupported("+", a, b);
    }

    static Object arithmetic(String op, Object a, Object b) {
        failIfUndefined(a, b);
        a = plain(a);
        b = plain(b);
        if (op.equals("*")) {
            if (a instanceof String s && (isInt(b) || b instanceof Boolean)) {
                return s.repeat((int) Math.max(0, toLong(b)));
            }
            if (b instanceof String s && (isInt(a) || a instanceof Boolean)) {
                return s.repeat((int) Math.max(0, toLong(a)));
            }
            if (a instanceof List<?> l && (isInt(b) || b instanceof Boolean)) {
                List<Object> out = new ArrayList<>();
                for (long i = 0; i < toLong(b); i++) {
                    out.addAll(l);
                }
                return a instanceof Tuple ? new Tuple(out) : out;
            }
        }
        if (op.equals("%") && a instanceof String s) {
            return Formatter.percent(s, b);
        }
        if (!isNumeric(a) || !isNumeric(b)) {
            throw unsupported(op, a, b);
        }
        boolean floats = isFloat(a) || isFloat(b);
        switch (op) {
            case "-":
                return floats ? (Object) (toDouble(a) - toDouble(b)) : normInt(toBig(a).subtract(toBig(b)));
            case "*":
                return floats ? (Object) (toDouble(a) * toDouble(b)) : normInt(toBig(a).multiply(toBig(b)));
            case "/":
                if (toDouble(b) == 0) {
                    throw new TemplateException("ZeroDivisionError", "division by zero");
                }
                return toDouble(a) / toDouble(b);
            case "//":
                if (toDouble(b) == 0) {
                    throw new TemplateException("ZeroDivisionError", "integer division or modulo by zero");
                }
                if (floats) {
                    return Math.floor(toDouble(a) / toDouble(b));
                }
                return normInt(floorDiv(toBig(a), toBig(b)));
            case "%":
                if (toDouble(b) == 0) {
                    throw new TemplateException("ZeroDivisionError", "integer division or modulo by zero");
                }
                if (floats) {
                    double x = toDouble(a);
                    double y = toDouble(b);
                    double m = x % y;
                    return m != 0 && (m < 0) != (y < 0) ? m + y : m;
                }
                BigInteger y = toBig(b);
                BigInteger m = toBig(a).mod(y.abs());
                return normInt(y.signum() < 0 && m.signum() != 0 ? m.add(y) : m);
            case "**":
                if (!floats && toLong(b) >= 0) {
                    return normInt(toBig(a).pow((int) toLong(b)));
                }
                return Math.pow(toDouble(a), toDouble(b));
            default:
                throw unsupported(op, a, b);
        }
    }

    private static BigInteger floorDiv(BigInteger a, BigInteger b) {
        BigInteger[] qr = a.divideAndRemainder(b);
        return qr[1].signum() != 0 && (qr[1].signum() != b.signum()) ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    static Object negate(Object a) {
        failIfUndefined(a, 0L);
        if (isFloat(a)) {
            return -toDouble(a);
        }
        if (isNumeric(a)) {
            return normInt(toBig(a).negate());
        }
        throw TemplateException.type("bad operand type for unary -: '" + typeName(a) + "'");
    }

    private static void failIfUndefined(Object a, Object b) {
        if (a instanceof Undefined u) {
            throw u.error();
        }
        if (b instanceof Undefined u) {
            throw u.error();
        }
    }

    private static TemplateException unsupported(String op, Object a, Object b) {
        return TemplateException.type("unsupported operand type(s) for " + op + ": '" + typeName(a) + "' and '"
                + typeName(b) + "'");
    }
}
