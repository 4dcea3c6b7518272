package dev.hearth.engine.gguf;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A GGUF metadata array. Elements are held in a Java array matching the element type: {@code byte[]} for UINT8/INT8,
 * {@code short[]}, {@code int[]}, {@code long[]} for the wider integers, {@code float[]}, {@code double[]},
 * {@code boolean[]}, {@code String[]}, or {@code GgufArray[]} for nested arrays. The array is shared, not copied.
 */
public record GgufArray(GgufType elementType, Object values) {

    public GgufArray {
        Objects.requireNonNull(elementType, "elementType");
        Objects.requireNonNull(values, "values");
        Class<?> expected = switch (elementType) {
            case UINT8, INT8 -> byte[].class;
            case UINT16, INT16 -> short[].class;
            case UINT32, INT32 -> int[].class;
            case UINT64, INT64 -> long[].class;
            case FLOAT32 -> float[].class;
            case FLOAT64 -> double[].class;
            case BOOL -> boolean[].class;
            case STRING -> String[].class;
            case ARRAY -> GgufArray[].class;
        };
        if (values.getClass() != expected) {
            throw new IllegalArgumentException(elementType + " array must be a " + expected.getSimpleName() + ", got " + values.getClass().getSimpleName());
        }
    }

    public static GgufArray ofStrings(List<String> values) {
        return new GgufArray(GgufType.STRING, values.toArray(String[]::new));
    }

    public static GgufArray ofInt32(int... values) {
        return new GgufArray(GgufType.INT32, values);
    }

    public static GgufArray ofFloat32(float... values) {
        return new GgufArray(GgufType.FLOAT32, values);
    }

    public int length() {
        return java.lang.reflect.Array.getLength(values);
    }

    public String[] strings() {
        return elements(GgufType.STRING, String[].class);
    }

    /** The elements of an INT32 or UINT32 array. */
    public int[] ints() {
        if (elementType != GgufType.UINT32) {
            return elements(GgufType.INT32, int[].class);
        }
        return (int[]) values;
    }

    public float[] floats() {
        return elements(GgufType.FLOAT32, float[].class);
    }

    private <T> T elements(GgufType wanted, Class<T> holder) {
        if (elementType != wanted) {
            throw new IllegalStateException("not a " + wanted + " array but " + elementType);
        }
        return holder.cast(values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufArray that && elementType == that.elementType
                && Arrays.deepEquals(new Object[] {values}, new Object[] {that.values});
    }

    @Override
    public int hashCode() {
        return 31 * elementType.hashCode() + Arrays.deepHashCode(new Object[] {values});
    }

    @Override
    public String toString() {
        return "[" + elementType + " x " + length() + "]";
    }
}
