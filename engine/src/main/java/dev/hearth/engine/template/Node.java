package dev.hearth.engine.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Template statements. {@link #render} returns {@link #NORMAL}, {@link #BREAK} or {@link #CONTINUE}. */
sealed interface Node {
    int NORMAL = 0;
    int BREAK = 1;
    int CONTINUE = 2;

    int render(Scope scope, StringBuilder out);

    int line();

    static int renderAll(List<Node> nodes, Scope scope, StringBuilder out) {
        for (Node node : nodes) {
            int signal;
            try {
                signal = node.render(scope, out);
            } catch (TemplateException e) {
                throw e.atLine(node.line());
            } catch (ClassCastException | ArithmeticException | IndexOutOfBoundsException | NumberFormatException e) {
                // A Python operation applied to a value of the wrong type; Python raises TypeError or ValueError here.
                throw new TemplateException("TypeError", "unsupported value in template expression: " + e.getMessage())
                        .atLine(node.line());
            }
            if (signal != NORMAL) {
                return signal;
            }
        }
        return NORMAL;
    }

    static String capture(List<Node> nodes, Scope scope) {
        StringBuilder sb = new StringBuilder();
        renderAll(nodes, scope, sb);
        return sb.toString();
    }

    record Text(String text, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            out.append(text);
            return NORMAL;
        }
    }

    record Output(Expr value, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            out.append(Py.str(value.eval(scope)));
            return NORMAL;
        }
    }

    record If(List<Expr> tests, List<List<Node>> bodies, List<Node> otherwise, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            for (int i = 0; i < tests.size(); i++) {
                if (Py.truthy(tests.get(i).eval(scope))) {
                    return renderAll(bodies.get(i), scope, out);
                }
            }
            return renderAll(otherwise, scope, out);
        }
    }

    /** An assignment target: a name, several names (tuple unpacking) or a namespace attribute. */
    record Target(List<String> names, boolean unpack, String attribute) {
        void assign(Scope scope, Object value) {
            if (attribute != null) {
                Object ns = scope.lookup(names.get(0));
                if (!(ns instanceof Namespace namespace)) {
                    throw new TemplateException("TemplateRuntimeError", "cannot assign attribute on non-namespace object");
                }
                namespace.attributes.put(attribute, value);
            } else if (!unpack) {
                scope.set(names.get(0), value);
            } else {
                List<Object> values = Py.list(value);
                if (values.size() != names.size()) {
                    throw new TemplateException("ValueError", (values.size() > names.size() ? "too many values to unpack"
                            : "not enough values to unpack") + " (expected " + names.size() + ", got " + values.size() + ")");
                }
                for (int i = 0; i < names.size(); i++) {
                    scope.set(names.get(i), values.get(i));
                }
            }
        }
    }

    record Set(Target target, Expr value, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            target.assign(scope, value.eval(scope));
            return NORMAL;
        }
    }

    record SetBlock(Target target, Expr filter, List<Node> body, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            String text = capture(body, scope);
            target.assign(scope, filter == null ? text : FilterBlock.applyTo(filter, text, scope));
            return NORMAL;
        }
    }

    record FilterBlock(Expr filter, List<Node> body, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            out.append(Py.str(applyTo(filter, capture(body, scope), scope)));
            return NORMAL;
        }

        static Object applyTo(Expr filter, String text, Scope scope) {
            Scope hole = new Scope(scope);
            hole.set(Expr.Hole.VARIABLE, text);
            return filter.eval(hole);
        }
    }

    record For(Target target, Expr iterable, Expr condition, List<Node> body, List<Node> otherwise, boolean recursive,
               int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            return loop(scope, out, iterable.eval(scope), 1);
        }

        int loop(Scope scope, StringBuilder out, Object iterableValue, int depth) {
            if (iterableValue == null) {
                throw TemplateException.type("'NoneType' object is not iterable");
            }
            List<Object> items = Py.list(iterableValue);
            if (condition != null) {
                List<Object> kept = new ArrayList<>();
                for (Object item : items) {
                    Scope s = new Scope(scope);
                    target.assign(s, item);
                    if (Py.truthy(condition.eval(s))) {
                        kept.add(item);
                    }
                }
                items = kept;
            }
            if (items.isEmpty()) {
                return renderAll(otherwise, scope, out);
            }
            LoopContext loop = new LoopContext(items, depth, recursive ? this : null, scope);
            for (int i = 0; i < items.size(); i++) {
                Scope s = new Scope(scope);
                target.assign(s, items.get(i));
                loop.index0 = i;
                s.set("loop", loop);
                if (renderAll(body, s, out) == BREAK) {
                    break;
                }
            }
            return NORMAL;
        }
    }

    record Break(int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            return BREAK;
        }
    }

    record Continue(int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            return CONTINUE;
        }
    }

    /** A macro definition; {@code references} are the special names (varargs, kwargs, caller) its body uses. */
    record MacroDef(String name, List<String> params, List<Expr> defaults, List<Node> body, java.util.Set<String> references,
                    int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            scope.set(name, new Macro(this, scope));
            return NORMAL;
        }
    }

    record CallBlock(Expr.Call call, MacroDef caller, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            Object f = call.function().eval(scope);
            List<Object> positional = call.args().evalPositional(scope);
            Map<String, Object> keywords = new java.util.LinkedHashMap<>(call.args().evalKeywords(scope));
            keywords.put("caller", new Macro(caller, scope));
            out.append(Py.str(Expr.Call.call(f, positional, keywords)));
            return NORMAL;
        }
    }

    record With(List<Target> targets, List<Expr> values, List<Node> body, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            Scope inner = new Scope(scope);
            for (int i = 0; i < targets.size(); i++) {
                targets.get(i).assign(inner, values.get(i).eval(scope));
            }
            return renderAll(body, inner, out);
        }
    }

    /** Bodies that render in place: {@code generation} (transformers' AssistantTracker) and {@code block}. */
    record Inline(List<Node> body, int line) implements Node {
        public int render(Scope scope, StringBuilder out) {
            return renderAll(body, scope, out);
        }
    }
}
