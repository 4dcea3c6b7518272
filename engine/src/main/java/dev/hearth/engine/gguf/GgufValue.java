package dev.hearth.engine.gguf;

import java.util.Objects;

/**
 * A typed GGUF metadata value. The value is held as: {@link Byte} for UINT8/INT8, {@link Short} for UINT16/INT16,
 * {@link Integer} for UINT32/INT32, {@link Long} for UINT64/INT64, {@link Float}, {@link Double}, {@link Boolean},
 * {@link String} or {@link GgufArray}; unsigned values keep their bits and are widened by the accessors.
 */
public record GgufValue(GgufType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = switch (type) {
            case UINT8, INT8 -> Byte.class;
            case UINT16, INT16 -> Short.class;
            case UINT32, INT32 -> Integer.class;
            case UINT64, INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> GgufArray.class;
        };
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException(type + " value must be a " + expected.getSimpleName() + ", got " + value.getClass().getSimpleName());
        }
    }

    public static GgufValue uint8(int value) {
        checkRange(value, 0, 0xFF, GgufType.UINT8);
        return new GgufValue(GgufType.UINT8, (byte) value);
    }

    public static GgufValue int8(byte value) {
        return new GgufValue(GgufType.INT8, value);
    }

    public static GgufValue uint16(int value) {
        checkRange(value, 0, 0xFFFF, GgufType.UINT16);
        return new GgufValue(GgufType.UINT16, (short) value);
    }

    public static GgufValue int16(short value) {
        return new GgufValue(GgufType.INT16, value);
    }

    public static GgufValue uint32(long value) {
        checkRange(value, 0, 0xFFFF_FFFFL, GgufType.UINT32);
        return new GgufValue(GgufType.UINT32, (int) value);
    }

    public static GgufValue int32(int value) {
        return new GgufValue(GgufType.INT32, value);
    }

    /** An unsigned 64-bit value given by its bits. */
    public static GgufValue uint64(long value) {
        return new GgufValue(GgufType.UINT64, value);
    }

    public static GgufValue int64(long value) {
        return new GgufValue(GgufType.INT64, value);
    }

    public static GgufValue float32(float value) {
        return new GgufValue(GgufType.FLOAT32, value);
    }

    public static GgufValue float64(double value) {
        return new GgufValue(GgufType.FLOAT64, value);
    }

    public static GgufValue bool(boolean value) {
        return new GgufValue(GgufType.BOOL, value);
    }

    public static GgufValue string(String value) {
        return new GgufValue(GgufType.STRING, value);
    }

    public static GgufValue array(GgufArray value) {
        return new GgufValue(GgufType.ARRAY, value);
    }

    /** Any integer type as a long; unsigned types are read as unsigned (UINT64 keeps its bits). */
    public long asLong() {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedLong((Byte) value);
            case UINT16 -> Short.toUnsignedLong((Short) value);
            case UINT32 -> Integer.toUnsignedLong((Integer) value);
            case INT8, INT16, INT32, INT64, UINT64 -> ((Number) value).longValue();
            default -> throw new IllegalStateException("not an integer: " + this);
        };
    }

    public int asInt() {
        return Math.toIntExact(asLong());
    }

    /** Any number, integers included, as a double. */
    public double asDouble() {
        return switch (type) {
            case FLOAT32, FLOAT64 -> ((Number) value).doubleValue();
            default -> asLong();
        };
    }

    public float asFloat() {
        return (float) asDouble();
    }

    public boolean asBoolean() {
        return requireType(GgufType.BOOL, Boolean.class);
    }

    public String asString() {
        return requireType(GgufType.STRING, String.class);
    }

    public GgufArray asArray() {
        return requireType(GgufType.ARRAY, GgufArray.class);
    }

    @Override
    public String toString() {
        return type + ":" + (type == GgufType.STRING ? "'" + value + "'" : type == GgufType.ARRAY ? value : String.valueOf(asDisplayed()));
    }

    private Object asDisplayed() {
        return switch (type) {
            case UINT8, UINT16, UINT32 -> asLong();
            case UINT64 -> Long.toUnsignedString((Long) value);
            default -> value;
        };
    }

    private <T> T requireType(GgufType wanted, Class<T> holder) {
        if (type != wanted) {
            throw new IllegalStateException("not a " + wanted + ": " + this);
        }
        return holder.cast(value);
    }

    private static void checkRange(long value, long min, long max, GgufType type) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " is out of range for " + type);
        }
    }
}
