package dev.hearth.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The Python attributes templates reach with {@code obj.name}: str, dict and list methods; mutators are unsafe. */
final class Methods {
    /** Returned by {@link #attribute} when the object has no such Python attribute. */
    static final Object NONE = new Object();

    private static final Set<String> DICT_MUTATORS = Set.of("pop", "popitem", "setdefault", "update", "clear");
    private static final Set<String> LIST_MUTATORS = Set.of("append", "extend", "insert", "pop", "remove", "reverse",
            "sort", "clear");
    private static final Set<String> STR_METHODS = Set.of("strip", "lstrip", "rstrip", "split", "rsplit", "splitlines",
            "startswith", "endswith", "replace", "upper", "lower", "title", "capitalize", "casefold", "swapcase", "find",
            "rfind", "index", "rindex", "count", "format", "join", "isdigit", "isalpha", "isalnum", "isspace", "isupper",
            "islower", "isnumeric", "isdecimal", "zfill", "center", "ljust", "rjust", "partition", "rpartition",
            "removeprefix", "removesuffix", "expandtabs", "istitle", "isidentifier");

    private Methods() {}

    static Object attribute(Object obj, String name) {
        if (obj instanceof String s) {
            return STR_METHODS.contains(name) ? (PyCallable) (args, kwargs) -> StrMethods.call(s, name, args, kwargs) : NONE;
        }
        if (obj instanceof Map<?, ?> m) {
            if (DICT_MUTATORS.contains(name)) {
                return Undefined.unsafe(obj, name);
            }
            return switch (name) {
                case "get" -> (PyCallable) (args, kwargs) -> {
                    arity("get", args, 1, 2);
                    Object key = Py.dictKey(args.get(0));
                    return m.containsKey(key) ? m.get(key) : args.size() > 1 ? args.get(1) : null;
                };
                case "keys" -> (PyCallable) (args, kwargs) -> new DictView("dict_keys", new ArrayList<>(m.keySet()));
                case "values" -> (PyCallable) (args, kwargs) -> new DictView("dict_values", new ArrayList<>(m.values()));
                case "items" -> (PyCallable) (args, kwargs) -> new DictView("dict_items", items(m));
                case "copy" -> (PyCallable) (args, kwargs) -> new LinkedHashMap<>(m);
                default -> NONE;
            };
        }
        if (obj instanceof GroupTuple group && (name.equals("grouper") || name.equals("list"))) {
            return group.get(name.equals("grouper") ? 0 : 1);
        }
        if (obj instanceof List<?> l && !(obj instanceof DictView)) {
            if (Py.isList(obj) && LIST_MUTATORS.contains(name)) {
                return Undefined.unsafe(obj, name);
            }
            return switch (name) {
                case "index" -> (PyCallable) (args, kwargs) -> {
                    arity("index", args, 1, 1);
                    for (int i = 0; i < l.size(); i++) {
                        if (Py.eq(l.get(i), args.get(0))) {
                            return (long) i;
                        }
                    }
                    throw new TemplateException("ValueError", Py.repr(args.get(0)) + " is not in list");
                };
                case "count" -> (PyCallable) (args, kwargs) -> {
                    arity("count", args, 1, 1);
                    return l.stream().filter(x -> Py.eq(x, args.get(0))).count();
                };
                case "copy" -> !Py.isList(obj) ? NONE : (PyCallable) (args, kwargs) -> new ArrayList<Object>(l);
                default -> NONE;
            };
        }
        if (obj instanceof Namespace ns) {
            Object v = ns.attributes.get(name);
            return v != null || ns.attributes.containsKey(name) ? v : NONE;
        }
        if (obj instanceof LoopContext loop) {
            return loop.attribute(name);
        }
        if (obj instanceof Macro macro) {
            return name.equals("name") ? macro.name() : NONE;
        }
        return NONE;
    }

    static List<Object> items(Map<?, ?> m) {
        List<Object> out = new ArrayList<>(m.size());
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.add(Tuple.of(e.getKey(), e.getValue()));
        }
        return out;
    }

    static void arity(String name, List<Object> args, int min, int max) {
        if (args.size() < min || args.size() > max) {
            throw TemplateException.type(name + "() takes " + (min == max ? "exactly " + min : "from " + min + " to " + max)
                    + " argument(s) (" + args.size() + " given)");
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }

    static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }
}
