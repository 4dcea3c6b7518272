package dev.hearth.engine.llama;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;

/** A LoRA adapter GGUF loaded for a model. Free it before the model. */
public final class LoraAdapter implements AutoCloseable {
    private final MemorySegment handle;
    private final Path path;
    private boolean closed;

    private LoraAdapter(MemorySegment handle, Path path) {
        this.handle = handle;
        this.path = path;
    }

    public static LoraAdapter load(LlamaModel model, Path path) {
        if (!Files.isRegularFile(path)) {
            throw new LlamaException("LoRA adapter file " + path + " does not exist");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment adapter = (MemorySegment) Api.adapter_lora_init.invokeExact(model.handle(), Native.cPath(arena, path));
            if (adapter.equals(MemorySegment.NULL)) {
                throw new LlamaException("llama.cpp could not load LoRA adapter " + path
                        + " (not a GGUF LoRA adapter for this model; see the log)");
            }
            return new LoraAdapter(adapter, path);
        } catch (Throwable t) {
            throw Native.rethrow(t);
        }
    }

    public Path path() {
        return path;
    }

    MemorySegment handle() {
        if (closed) {
            throw new IllegalStateException("adapter is closed");
        }
        return handle;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Native.free(Api.adapter_lora_free, handle);
        }
    }
}
