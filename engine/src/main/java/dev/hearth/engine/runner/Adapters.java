package dev.hearth.engine.runner;

import dev.hearth.engine.llama.LlamaModel;
import dev.hearth.engine.llama.LoraAdapter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The LoRA adapters loaded into the runner's model, by name. Loading and freeing happen on the scheduler
 * thread; an adapter unloaded while requests use it is freed when the last of them finishes.
 */
final class Adapters {
    /** A loaded adapter; {@code id} is unique per load so a reloaded name never reuses stale KV cache. */
    static final class Loaded {
        final String name;
        final Path path;
        final long id;
        final LoraAdapter handle;
        int users;
        boolean retired;

        Loaded(String name, Path path, long id, LoraAdapter handle) {
            this.name = name;
            this.path = path;
            this.id = id;
            this.handle = handle;
        }
    }

    /** An adapter set resolved to loaded adapters; {@code key} identifies it for batching and cache reuse. */
    record Resolved(List<Loaded> adapters, float[] scales, String key) {
        static final Resolved NONE = new Resolved(List.of(), new float[0], "");

        List<LoraAdapter> handles() {
            return adapters.stream().map(a -> a.handle).toList();
        }
    }

    private final LlamaModel model;
    private final Map<String, Loaded> byName = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    Adapters(LlamaModel model) {
        this.model = model;
    }

    boolean contains(String name) {
        return byName.containsKey(name);
    }

    List<Loaded> list() {
        return byName.values().stream().sorted((a, b) -> a.name.compareTo(b.name)).toList();
    }

    int size() {
        return byName.size();
    }

    /** Scheduler thread only. */
    Loaded load(String name, Path path) {
        if (byName.containsKey(name)) {
            throw new IllegalStateException("adapter " + name + " is already loaded");
        }
        Loaded loaded = new Loaded(name, path, ids.incrementAndGet(), LoraAdapter.load(model, path));
        byName.put(name, loaded);
        return loaded;
    }

    /** Scheduler thread only. Returns false when no adapter has that name. */
    boolean unload(String name) {
        Loaded loaded = byName.remove(name);
        if (loaded == null) {
            return false;
        }
        loaded.retired = true;
        if (loaded.users == 0) {
            loaded.handle.close();
        }
        return true;
    }

    /** Scheduler thread only: takes a reference on each adapter of the set, or returns null when one is gone. */
    Resolved acquire(AdapterSet set) {
        if (set.isEmpty()) {
            return Resolved.NONE;
        }
        List<Loaded> adapters = new ArrayList<>();
        float[] scales = new float[set.entries().size()];
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < scales.length; i++) {
            AdapterSet.Entry entry = set.entries().get(i);
            Loaded loaded = byName.get(entry.name());
            if (loaded == null) {
                return null;
            }
            adapters.add(loaded);
            scales[i] = entry.scale();
            key.append(loaded.id).append(':').append(entry.scale()).append(';');
        }
        adapters.forEach(a -> a.users++);
        return new Resolved(List.copyOf(adapters), scales, key.toString());
    }

    /** Scheduler thread only. */
    void release(Resolved resolved) {
        for (Loaded adapter : resolved.adapters()) {
            adapter.users--;
            if (adapter.retired && adapter.users == 0) {
                adapter.handle.close();
            }
        }
    }

    /** Scheduler thread only, at shutdown. */
    void closeAll() {
        byName.values().forEach(a -> a.handle.close());
        byName.clear();
    }
}
