package dev.hearth.engine.template;

import java.util.List;

/** An item of jinja2's {@code groupby}: a (grouper, list) namedtuple. */
final class GroupTuple extends Tuple {
    GroupTuple(Object grouper, List<Object> items) {
        super(java.util.Arrays.asList(grouper, items));
    }
}
