package dev.hearth.engine.template;

import java.util.Iterator;

/** A one-shot Python iterator or generator (what jinja2's map, select, reverse ... return): no len(), not JSON serializable. */
final class PyIterator implements Iterable<Object> {
    private final Iterator<Object> source;
    private final String typeName;

    PyIterator(Iterator<Object> source, String typeName) {
        this.source = source;
        this.typeName = typeName;
    }

    String typeName() {
        return typeName;
    }

    @Override
    public Iterator<Object> iterator() {
        return source;
    }
}
