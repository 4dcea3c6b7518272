package dev.hearth.engine.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A macro bound to the scope it was defined in; calling it renders its body to a string. */
final class Macro implements PyCallable {
    private final Node.MacroDef definition;
    private final Scope closure;

    Macro(Node.MacroDef definition, Scope closure) {
        this.definition = definition;
        this.closure = closure;
    }

    String name() {
        return definition.name();
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        Scope scope = new Scope(closure);
        Map<String, Object> extraKeywords = new LinkedHashMap<>(kwargs);
        Object caller = extraKeywords.remove("caller");
        List<String> params = definition.params();
        for (int i = 0; i < params.size(); i++) {
            String param = params.get(i);
            if (i < args.size()) {
                if (extraKeywords.containsKey(param)) {
                    throw TemplateException.type("macro '" + name() + "' got multiple values for argument '" + param + "'");
                }
                scope.set(param, args.get(i));
            } else if (extraKeywords.containsKey(param)) {
                scope.set(param, extraKeywords.remove(param));
            } else if (definition.defaults().get(i) != null) {
                scope.set(param, definition.defaults().get(i).eval(scope));
            } else {
                scope.set(param, Undefined.hint("parameter '" + param + "' was not provided"));
            }
        }
        java.util.Set<String> references = definition.references();
        if (args.size() > params.size() && !references.contains("varargs")) {
            throw TemplateException.type("macro '" + name() + "' takes not more than " + params.size() + " argument(s)");
        }
        if (!extraKeywords.isEmpty() && !references.contains("kwargs")) {
            throw TemplateException.type("macro '" + name() + "' takes no keyword argument '"
                    + extraKeywords.keySet().iterator().next() + "'");
        }
        if (caller != null && !references.contains("caller")) {
            throw TemplateException.type("macro '" + name() + "' takes no keyword argument 'caller'");
        }
        if (references.contains("varargs")) {
            scope.set("varargs", new Tuple(args.size() > params.size()
                    ? new ArrayList<>(args.subList(params.size(), args.size())) : List.of()));
        }
        if (references.contains("kwargs")) {
            scope.set("kwargs", extraKeywords);
        }
        if (caller != null) {
            scope.set("caller", caller);
        }
        return Node.capture(definition.body(), scope);
    }
}
