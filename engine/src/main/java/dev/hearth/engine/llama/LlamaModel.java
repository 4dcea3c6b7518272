package dev.hearth.engine.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SegmentAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A GGUF model loaded (memory-mapped) by libllama. Close it after every context and adapter made from it. */
public final class LlamaModel implements AutoCloseable {
    private final MemorySegment handle;
    private final Vocab vocab;
    private final Path path;
    private boolean closed;

    private LlamaModel(MemorySegment handle, Path path) {
        this.handle = handle;
        this.path = path;
        try {
            this.vocab = new Vocab((MemorySegment) Api.model_get_vocab.invokeExact(handle));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** Loads the weights with mmap. */
    public static LlamaModel load(Path path) {
        return load(path, false);
    }

    /** Loads only the tokenizer: enough for tokenize/detokenize and metadata, no weights in memory. */
    public static LlamaModel loadVocabOnly(Path path) {
        return load(path, true);
    }

    private static LlamaModel load(Path path, boolean vocabOnly) {
        LlamaLibrary.ensureLoaded();
        if (!Files.isRegularFile(path)) {
            throw new LlamaException("model file " + path + " does not exist");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment params = (MemorySegment) Api.model_default_params.invokeExact((SegmentAllocator) arena);
            params.set(JAVA_INT, Structs.MP_N_GPU_LAYERS, -1);
            params.set(JAVA_INT, Structs.MP_LOAD_MODE, 1); // LLAMA_LOAD_MODE_MMAP
            params.set(JAVA_BOOLEAN, Structs.MP_VOCAB_ONLY, vocabOnly);
            MemorySegment model = (MemorySegment) Api.model_load_from_file.invokeExact(Native.cPath(arena, path), params);
            if (model.equals(MemorySegment.NULL)) {
                // llama.cpp logs the reason ("error loading model: unknown model architecture ...") before a generic line.
                String why = LlamaLibrary.recentErrors().stream().filter(l -> l.contains("error loading model")).findFirst()
                        .map(l -> l.replaceFirst("^.*?error loading model: ", "")).orElse(null);
                throw new LlamaException("llama.cpp could not load " + path + (why == null
                        ? " (not a GGUF model it supports; see the log)" : ": " + why));
            }
            return new LlamaModel(model, path);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public Path path() {
        return path;
    }

    public Vocab vocab() {
        return vocab;
    }

    MemorySegment handle() {
        if (closed) {
            throw new IllegalStateException("model is closed");
        }
        return handle;
    }

    /** A GGUF metadata value as a string (arrays are not supported by libllama); empty when absent. */
    public Optional<String> meta(String key) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(4096);
            int n = (int) Api.model_meta_val_str.invokeExact(handle(), Native.cString(arena, key), buffer, 4096L);
            if (n < 0) {
                return Optional.empty();
            }
            if (n >= 4096) {
                buffer = arena.allocate(n + 1L);
                int ignored = (int) Api.model_meta_val_str.invokeExact(handle(), Native.cString(arena, key), buffer, n + 1L);
            }
            return Optional.of(buffer.getString(0));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public String architecture() {
        return meta("general.architecture").orElse("unknown");
    }

    public String description() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(256);
            int ignored = (int) Api.model_desc.invokeExact(handle(), buffer, 256L);
            return buffer.getString(0);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    /** The default chat template stored in the model, if any. */
    public Optional<String> chatTemplate() {
        try {
            MemorySegment template = (MemorySegment) Api.model_chat_template.invokeExact(handle(), MemorySegment.NULL);
            return Optional.ofNullable(Native.string(template));
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public int contextLengthTrained() {
        return Native.intOf(Api.model_n_ctx_train, handle());
    }

    public int embeddingSize() {
        return Native.intOf(Api.model_n_embd, handle());
    }

    /** The width of pooled embeddings (usually {@link #embeddingSize()}). */
    public int embeddingOutputSize() {
        return Native.intOf(Api.model_n_embd_out, handle());
    }

    public int layers() {
        return Native.intOf(Api.model_n_layer, handle());
    }

    public long parameterCount() {
        return Native.longOf(Api.model_n_params, handle());
    }

    public long sizeBytes() {
        return Native.longOf(Api.model_size, handle());
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.free(Api.model_free, handle);
        }
    }
}
