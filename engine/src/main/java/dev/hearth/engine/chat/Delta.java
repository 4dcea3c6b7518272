package dev.hearth.engine.chat;

/** A piece of streamed output: plain content, reasoning, or part of a tool call. */
public sealed interface Delta {

    record Content(String text) implements Delta {}

    record Reasoning(String text) implements Delta {}

    /**
     * Part of tool call number {@code index}: the first delta of a call carries its id and name, later ones
     * (if any) only a further fragment of the arguments JSON.
     */
    record ToolCallDelta(int index, String id, String name, String argumentsFragment) implements Delta {}
}
