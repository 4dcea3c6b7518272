package dev.hearth.engine.chat;

import java.util.List;

/** Model output split into the text meant for the user and the tool calls found in it. */
public record ParsedOutput(String content, List<ToolCall> toolCalls) {
    public ParsedOutput {
        toolCalls = List.copyOf(toolCalls);
    }

    public boolean hasToolCalls() {
        return !toolCalls.isEmpty();
    }
}
