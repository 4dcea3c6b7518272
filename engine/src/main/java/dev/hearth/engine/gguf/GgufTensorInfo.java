package dev.hearth.engine.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * A tensor as described in a GGUF file: name, dimensions in GGUF order (the first varies fastest, so a matrix with
 * {@code n_in} inputs and {@code n_out} outputs is {@code [n_in, n_out]}), element type and byte offset of its data
 * from the start of the data section.
 */
public record GgufTensorInfo(String name, long[] dims, GgmlType type, long offset) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        dims = dims.clone();
        if (dims.length == 0 || dims.length > 4) {
            throw new IllegalArgumentException("tensor " + name + " must have 1 to 4 dimensions, has " + dims.length);
        }
        for (long dim : dims) {
            if (dim <= 0) {
                throw new IllegalArgumentException("tensor " + name + " has a non-positive dimension: " + Arrays.toString(dims));
            }
        }
        if (dims[0] % type.blockSize() != 0) {
            throw new IllegalArgumentException("tensor " + name + ": first dimension " + dims[0] + " is not a multiple of the "
                    + type + " block size " + type.blockSize());
        }
    }

    @Override
    public long[] dims() {
        return dims.clone();
    }

    public long dim(int index) {
        return dims[index];
    }

    public int rank() {
        return dims.length;
    }

    public long elementCount() {
        long count = 1;
        for (long dim : dims) {
            count = Math.multiplyExact(count, dim);
        }
        return count;
    }

    public long byteSize() {
        return type.byteSize(elementCount());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufTensorInfo that && name.equals(that.name) && Arrays.equals(dims, that.dims)
                && type == that.type && offset == that.offset;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), type, offset);
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(dims) + " @" + offset;
    }
}
