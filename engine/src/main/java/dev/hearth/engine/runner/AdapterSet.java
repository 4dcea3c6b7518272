package dev.hearth.engine.runner;

import java.util.List;

/**
 * The LoRA adapters (by name, with scales) a request runs with. Requests with different sets never share a
 * llama_decode, and a slot's cached prefix is only reused by a request with the same set.
 */
record AdapterSet(List<Entry> entries) {
    static final AdapterSet NONE = new AdapterSet(List.of());

    record Entry(String name, float scale) {}

    AdapterSet {
        entries = List.copyOf(entries);
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }
}
