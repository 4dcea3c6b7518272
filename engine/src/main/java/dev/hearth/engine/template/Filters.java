package dev.hearth.engine.template;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** jinja2's builtin filters, with transformers' tojson in place of jinja2's. */
final class Filters {
    @FunctionalInterface
    interface Impl {
        Object apply(Object value, List<Object> args, Map<String, Object> kwargs);
    }

    private static final Map<String, Impl> FILTERS = new HashMap<>();
    private static final Pattern WORD = Pattern.compile("\\w+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TITLE_SPLIT = Pattern.compile("([-\\s({\\[<]+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern TAGS = Pattern.compile("(<!--.*?-->|<[^>]*>)", Pattern.DOTALL);
    private static final Pattern FLOAT = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    static {
        FILTERS.put("abs", (v, a, k) -> {
            failUndefined(v);
            if (Py.isFloat(v)) {
                return Math.abs(Py.toDouble(v));
            }
            if (Py.isNumeric(v)) {
                return Py.normInt(Py.toBig(v).abs());
            }
            throw TemplateException.type("bad operand type for abs(): '" + Py.typeName(v) + "'");
        });
        FILTERS.put("attr", (v, a, k) -> {
            String name = Py.str(arg(a, k, 0, "name", null));
            if (v instanceof Undefined u) {
                throw u.error();
            }
            Object attribute = name.startsWith("_") ? Undefined.unsafe(v, name) : Methods.attribute(v, name);
            return attribute == Methods.NONE ? Undefined.attribute(v, name) : attribute;
        });
        FILTERS.put("batch", Filters::batch);
        FILTERS.put("capitalize", (v, a, k) -> StrMethods.call(Py.str(v), "capitalize", List.of(), Map.of()));
        FILTERS.put("center", (v, a, k) -> StrMethods.call(Py.str(v), "center", List.of(arg(a, k, 0, "width", 80L)), Map.of()));
        FILTERS.put("length", (v, a, k) -> (long) Py.len(v));
        FILTERS.put("count", FILTERS.get("length"));
        Impl dflt = (v, a, k) -> {
            Object fallback = arg(a, k, 0, "default_value", "");
            boolean bool = Py.truthy(arg(a, k, 1, "boolean", false));
            return v instanceof Undefined || (bool && !Py.truthy(v)) ? fallback : v;
        };
        FILTERS.put("default", dflt);
        FILTERS.put("d", dflt);
        FILTERS.put("dictsort", Filters::dictsort);
        Impl escape = (v, a, k) -> Markup.escape(v);
        FILTERS.put("escape", escape);
        FILTERS.put("e", escape);
        FILTERS.put("forceescape", (v, a, k) -> new Markup(escape(Py.str(v))));
        FILTERS.put("first", (v, a, k) -> {
            Iterator<Object> it = Py.iter(v);
            return it.hasNext() ? it.next() : Undefined.hint("No first item, sequence was empty.");
        });
        FILTERS.put("last", (v, a, k) -> {
            if (v instanceof PyIterator it) {
                throw TemplateException.type("'" + it.typeName() + "' object is not reversible");
            }
            List<Object> items = Py.list(v);
            return items.isEmpty() ? Undefined.hint("No last item, sequence was empty.") : items.get(items.size() - 1);
        });
        FILTERS.put("float", (v, a, k) -> toFloat(v, arg(a, k, 0, "default", 0.0)));
        FILTERS.put("int", (v, a, k) -> toInt(v, arg(a, k, 0, "default", 0L), (int) Py.toLong(arg(a, k, 1, "base", 10L))));
        FILTERS.put("format", (v, a, k) -> Formatter.percent(Py.str(v), k.isEmpty() ? new Tuple(a) : k));
        FILTERS.put("indent", Filters::indent);
        FILTERS.put("groupby", Filters::groupby);
        FILTERS.put("items", (v, a, k) -> {
            if (v instanceof Undefined) {
                return new PyIterator(Collections.emptyIterator(), "generator");
            }
            if (!(v instanceof Map<?, ?> m)) {
                // jinja2's items is a generator: the error surfaces when it is iterated, not when it is created.
                return new PyIterator(new Iterator<>() {
                    public boolean hasNext() {
                        throw TemplateException.type("Can only get item pairs from a mapping.");
                    }

                    public Object next() {
                        throw TemplateException.type("Can only get item pairs from a mapping.");
                    }
                }, "generator");
            }
            return new PyIterator(Methods.items(m).iterator(), "generator");
        });
        FILTERS.put("join", Filters::join);
        FILTERS.put("list", (v, a, k) -> new ArrayList<>(Py.list(v)));
        FILTERS.put("lower", (v, a, k) -> Methods.lower(Py.str(v)));
        FILTERS.put("upper", (v, a, k) -> Methods.upper(Py.str(v)));
        FILTERS.put("title", (v, a, k) -> title(Py.str(v)));
        FILTERS.put("trim", (v, a, k) -> {
            Object chars = arg(a, k, 0, "chars", null);
            return StrMethods.strip(Py.str(v), chars == null ? null : Py.str(chars), true, true);
        });
        FILTERS.put("map", Filters::map);
        FILTERS.put("max", (v, a, k) -> minMax(v, a, k, false));
        FILTERS.put("min", (v, a, k) -> minMax(v, a, k, true));
        FILTERS.put("pprint", (v, a, k) -> Py.repr(v));
        FILTERS.put("replace", (v, a, k) -> {
            Object count = arg(a, k, 2, "count", null);
            return StrMethods.replace(Py.str(v), Py.str(arg(a, k, 0, "old", null)), Py.str(arg(a, k, 1, "new", null)),
                    count == null ? -1 : Py.toLong(count));
        });
        FILTERS.put("reverse", (v, a, k) -> {
            if (v instanceof String s) {
                return Py.slice(s, null, null, -1L);
            }
            List<Object> items = new ArrayList<>(Py.list(v));
            Collections.reverse(items);
            return v instanceof List<?> ? new PyIterator(items.iterator(), "list_reverseiterator") : items;
        });
        FILTERS.put("round", Filters::round);
        FILTERS.put("safe", (v, a, k) -> Markup.of(v));
        FILTERS.put("select", (v, a, k) -> select(v, a, k, false, false));
        FILTERS.put("reject", (v, a, k) -> select(v, a, k, true, false));
        FILTERS.put("selectattr", (v, a, k) -> select(v, a, k, false, true));
        FILTERS.put("rejectattr", (v, a, k) -> select(v, a, k, true, true));
        FILTERS.put("slice", Filters::slice);
        FILTERS.put("sort", Filters::sort);
        FILTERS.put("string", (v, a, k) -> v instanceof Markup ? v : Py.str(v));
        FILTERS.put("striptags", (v, a, k) -> String.join(" ",
                StrMethods.split(TAGS.matcher(Py.str(v)).replaceAll(""), null, -1).stream().map(Py::str).toList()));
        FILTERS.put("sum", (v, a, k) -> {
            Object attribute = arg(a, k, 0, "attribute", null);
            Object total = arg(a, k, 1, "start", 0L);
            for (Object item : Py.list(v)) {
                total = Py.add(total, attribute == null ? item : attrPath(item, attribute, null));
            }
            return total;
        });
        FILTERS.put("tojson", (v, a, k) -> Json.dumps(v, Py.truthy(arg(a, k, 0, "ensure_ascii", false)),
                arg(a, k, 1, "indent", null), arg(a, k, 2, "separators", null), Py.truthy(arg(a, k, 3, "sort_keys", false))));
        FILTERS.put("truncate", Filters::truncate);
        FILTERS.put("unique", Filters::unique);
        FILTERS.put("wordcount", (v, a, k) -> {
            Matcher m = WORD.matcher(Py.str(v));
            long n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        });
    }

    private Filters() {}

    static Impl get(String name) {
        return FILTERS.get(name);
    }

    /** Filters that see a Markup value as such; all others get its plain text. */
    static boolean takesMarkup(String name) {
        return switch (name) {
            case "safe", "escape", "e", "forceescape", "string", "default", "d", "first", "last" -> true;
            default -> false;
        };
    }

    static Object arg(List<Object> args, Map<String, Object> kwargs, int index, String name, Object fallback) {
        if (index < args.size()) {
            return args.get(index);
        }
        return kwargs.containsKey(name) ? kwargs.get(name) : fallback;
    }

    private static void failUndefined(Object v) {
        if (v instanceof Undefined u) {
            throw u.error();
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&#34;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder();
        Matcher m = TITLE_SPLIT.matcher(s);
        int last = 0;
        while (m.find()) {
            titleWord(s.substring(last, m.start()), sb);
            sb.append(m.group());
            last = m.end();
        }
        titleWord(s.substring(last), sb);
        return sb.toString();
    }

    private static void titleWord(String word, StringBuilder sb) {
        if (!word.isEmpty()) {
            int first = word.codePointAt(0);
            sb.append(Methods.upper(Character.toString(first)))
                    .append(Methods.lower(word.substring(Character.charCount(first))));
        }
    }

    /** A filter argument naming an attribute path ({@code "a.b"}, {@code "0"}), looked up with getitem. */
    static Object attrPath(Object item, Object attribute, Object fallback) {
        Object value = item;
        String path = attribute instanceof String s ? s : null;
        if (path == null) {
            value = Py.getitem(value, attribute);
        } else {
            for (String part : path.split("\\.")) {
                Object key = !part.isEmpty() && part.chars().allMatch(Character::isDigit) ? (Object) Long.parseLong(part) : part;
                value = Py.getitem(value, key);
            }
        }
        if (fallback != null && value instanceof Undefined) {
            return fallback;
        }
        return value;
    }

    private static Object batch(Object v, List<Object> a, Map<String, Object> k) {
        int size = (int) Py.toLong(arg(a, k, 0, "linecount", null));
        Object fill = arg(a, k, 1, "fill_with", null);
        boolean hasFill = a.size() > 1 || k.containsKey("fill_with");
        List<Object> out = new ArrayList<>();
        List<Object> current = new ArrayList<>();
        for (Object item : Py.list(v)) {
            if (current.size() == size) {
                out.add(current);
                current = new ArrayList<>();
            }
            current.add(item);
        }
        if (!current.isEmpty()) {
            if (hasFill) {
                while (current.size() < size) {
                    current.add(fill);
                }
            }
            out.add(current);
        }
        return new PyIterator(out.iterator(), "generator");
    }

    private static Object slice(Object v, List<Object> a, Map<String, Object> k) {
        int slices = (int) Py.toLong(arg(a, k, 0, "slices", null));
        Object fill = arg(a, k, 1, "fill_with", null);
        boolean hasFill = a.size() > 1 || k.containsKey("fill_with");
        List<Object> seq = Py.list(v);
        int length = seq.size();
        int perSlice = length / slices;
        int withExtra = length % slices;
        int offset = 0;
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < slices; i++) {
            int start = offset + i * perSlice;
            if (i < withExtra) {
                offset++;
            }
            int end = offset + (i + 1) * perSlice;
            List<Object> part = new ArrayList<>(seq.subList(start, end));
            if (hasFill && i >= withExtra) {
                part.add(fill);
            }
            out.add(part);
        }
        return new PyIterator(out.iterator(), "generator");
    }

    private static Comparator<Object> keyOrder(boolean caseSensitive) {
        return (x, y) -> Py.compare(sortKey(x, caseSensitive), sortKey(y, caseSensitive), "<");
    }

    private static Object sortKey(Object v, boolean caseSensitive) {
        return !caseSensitive && v instanceof String s ? Methods.lower(s) : v;
    }

    private static Object dictsort(Object v, List<Object> a, Map<String, Object> k) {
        boolean caseSensitive = Py.truthy(arg(a, k, 0, "case_sensitive", false));
        String by = Py.str(arg(a, k, 1, "by", "key"));
        boolean reverse = Py.truthy(arg(a, k, 2, "reverse", false));
        failUndefined(v);
        if (!(v instanceof Map<?, ?> m)) {
            throw TemplateException.type("dictsort expects a mapping");
        }
        int pos = switch (by) {
            case "key" -> 0;
            case "value" -> 1;
            default -> throw new TemplateException("FilterArgumentError", "You can only sort by either \"key\" or \"value\"");
        };
        List<Object> items = Methods.items(m);
        Comparator<Object> order = keyOrder(caseSensitive);
        Comparator<Object> cmp = (x, y) -> order.compare(((List<?>) x).get(pos), ((List<?>) y).get(pos));
        items.sort(reverse ? cmp.reversed() : cmp);
        return items;
    }

    private static Object groupby(Object v, List<Object> a, Map<String, Object> k) {
        Object attribute = arg(a, k, 0, "attribute", null);
        Object fallback = arg(a, k, 1, "default", null);
        boolean caseSensitive = Py.truthy(arg(a, k, 2, "case_sensitive", false));
        List<Object> items = new ArrayList<>(Py.list(v));
        Comparator<Object> order = keyOrder(caseSensitive);
        items.sort((x, y) -> order.compare(attrPath(x, attribute, fallback), attrPath(y, attribute, fallback)));
        List<Object> out = new ArrayList<>();
        List<Object> group = null;
        Object groupKey = null;
        for (Object item : items) {
            Object key = sortKey(attrPath(item, attribute, fallback), caseSensitive);
            if (group == null || !Py.eq(key, groupKey)) {
                if (group != null) {
                    out.add(new GroupTuple(attrPath(group.get(0), attribute, fallback), group));
                }
                group = new ArrayList<>();
                groupKey = key;
            }
            group.add(item);
        }
        if (group != null) {
            out.add(new GroupTuple(attrPath(group.get(0), attribute, fallback), group));
        }
        return out;
    }

    private static Object indent(Object v, List<Object> a, Map<String, Object> k) {
        failUndefined(v);
        Object width = arg(a, k, 0, "width", 4L);
        boolean first = Py.truthy(arg(a, k, 1, "first", false));
        boolean blank = Py.truthy(arg(a, k, 2, "blank", false));
        String indention = width instanceof String s ? s : " ".repeat((int) Py.toLong(width));
        String s = Py.str(v) + "\n";
        List<Object> lines = StrMethods.splitlines(s, false);
        StringBuilder out = new StringBuilder();
        if (lines.isEmpty()) {
            return "";
        }
        String firstLine = (String) lines.get(0);
        if (blank) {
            for (int i = 1; i < lines.size(); i++) {
                out.append("\n").append(indention).append((String) lines.get(i));
            }
        } else {
            for (int i = 1; i < lines.size(); i++) {
                String line = (String) lines.get(i);
                out.append("\n");
                if (!line.isEmpty()) {
                    out.append(indention);
                }
                out.append(line);
            }
        }
        String rest = out.toString();
        return (first ? indention : "") + firstLine + rest;
    }

    private static Object join(Object v, List<Object> a, Map<String, Object> k) {
        String separator = Py.str(arg(a, k, 0, "d", ""));
        Object attribute = arg(a, k, 1, "attribute", null);
        StringBuilder sb = new StringBuilder();
        boolean firstItem = true;
        Iterator<Object> it = Py.iter(v);
        while (it.hasNext()) {
            Object item = it.next();
            if (!firstItem) {
                sb.append(separator);
            }
            firstItem = false;
            sb.append(Py.str(attribute == null ? item : attrPath(item, attribute, null)));
        }
        return sb.toString();
    }

    private static Object map(Object v, List<Object> a, Map<String, Object> k) {
        Iterator<Object> source = Py.truthy(v) ? Py.iter(v) : Collections.emptyIterator();
        java.util.function.Function<Object, Object> f;
        if (a.isEmpty() && k.containsKey("attribute")) {
            Object attribute = k.get("attribute");
            Object fallback = k.get("default");
            f = item -> attrPath(item, attribute, fallback);
        } else {
            if (a.isEmpty()) {
                throw new TemplateException("FilterArgumentError", "map requires a filter argument");
            }
            String name = Py.str(a.get(0));
            Impl filter = get(name);
            if (filter == null) {
                throw new TemplateException("TemplateRuntimeError", "No filter named '" + name + "'.");
            }
            List<Object> rest = a.subList(1, a.size());
            f = item -> filter.apply(item, rest, k);
        }
        return new PyIterator(new Iterator<>() {
            public boolean hasNext() {
                return source.hasNext();
            }

            public Object next() {
                return f.apply(source.next());
            }
        }, "generator");
    }

    private static Object select(Object v, List<Object> a, Map<String, Object> k, boolean reject, boolean byAttribute) {
        Iterator<Object> source = Py.truthy(v) ? Py.iter(v) : Collections.emptyIterator();
        int next = 0;
        Object attribute = null;
        if (byAttribute) {
            if (a.isEmpty()) {
                throw TemplateException.type("Missing parameter for attribute name");
            }
            attribute = a.get(next++);
        }
        Predicate<Object> test;
        if (next < a.size()) {
            String name = Py.str(a.get(next++));
            Tests.Impl impl = Tests.get(name);
            if (impl == null) {
                throw new TemplateException("TemplateRuntimeError", "No test named '" + name + "'.");
            }
            List<Object> rest = a.subList(next, a.size());
            test = item -> impl.test(item, rest);
        } else {
            test = Py::truthy;
        }
        Object attr = attribute;
        Predicate<Object> keep = item -> test.test(attr == null ? item : attrPath(item, attr, null)) != reject;
        return new PyIterator(new Iterator<>() {
            private Object pending = Scope.MISSING;

            public boolean hasNext() {
                while (pending == Scope.MISSING && source.hasNext()) {
                    Object item = source.next();
                    if (keep.test(item)) {
                        pending = item;
                    }
                }
                return pending != Scope.MISSING;
            }

            public Object next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object item = pending;
                pending = Scope.MISSING;
                return item;
            }
        }, "generator");
    }

    private static Object minMax(Object v, List<Object> a, Map<String, Object> k, boolean min) {
        boolean caseSensitive = Py.truthy(arg(a, k, 0, "case_sensitive", false));
        Object attribute = arg(a, k, 1, "attribute", null);
        List<Object> items = Py.list(v);
        if (items.isEmpty()) {
            return Undefined.hint("No aggregated item, sequence was empty.");
        }
        Object best = items.get(0);
        for (Object item : items.subList(1, items.size())) {
            Object x = sortKey(attribute == null ? item : attrPath(item, attribute, null), caseSensitive);
            Object y = sortKey(attribute == null ? best : attrPath(best, attribute, null), caseSensitive);
            int c = Py.compare(x, y, "<");
            if (min ? c < 0 : c > 0) {
                best = item;
            }
        }
        return best;
    }

    private static Object round(Object v, List<Object> a, Map<String, Object> k) {
        int precision = (int) Py.toLong(arg(a, k, 0, "precision", 0L));
        String method = Py.str(arg(a, k, 1, "method", "common"));
        failUndefined(v);
        if (!Py.isNumeric(v)) {
            throw TemplateException.type("type " + Py.typeName(v) + " doesn't define __round__ method");
        }
        double scale = Math.pow(10, precision);
        return switch (method) {
            case "common" -> {
                if (!Py.isFloat(v)) {
                    yield v instanceof Boolean ? (Object) Py.toLong(v) : v;
                }
                double d = Py.toDouble(v);
                yield Double.isFinite(d)
                        ? Math.copySign(new BigDecimal(d).setScale(precision, RoundingMode.HALF_EVEN).doubleValue(), d) : d;
            }
            case "ceil" -> Math.ceil(Py.toDouble(v) * scale) / scale;
            case "floor" -> Math.floor(Py.toDouble(v) * scale) / scale;
            default -> throw new TemplateException("FilterArgumentError", "method must be common, ceil or floor");
        };
    }

    private static Object sort(Object v, List<Object> a, Map<String, Object> k) {
        boolean reverse = Py.truthy(arg(a, k, 0, "reverse", false));
        boolean caseSensitive = Py.truthy(arg(a, k, 1, "case_sensitive", false));
        Object attribute = arg(a, k, 2, "attribute", null);
        List<Object> items = new ArrayList<>(Py.list(v));
        Comparator<Object> order = keyOrder(caseSensitive);
        Comparator<Object> cmp = attribute == null ? order
                : (x, y) -> order.compare(attrPath(x, attribute, null), attrPath(y, attribute, null));
        items.sort(reverse ? cmp.reversed() : cmp);
        return items;
    }

    private static Object truncate(Object v, List<Object> a, Map<String, Object> k) {
        String s = Py.str(v);
        int length = (int) Py.toLong(arg(a, k, 0, "length", 255L));
        boolean killwords = Py.truthy(arg(a, k, 1, "killwords", false));
        String end = Py.str(arg(a, k, 2, "end", "..."));
        Object leewayArg = arg(a, k, 3, "leeway", null);
        int leeway = leewayArg == null ? 5 : (int) Py.toLong(leewayArg);
        if (Py.len(s) <= length + leeway) {
            return s;
        }
        String cut = (String) Py.slice(s, 0L, (long) Math.max(0, length - Py.len(end)), null);
        if (killwords) {
            return cut + end;
        }
        int space = cut.lastIndexOf(' ');
        return (space >= 0 ? cut.substring(0, space) : cut) + end;
    }

    private static Object unique(Object v, List<Object> a, Map<String, Object> k) {
        boolean caseSensitive = Py.truthy(arg(a, k, 0, "case_sensitive", false));
        Object attribute = arg(a, k, 1, "attribute", null);
        List<Object> out = new ArrayList<>();
        List<Object> seen = new ArrayList<>();
        for (Object item : Py.list(v)) {
            Object key = sortKey(attribute == null ? item : attrPath(item, attribute, null), caseSensitive);
            if (seen.stream().noneMatch(x -> Py.eq(x, key))) {
                seen.add(key);
                out.add(item);
            }
        }
        return new PyIterator(out.iterator(), "generator");
    }

    private static Object toFloat(Object v, Object fallback) {
        failUndefined(v);
        if (Py.isNumeric(v)) {
            return Py.toDouble(v);
        }
        if (v instanceof String s) {
            try {
                String t = s.strip().replace("_", "");
                if (t.equalsIgnoreCase("nan") || t.equalsIgnoreCase("inf") || t.equalsIgnoreCase("-inf")
                        || t.equalsIgnoreCase("infinity")) {
                    return t.startsWith("-") ? Double.NEGATIVE_INFINITY : t.equalsIgnoreCase("nan") ? Double.NaN
                            : Double.POSITIVE_INFINITY;
                }
                if (FLOAT.matcher(t).matches()) {
                    return Double.parseDouble(t);
                }
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    private static Object toInt(Object v, Object fallback, int base) {
        failUndefined(v);
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (Py.isInt(v)) {
            return Py.normInt(Py.toBig(v));
        }
        if (Py.isFloat(v)) {
            double d = Py.toDouble(v);
            return Double.isFinite(d) ? Py.normInt(new BigDecimal(d).toBigInteger()) : fallback;
        }
        if (v instanceof String s) {
            String t = s.strip().replace("_", "");
            try {
                return Py.normInt(new BigInteger(t.startsWith("+") ? t.substring(1) : t, base));
            } catch (NumberFormatException e) {
                Object f = toFloat(t, null);
                if (f instanceof Double d && Double.isFinite(d)) {
                    return Py.normInt(new BigDecimal(d).toBigInteger());
                }
            }
        }
        return fallback;
    }
}
