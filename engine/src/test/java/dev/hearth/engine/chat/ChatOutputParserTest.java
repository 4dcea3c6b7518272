package dev.hearth.engine.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChatOutputParserTest {

    private static final String QWEN3 = "Qwen-Qwen3-0.6B";

    private static ChatOutputParser qwen3(boolean withTools) {
        String template = ChatTemplates.source(QWEN3);
        return new ChatOutputParser(ReasoningFormat.detect(template), false,
                withTools ? ToolCallFormats.detect(template) : ToolCallFormats.contentOnly());
    }

    @Test
    void reasoningThenToolCalls() {
        String output = "<think>\nThe user wants the weather.\n</think>\n\nI'll check.\n<tool_call>\n{\"name\": "
                + "\"get_current_weather\", \"arguments\": {\"location\": \"Paris, France\", \"unit\": \"celsius\"}}\n</tool_call>";
        ChatOutputParser.Parsed parsed = qwen3(true).parse(output);
        assertEquals("The user wants the weather.", parsed.reasoningContent());
        assertEquals("I'll check.", parsed.content());
        assertEquals(ChatTemplates.WEATHER_ARGS, parsed.toolCalls().getFirst().argumentsJson());
        assertStreamsLikeParse(qwen3(true), output);
    }

    @Test
    void withoutToolsCallMarkupStaysContent() {
        String output = "<think>x</think><tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n</tool_call>";
        ChatOutputParser.Parsed parsed = qwen3(false).parse(output);
        assertEquals("x", parsed.reasoningContent());
        assertEquals("<tool_call>\n{\"name\": \"f\", \"arguments\": {}}\n</tool_call>", parsed.content());
        assertEquals(List.of(), parsed.toolCalls());
        assertStreamsLikeParse(qwen3(false), output);
    }

    @Test
    void deepSeekR1StartsInsideTheBlock() {
        String template = ChatTemplates.source("deepseek-ai-DeepSeek-R1-Distill-Llama-8B");
        ReasoningFormat reasoning = ReasoningFormat.detect(template);
        String prompt = ChatTemplates.render("deepseek-ai-DeepSeek-R1-Distill-Llama-8B", "a-single-user");
        assertEquals(true, reasoning.startsInsideReasoning(prompt));
        ChatOutputParser parser = new ChatOutputParser(reasoning, reasoning.startsInsideReasoning(prompt),
                ToolCallFormats.detect(template));
        String output = "Need weather.\n</think>\n\n<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>"
                + "get_current_weather\n```json\n{\"location\": \"Paris, France\", \"unit\": \"celsius\"}\n```<｜tool▁call▁end｜>"
                + "<｜tool▁calls▁end｜>";
        ChatOutputParser.Parsed parsed = parser.parse(output);
        assertEquals("Need weather.", parsed.reasoningContent());
        assertEquals("", parsed.content());
        assertEquals("get_current_weather", parsed.toolCalls().getFirst().name());
        assertStreamsLikeParse(parser, output);
    }

    private static void assertStreamsLikeParse(ChatOutputParser parser, String text) {
        ChatOutputParser.Parsed expected = parser.parse(text);
        Random random = new Random(text.hashCode());
        List<List<String>> splittings = new ArrayList<>();
        splittings.add(text.codePoints().mapToObj(Character::toString).toList());
        for (int i = 0; i < 60; i++) {
            splittings.add(Streams.randomSplit(text, random));
        }
        for (List<String> pieces : splittings) {
            Streams.Collected got = Streams.run(parser.newStreamParser(), pieces);
            assertEquals(expected.reasoningContent(), got.reasoning(), () -> "reasoning for " + pieces);
            assertEquals(expected.content(), got.content(), () -> "content for " + pieces);
            assertEquals(Streams.raw(expected.toolCalls()), got.calls(), () -> "calls for " + pieces);
        }
    }
}
