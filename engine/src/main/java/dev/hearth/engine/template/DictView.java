package dev.hearth.engine.template;

import java.util.AbstractList;
import java.util.List;

/** dict.items() / keys() / values(): sized and re-iterable, printed as {@code dict_items([...])}, not JSON serializable. */
final class DictView extends AbstractList<Object> {
    private final String typeName;
    private final List<Object> items;

    DictView(String typeName, List<Object> items) {
        this.typeName = typeName;
        this.items = items;
    }

    String typeName() {
        return typeName;
    }

    @Override
    public Object get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }
}
