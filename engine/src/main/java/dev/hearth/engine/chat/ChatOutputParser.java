package dev.hearth.engine.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a chat completion's output: reasoning comes off first, then tool calls are read from the remaining content.
 * Pass {@link ToolCallFormats#contentOnly()} when the request has no tools (or {@code tool_choice: none}).
 */
public final class ChatOutputParser {

    /** A whole output, read: {@code reasoningContent} is empty when the model did not reason. */
    public record Parsed(String reasoningContent, String content, List<ToolCall> toolCalls) {
        public Parsed {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    private final ReasoningFormat reasoning;
    private final boolean startsInsideReasoning;
    private final ToolCallFormat tools;

    /**
     * @param startsInsideReasoning whether the prompt already opened the reasoning block, see
     *                              {@link ReasoningFormat#startsInsideReasoning}
     */
    public ChatOutputParser(ReasoningFormat reasoning, boolean startsInsideReasoning, ToolCallFormat tools) {
        this.reasoning = reasoning;
        this.startsInsideReasoning = startsInsideReasoning;
        this.tools = tools;
    }

    public Parsed parse(String text) {
        ReasoningFormat.Split split = reasoning.split(text, startsInsideReasoning);
        ParsedOutput output = tools.parse(split.content());
        return new Parsed(split.reasoningContent(), output.content(), output.toolCalls());
    }

    /** Reasoning, content and tool-call deltas that add up to {@link #parse} of the whole text. */
    public StreamParser newStreamParser() {
        StreamParser splitter = reasoning.newStreamSplitter(startsInsideReasoning);
        StreamParser toolParser = tools.newStreamParser();
        return new StreamParser() {
            @Override
            public List<Delta> accept(String textDelta) {
                return route(splitter.accept(textDelta), toolParser);
            }

            @Override
            public List<Delta> finish() {
                List<Delta> deltas = route(splitter.finish(), toolParser);
                deltas.addAll(toolParser.finish());
                return deltas;
            }
        };
    }

    private static List<Delta> route(List<Delta> split, StreamParser toolParser) {
        List<Delta> out = new ArrayList<>();
        for (Delta delta : split) {
            if (delta instanceof Delta.Content content) {
                out.addAll(toolParser.accept(content.text()));
            } else {
                out.add(delta);
            }
        }
        return out;
    }
}
