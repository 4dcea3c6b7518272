package dev.hearth.engine.chat;

import java.util.Map;

/**
 * How a template's model marks its reasoning ({@code <think>…</think>} and the like), and which template kwargs
 * turn thinking off. {@code open == null} means the template has no reasoning block.
 */
public record ReasoningFormat(String open, String close, Map<String, Object> disableThinkingKwargs) {

    public static final ReasoningFormat NONE = new ReasoningFormat(null, null, Map.of());

    public ReasoningFormat {
        disableThinkingKwargs = Map.copyOf(disableThinkingKwargs);
    }

    /** Reasoning and the answer that follows it; {@code reasoningContent} is empty when there was none. */
    public record Split(String reasoningContent, String content) {}

    public static ReasoningFormat detect(String template) {
        if (template == null) {
            return NONE;
        }
        Map<String, Object> disable = disableKwargs(template);
        if (template.contains("<seed:think>")) {
            return new ReasoningFormat("<seed:think>", "</seed:think>", disable);
        }
        if (template.contains("<|channel>thought")) {
            return new ReasoningFormat("<|channel>thought", "<channel|>", disable);
        }
        if (template.contains("<|START_THINKING|>")) {
            return new ReasoningFormat("<|START_THINKING|>", "<|END_THINKING|>", disable);
        }
        if (template.contains("<think>") || template.contains("</think>")) {
            return new ReasoningFormat("<think>", "</think>", disable);
        }
        return new ReasoningFormat(null, null, disable);
    }

    private static Map<String, Object> disableKwargs(String template) {
        if (template.contains("not thinking is defined")) {
            return Map.of("thinking", false);
        }
        if (template.contains("thinking_budget")) {
            return Map.of("thinking_budget", 0);
        }
        if (template.contains("enable_thinking")) {
            return Map.of("enable_thinking", false);
        }
        return Map.of();
    }

    public boolean hasReasoning() {
        return open != null;
    }

    /** Whether generation after {@code renderedPrompt} starts inside an opened, unclosed reasoning block. */
    public boolean startsInsideReasoning(String renderedPrompt) {
        return hasReasoning() && renderedPrompt.stripTrailing().endsWith(open);
    }

    /**
     * Splits output into reasoning and content. Reasoning is the text inside the block (an opening tag at the very
     * start is dropped even when the prompt already opened it), stripped; content is what follows the closing tag,
     * without leading whitespace. A block that never closes is all reasoning.
     */
    public Split split(String text, boolean startsInsideReasoning) {
        if (!hasReasoning()) {
            return new Split("", text);
        }
        int lead = Scan.skipWhitespace(text, 0);
        int start;
        if (text.startsWith(open, lead)) {
            start = lead + open.length();
        } else if (startsInsideReasoning) {
            start = 0;
        } else {
            return new Split("", text);
        }
        int end = text.indexOf(close, start);
        if (end < 0) {
            return new Split(text.substring(start).strip(), "");
        }
        return new Split(text.substring(start, end).strip(), text.substring(end + close.length()).stripLeading());
    }

    /** A stream splitter whose reasoning and content deltas add up to {@link #split}. */
    public StreamParser newStreamSplitter(boolean startsInsideReasoning) {
        return new ReasoningStreamSplitter(this, startsInsideReasoning);
    }
}
