package dev.hearth.engine.template;

import java.util.List;
import java.util.Map;

/** The {@code loop} variable of a for loop. */
final class LoopContext implements PyCallable {
    private final List<Object> items;
    private final int depth;
    private final Node.For recursiveLoop;
    private final Scope outer;
    private Object lastChanged = Scope.MISSING;
    int index0;

    LoopContext(List<Object> items, int depth, Node.For recursiveLoop, Scope outer) {
        this.items = items;
        this.depth = depth;
        this.recursiveLoop = recursiveLoop;
        this.outer = outer;
    }

    Object attribute(String name) {
        int length = items.size();
        return switch (name) {
            case "index" -> (long) index0 + 1;
            case "index0" -> (long) index0;
            case "revindex" -> (long) (length - index0);
            case "revindex0" -> (long) (length - index0 - 1);
            case "first" -> index0 == 0;
            case "last" -> index0 == length - 1;
            case "length" -> (long) length;
            case "depth" -> (long) depth;
            case "depth0" -> (long) depth - 1;
            case "previtem" -> index0 > 0 ? items.get(index0 - 1) : Undefined.hint("there is no previous item");
            case "nextitem" -> index0 < length - 1 ? items.get(index0 + 1) : Undefined.hint("there is no next item");
            case "cycle" -> (PyCallable) (args, kwargs) -> {
                if (args.isEmpty()) {
                    throw TemplateException.type("no items for cycling given");
                }
                return args.get(index0 % args.size());
            };
            case "changed" -> (PyCallable) (args, kwargs) -> {
                Object value = args.size() == 1 ? args.get(0) : new Tuple(args);
                if (lastChanged != Scope.MISSING && Py.eq(lastChanged, value)) {
                    return false;
                }
                lastChanged = value;
                return true;
            };
            default -> Methods.NONE;
        };
    }

    @Override
    public Object call(List<Object> args, Map<String, Object> kwargs) {
        if (recursiveLoop == null) {
            throw TemplateException.type("Tried to call non recursive loop.  Maybe you forgot the 'recursive' modifier.");
        }
        StringBuilder sb = new StringBuilder();
        recursiveLoop.loop(outer, sb, args.get(0), depth + 1);
        return sb.toString();
    }
}
