package dev.hearth.engine.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and loads libllama and libggml (release v0.5.0), loads the best CPU backend variant, routes native
 * logging to SLF4J and checks that the struct layouts this binding was written for match the library.
 * Everything else in this package calls {@link #ensureLoaded()} before touching native code.
 */
public final class LlamaLibrary {
    /** Environment variable naming another directory of llama.cpp libraries (a CUDA build, a source build). */
    public static final String DIR_ENV = "HEARTH_LLAMA_LIB_DIR";
    /** System property set by the launcher and the build to the libraries the build extracted. */
    public static final String DIR_PROPERTY = "hearth.llama.dir";

    private static final Logger LOG = LoggerFactory.getLogger("llama.cpp");
    private static final List<String> LLAMA_NAMES = List.of("libllama.v0.5.0.so", "libllama.so");
    private static final List<String> GGML_NAMES = List.of("libggml.v0.5.0.so", "libggml.so");

    private static volatile SymbolLookup lookup;
    private static Path directory;

    private LlamaLibrary() {}

    /** Loads the libraries once; throws {@link LlamaLoadException} with a one-line reason when that is impossible. */
    public static void ensureLoaded() {
        if (lookup == null) {
            synchronized (LlamaLibrary.class) {
                if (lookup == null) {
                    load(resolveDirectory());
                }
            }
        }
    }

    public static Path directory() {
        ensureLoaded();
        return directory;
    }

    static SymbolLookup lookup() {
        ensureLoaded();
        return lookup;
    }

    static Path resolveDirectory() {
        String fromEnv = System.getenv(DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String fromProperty = System.getProperty(DIR_PROPERTY);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return Path.of(fromProperty);
        }
        throw new LlamaLoadException("llama.cpp libraries not configured: set " + DIR_ENV
                + " to a directory holding libllama, or run through ./hearth, which uses the ones the build fetched");
    }

    static void load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new LlamaLoadException("llama.cpp library directory " + dir + " does not exist"
                    + " (build with ./mvnw package, or set " + DIR_ENV + ")");
        }
        Path llama = find(dir, LLAMA_NAMES);
        Path ggml = find(dir, GGML_NAMES);
        SymbolLookup loaded;
        try {
            loaded = SymbolLookup.libraryLookup(llama, Arena.global()).or(SymbolLookup.libraryLookup(ggml, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new LlamaLoadException("cannot load " + llama + ": " + e.getMessage());
        }
        Linker linker = Linker.nativeLinker();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment logCallback = logCallbackStub(linker);
            call(linker, loaded, "llama_log_set", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                    logCallback, MemorySegment.NULL);
            call(linker, loaded, "ggml_log_set", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS),
                    logCallback, MemorySegment.NULL);
            call(linker, loaded, "ggml_backend_load_all_from_path", FunctionDescriptor.ofVoid(ValueLayout.ADDRESS),
                    arena.allocateFrom(dir.toAbsolutePath().toString()));
            call(linker, loaded, "llama_backend_init", FunctionDescriptor.ofVoid());
        }
        Structs.checkLayouts(linker, loaded);
        directory = dir;
        lookup = loaded;
        LOG.debug("loaded llama.cpp from {}", dir);
    }

    private static Path find(Path dir, List<String> names) {
        for (String name : names) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new LlamaLoadException("llama.cpp library " + names.getFirst() + " not found in " + dir
                + " (build with ./mvnw package, or set " + DIR_ENV + ")");
    }

    private static void call(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor descriptor, Object... args) {
        MethodHandle handle = linker.downcallHandle(symbol(lookup, name), descriptor);
        try {
            handle.invokeWithArguments(args);
        } catch (Throwable t) {
            throw new LlamaLoadException(name + " failed: " + t);
        }
    }

    static MemorySegment symbol(SymbolLookup lookup, String name) {
        Optional<MemorySegment> found = lookup.find(name);
        return found.orElseThrow(() -> new LlamaLoadException(
                "symbol " + name + " missing from the llama.cpp libraries; Hearth needs llama.cpp release v0.5.0"));
    }

    private static MemorySegment logCallbackStub(Linker linker) {
        try {
            MethodHandle target = MethodHandles.lookup().findStatic(LlamaLibrary.class, "log",
                    MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class));
            return linker.upcallStub(target,
                    FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int lastLevel = 2;
    private static final java.util.Deque<String> recentErrors = new java.util.concurrent.ConcurrentLinkedDeque<>();

    /** The errors llama.cpp logged most recently (at most four, oldest first): why a model did not load, say. */
    public static java.util.List<String> recentErrors() {
        return java.util.List.copyOf(recentErrors);
    }

    // Upcall from native code: INFO is very chatty (every tensor, every context), so it goes to DEBUG.
    private static void log(int level, MemorySegment text, MemorySegment userData) {
        if (level == 5) {
            level = lastLevel;
        } else {
            lastLevel = level;
        }
        String line = text.reinterpret(Long.MAX_VALUE).getString(0).stripTrailing();
        if (line.isEmpty() || line.equals(".")) {
            return;
        }
        switch (level) {
            case 4 -> {
                recentErrors.addLast(line);
                while (recentErrors.size() > 4) {
                    recentErrors.pollFirst();
                }
                LOG.error(line);
            }
            case 3 -> LOG.warn(line);
            case 2 -> LOG.debug(line);
            default -> LOG.trace(line);
        }
    }
}
