package dev.hearth.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Template expressions; each evaluates itself against a scope with Python semantics. */
sealed interface Expr {
    Object eval(Scope scope);

    record Const(Object value) implements Expr {
        public Object eval(Scope scope) {
            return value;
        }
    }

    record Name(String name) implements Expr {
        public Object eval(Scope scope) {
            Object v = scope.lookup(name);
            return v == Scope.MISSING ? Undefined.name(name) : v;
        }
    }

    record ListLit(List<Expr> items) implements Expr {
        public Object eval(Scope scope) {
            List<Object> out = new ArrayList<>(items.size());
            for (Expr e : items) {
                out.add(e.eval(scope));
            }
            return out;
        }
    }

    record TupleLit(List<Expr> items) implements Expr {
        public Object eval(Scope scope) {
            List<Object> out = new ArrayList<>(items.size());
            for (Expr e : items) {
                out.add(e.eval(scope));
            }
            return new Tuple(out);
        }
    }

    record DictLit(List<Expr> keys, List<Expr> values) implements Expr {
        public Object eval(Scope scope) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < keys.size(); i++) {
                out.put(Py.dictKey(keys.get(i).eval(scope)), values.get(i).eval(scope));
            }
            return out;
        }
    }

    record GetAttr(Expr target, String name) implements Expr {
        public Object eval(Scope scope) {
            return Py.getattr(target.eval(scope), name);
        }
    }

    record GetItem(Expr target, Expr key) implements Expr {
        public Object eval(Scope scope) {
            return Py.getitem(target.eval(scope), key.eval(scope));
        }
    }

    record Slice(Expr target, Expr start, Expr stop, Expr step) implements Expr {
        public Object eval(Scope scope) {
            Object t = target.eval(scope);
            return Py.slice(t, start == null ? null : start.eval(scope), stop == null ? null : stop.eval(scope),
                    step == null ? null : step.eval(scope));
        }
    }

    /** Positional and keyword arguments of a call, filter or test. */
    record Args(List<Expr> positional, List<String> names, List<Expr> values) {
        static final Args NONE = new Args(List.of(), List.of(), List.of());

        List<Object> evalPositional(Scope scope) {
            if (positional.isEmpty()) {
                return List.of();
            }
            List<Object> out = new ArrayList<>(positional.size());
            for (Expr e : positional) {
                out.add(Py.plain(e.eval(scope)));
            }
            return out;
        }

        Map<String, Object> evalKeywords(Scope scope) {
            if (names.isEmpty()) {
                return Map.of();
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                out.put(names.get(i), Py.plain(values.get(i).eval(scope)));
            }
            return out;
        }
    }

    record Call(Expr function, Args args) implements Expr {
        public Object eval(Scope scope) {
            Object f = function.eval(scope);
            List<Object> positional = args.evalPositional(scope);
            Map<String, Object> keywords = args.evalKeywords(scope);
            return call(f, positional, keywords);
        }

        static Object call(Object f, List<Object> positional, Map<String, Object> keywords) {
            if (f instanceof PyCallable c) {
                return c.call(positional, keywords);
            }
            if (f instanceof Undefined u) {
                throw u.error();
            }
            throw TemplateException.type("'" + Py.typeName(f) + "' object is not callable");
        }
    }

    record Filter(Expr value, String name, Filters.Impl impl, Args args) implements Expr {
        public Object eval(Scope scope) {
            Object v = value.eval(scope);
            if (v instanceof Markup m && !Filters.takesMarkup(name)) {
                v = m.text();
            }
            if (impl == null) {
                throw new TemplateException("TemplateRuntimeError", "No filter named '" + name + "' found.");
            }
            return impl.apply(v, args.evalPositional(scope), args.evalKeywords(scope));
        }
    }

    record Test(Expr value, String name, Tests.Impl impl, Args args, boolean negated) implements Expr {
        public Object eval(Scope scope) {
            Object v = value.eval(scope);
            if (impl == null) {
                throw new TemplateException("TemplateRuntimeError", "No test named '" + name + "' found.");
            }
            return impl.test(v, args.evalPositional(scope)) != negated;
        }
    }

    record Binary(String op, Expr left, Expr right) implements Expr {
        public Object eval(Scope scope) {
            Object a = left.eval(scope);
            Object b = right.eval(scope);
            return op.equals("+") ? Py.add(a, b) : Py.arithmetic(op, a, b);
        }
    }

    record Concat(List<Expr> parts) implements Expr {
        public Object eval(Scope scope) {
            StringBuilder sb = new StringBuilder();
            for (Expr e : parts) {
                sb.append(Py.str(e.eval(scope)));
            }
            return sb.toString();
        }
    }

    record And(Expr left, Expr right) implements Expr {
        public Object eval(Scope scope) {
            Object a = left.eval(scope);
            return Py.truthy(a) ? right.eval(scope) : a;
        }
    }

    record Or(Expr left, Expr right) implements Expr {
        public Object eval(Scope scope) {
            Object a = left.eval(scope);
            return Py.truthy(a) ? a : right.eval(scope);
        }
    }

    record Not(Expr operand) implements Expr {
        public Object eval(Scope scope) {
            return !Py.truthy(operand.eval(scope));
        }
    }

    record Negate(Expr operand) implements Expr {
        public Object eval(Scope scope) {
            return Py.negate(operand.eval(scope));
        }
    }

    record Compare(Expr first, List<String> ops, List<Expr> rest) implements Expr {
        public Object eval(Scope scope) {
            Object a = first.eval(scope);
            for (int i = 0; i < ops.size(); i++) {
                Object b = rest.get(i).eval(scope);
                if (!compare(ops.get(i), a, b)) {
                    return false;
                }
                a = b;
            }
            return true;
        }

        static boolean compare(String op, Object a, Object b) {
            return switch (op) {
                case "==" -> Py.eq(a, b);
                case "!=" -> !Py.eq(a, b);
                case "<" -> Py.compare(a, b, op) < 0;
                case "<=" -> Py.compare(a, b, op) <= 0;
                case ">" -> Py.compare(a, b, op) > 0;
                case ">=" -> Py.compare(a, b, op) >= 0;
                case "in" -> Py.contains(b, a);
                case "notin" -> !Py.contains(b, a);
                default -> throw new IllegalStateException(op);
            };
        }
    }

    record Conditional(Expr test, Expr then, Expr otherwise) implements Expr {
        public Object eval(Scope scope) {
            if (Py.truthy(test.eval(scope))) {
                return then.eval(scope);
            }
            return otherwise == null ? Undefined.hint("the inline if-expression evaluated to false and no else section was defined.") : otherwise.eval(scope);
        }
    }

    /** The value being filtered by a {@code {% filter %}} block or a filtered set block. */
    record Hole() implements Expr {
        static final String VARIABLE = "\u0000hole";

        public Object eval(Scope scope) {
            return scope.lookup(VARIABLE);
        }
    }
}
