package dev.hearth.engine.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Small helpers shared by the wrappers: error translation and C strings. */
final class Native {
    private Native() {}

    /** Turns whatever a downcall threw into an unchecked exception (downcalls only throw on binding bugs). */
    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException runtime) {
            return runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(t);
    }

    /** Calls an {@code int32_t f(const T *)} getter. */
    static int intOf(java.lang.invoke.MethodHandle getter, MemorySegment handle) {
        try {
            return (int) getter.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Calls a {@code uint64_t f(const T *)} getter. */
    static long longOf(java.lang.invoke.MethodHandle getter, MemorySegment handle) {
        try {
            return (long) getter.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Calls a {@code void f(T *)} destructor. */
    static void free(java.lang.invoke.MethodHandle destructor, MemorySegment handle) {
        try {
            destructor.invokeExact(handle);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static MemorySegment cString(Arena arena, String value) {
        return arena.allocateFrom(value, StandardCharsets.UTF_8);
    }

    static MemorySegment cPath(Arena arena, Path path) {
        return cString(arena, path.toAbsolutePath().toString());
    }

    /** Reads a NUL-terminated string returned by the library; null for a NULL pointer. */
    static String string(MemorySegment pointer) {
        return pointer.equals(MemorySegment.NULL) ? null : pointer.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }
}
