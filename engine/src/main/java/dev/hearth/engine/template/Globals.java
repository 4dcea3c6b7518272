package dev.hearth.engine.template;

import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The globals transformers' environment offers: jinja2's range, dict, namespace, cycler, joiner plus raise_exception and strftime_now. */
final class Globals {
    private static final long MAX_RANGE = 100_000;

    private Globals() {}

    static Map<String, Object> create(LocalDateTime now) {
        Map<String, Object> globals = new HashMap<>();
        globals.put("range", (PyCallable) Globals::range);
        globals.put("dict", (PyCallable) (args, kwargs) -> {
            Map<Object, Object> out = new LinkedHashMap<>();
            if (!args.isEmpty()) {
                if (args.get(0) instanceof Map<?, ?> m) {
                    out.putAll(m);
                } else {
                    for (Object pair : Py.list(args.get(0))) {
                        List<Object> kv = Py.list(pair);
                        out.put(Py.dictKey(kv.get(0)), kv.get(1));
                    }
                }
            }
            out.putAll(kwargs);
            return out;
        });
        globals.put("namespace", (PyCallable) (args, kwargs) -> {
            Namespace ns = new Namespace();
            if (!args.isEmpty() && args.get(0) instanceof Map<?, ?> m) {
                m.forEach((k, v) -> ns.attributes.put(Py.str(k), v));
            }
            ns.attributes.putAll(kwargs);
            return ns;
        });
        globals.put("raise_exception", (PyCallable) (args, kwargs) -> {
            Object message = args.isEmpty() ? kwargs.get("message") : args.get(0);
            throw new TemplateException("TemplateError", Py.str(message));
        });
        globals.put("strftime_now", (PyCallable) (args, kwargs) -> Strftime.format(now, Py.str(args.isEmpty()
                ? kwargs.get("format") : args.get(0))));
        globals.put("cycler", (PyCallable) (args, kwargs) -> cycler(args));
        globals.put("joiner", (PyCallable) (args, kwargs) -> {
            String separator = args.isEmpty() ? ", " : Py.str(args.get(0));
            boolean[] used = {false};
            return (PyCallable) (a, k) -> {
                if (used[0]) {
                    return separator;
                }
                used[0] = true;
                return "";
            };
        });
        return globals;
    }

    private static Object range(List<Object> args, Map<String, Object> kwargs) {
        for (Object a : args) {
            if (a instanceof Undefined u) {
                throw u.error();
            }
            if (!Py.isInt(a) && !(a instanceof Boolean)) {
                throw TemplateException.type("'" + Py.typeName(a) + "' object cannot be interpreted as an integer");
            }
        }
        long start = 0;
        long stop;
        long step = 1;
        switch (args.size()) {
            case 1 -> stop = Py.toLong(args.get(0));
            case 2, 3 -> {
                start = Py.toLong(args.get(0));
                stop = Py.toLong(args.get(1));
                if (args.size() == 3) {
                    step = Py.toLong(args.get(2));
                }
            }
            default -> throw TemplateException.type("range expected at most 3 arguments, got " + args.size());
        }
        if (step == 0) {
            throw new TemplateException("ValueError", "range() arg 3 must not be zero");
        }
        long size = step > 0 ? Math.max(0, (stop - start + step - 1) / step) : Math.max(0, (start - stop - step - 1) / -step);
        if (size > MAX_RANGE) {
            throw new TemplateException("OverflowError", "Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).");
        }
        return new Range(start, stop, step, (int) size);
    }

    private static Object cycler(List<Object> items) {
        int[] position = {0};
        Namespace cycler = new Namespace();
        cycler.attributes.put("next", (PyCallable) (a, k) -> {
            Object item = items.get(position[0]);
            position[0] = (position[0] + 1) % items.size();
            return item;
        });
        cycler.attributes.put("reset", (PyCallable) (a, k) -> {
            position[0] = 0;
            return null;
        });
        return cycler;
    }
}
