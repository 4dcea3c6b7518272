package dev.hearth.engine.template;

import java.util.AbstractList;

/** Python's range object: a lazy sequence of ints that prints as {@code range(0, 3)} and is not JSON serializable. */
final class Range extends AbstractList<Object> {
    private final long start;
    private final long stop;
    private final long step;
    private final int size;

    Range(long start, long stop, long step, int size) {
        this.start = start;
        this.stop = stop;
        this.step = step;
        this.size = size;
    }

    @Override
    public Object get(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException(index);
        }
        return start + index * step;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "range(" + start + ", " + stop + (step == 1 ? "" : ", " + step) + ")";
    }
}
