package dev.hearth.engine.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ReasoningFormatTest {

    private static final ReasoningFormat THINK = ReasoningFormat.detect(ChatTemplates.source("Qwen-Qwen3-0.6B"));

    @Test
    void detectsTagsAndTheKwargThatTurnsThinkingOff() {
        assertEquals("<think>", THINK.open());
        assertEquals("</think>", THINK.close());
        assertEquals(Map.of("enable_thinking", false), THINK.disableThinkingKwargs());
        assertEquals(Map.of("enable_thinking", false),
                ReasoningFormat.detect(ChatTemplates.source("HuggingFaceTB-SmolLM3-3B")).disableThinkingKwargs());
        ReasoningFormat v31 = ReasoningFormat.detect(ChatTemplates.source("deepseek-ai-DeepSeek-V3.1"));
        assertEquals("<think>", v31.open());
        assertEquals(Map.of("thinking", false), v31.disableThinkingKwargs());
        ReasoningFormat seed = ReasoningFormat.detect(ChatTemplates.source("ByteDance-Seed-OSS"));
        assertEquals("</seed:think>", seed.close());
        assertEquals(Map.of("thinking_budget", 0), seed.disableThinkingKwargs());
        ReasoningFormat cohere = ReasoningFormat.detect(ChatTemplates.source("CohereForAI-c4ai-command-r7b-12-2024-tool_use"));
        assertEquals("<|END_THINKING|>", cohere.close());
        assertTrue(ReasoningFormat.detect(ChatTemplates.source("Kimi-K2-Thinking")).hasReasoning());
        ReasoningFormat gemma = ReasoningFormat.detect(ChatTemplates.source("google-gemma-4-31B-it"));
        assertEquals(new ReasoningFormat.Split("plan", "answer"), gemma.split("<|channel>thought\nplan<channel|>answer", false));
        assertTrue(ReasoningFormat.detect(ChatTemplates.source("deepseek-ai-DeepSeek-R1-Distill-Llama-8B")).hasReasoning());
        ReasoningFormat llama = ReasoningFormat.detect(ChatTemplates.source("meta-llama-Llama-3.1-8B-Instruct"));
        assertFalse(llama.hasReasoning());
        assertNull(llama.open());
        assertEquals(Map.of(), llama.disableThinkingKwargs());
    }

    @Test
    void knowsWhenTheGenerationPromptOpensTheBlock() {
        ReasoningFormat r1 = ReasoningFormat.detect(ChatTemplates.source("deepseek-ai-DeepSeek-R1-Distill-Llama-8B"));
        assertTrue(r1.startsInsideReasoning(ChatTemplates.render("deepseek-ai-DeepSeek-R1-Distill-Llama-8B", "a-single-user")));
        assertFalse(THINK.startsInsideReasoning(ChatTemplates.render("Qwen-Qwen3-0.6B", "a-single-user")));
        assertFalse(THINK.startsInsideReasoning("<|im_start|>assistant\n<think>\n\n</think>\n\n"));
        assertFalse(ReasoningFormat.NONE.startsInsideReasoning("<think>"));
    }

    static Stream<Arguments> splits() {
        return Stream.of(
                Arguments.of("<think>\nLet me think.\n</think>\n\nThe answer is 4.", false, "Let me think.", "The answer is 4."),
                Arguments.of("  <think>a < b </thin k></think>x", false, "a < b </thin k>", "x"),
                Arguments.of("Let me think.\n</think>\n\nThe answer.", true, "Let me think.", "The answer."),
                Arguments.of("<think>\nre-opened\n</think>\nanswer", true, "re-opened", "answer"),
                Arguments.of("Still thinking when cut off", true, "Still thinking when cut off", ""),
                Arguments.of("<think>unterminated", false, "unterminated", ""),
                Arguments.of("No reasoning here. <think>not at start</think>", false, "", "No reasoning here. <think>not at start</think>"),
                Arguments.of("\n  plain\n", false, "", "\n  plain\n"),
                Arguments.of("<think></think>", false, "", ""),
                Arguments.of("   ", true, "", ""),
                Arguments.of("<thi", false, "", "<thi"),
                Arguments.of("<think>\n\n</think>\n\n<tool_call>\n{}\n</tool_call>", false, "", "<tool_call>\n{}\n</tool_call>"));
    }

    @ParameterizedTest
    @MethodSource("splits")
    void splitsAndStreamsAlike(String text, boolean startsInside, String reasoning, String content) {
        assertEquals(new ReasoningFormat.Split(reasoning, content), THINK.split(text, startsInside));
        Random random = new Random(text.hashCode());
        List<List<String>> splittings = new ArrayList<>();
        splittings.add(List.of(text));
        splittings.add(text.codePoints().mapToObj(Character::toString).toList());
        for (int i = 0; i < 60; i++) {
            splittings.add(Streams.randomSplit(text, random));
        }
        for (List<String> pieces : splittings) {
            Streams.Collected got = Streams.run(THINK.newStreamSplitter(startsInside), pieces);
            assertEquals(reasoning, got.reasoning(), () -> "reasoning for " + pieces);
            assertEquals(content, got.content(), () -> "content for " + pieces);
        }
    }

    @Test
    void reasoningStreamsAsItComes() {
        StreamParser splitter = THINK.newStreamSplitter(false);
        assertEquals(List.of(), splitter.accept("<thi"));
        assertEquals(List.of(new Delta.Reasoning("Step")), splitter.accept("nk>\nStep"));
        assertEquals(List.of(new Delta.Reasoning(" one.")), splitter.accept(" one.\n</th"));
        assertEquals(List.of(), splitter.accept("ink>\n\n"));
        assertEquals(List.of(new Delta.Content("Done")), splitter.accept("Done"));
        assertEquals(List.of(), splitter.finish());
    }

    @Test
    void withoutReasoningEverythingIsContent() {
        assertEquals(new ReasoningFormat.Split("", "<think>x</think>y"), ReasoningFormat.NONE.split("<think>x</think>y", true));
        StreamParser splitter = ReasoningFormat.NONE.newStreamSplitter(true);
        assertEquals(List.of(new Delta.Content("<think>")), splitter.accept("<think>"));
    }

    @Test
    void reasoningComesOffBeforeToolCallsAreRead() {
        String output = "<think>\nI need the weather.\n</think>\n\n<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": "
                + "{\"location\": \"Paris, France\", \"unit\": \"celsius\"}}\n</tool_call>";
        ReasoningFormat.Split split = THINK.split(output, false);
        assertEquals("I need the weather.", split.reasoningContent());
        ParsedOutput parsed = ChatTemplates.format("Qwen-Qwen3-0.6B").parse(split.content());
        assertEquals("", parsed.content());
        assertEquals(ChatTemplates.WEATHER_ARGS, parsed.toolCalls().getFirst().argumentsJson());
    }
}
