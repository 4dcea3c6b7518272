package dev.hearth.engine.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Text produced as a forced-call grammar describes must read back as exactly those calls, and nothing else. */
class ToolCallGrammarTest {

    private static final Map<String, String> ARGUMENT_TEXT = Map.of(
            "weather-args", "{\"location\": \"Paris, France\", \"unit\": \"celsius\"}",
            "news-args", "{ \"query\" : \"Louvre \\\"news\\\" \u00e9t\u00e9 \\\\ [x]\", \"max_results\": 3 }");
    private static final Map<String, String> EXPECTED_ARGUMENTS = Map.of(
            "get_current_weather", ChatTemplates.WEATHER_ARGS,
            "search_news", "{\"query\":\"Louvre \\\"news\\\" \u00e9t\u00e9 \\\\ [x]\",\"max_results\":3}");

    static Stream<String> forcedCallTemplates() {
        return ChatTemplates.names().stream().filter(name -> ChatTemplates.format(name).supportsForcedCalls());
    }

    @ParameterizedTest
    @MethodSource("forcedCallTemplates")
    void grammarOutputParsesBackToTheCalls(String name) {
        ToolCallFormat format = ChatTemplates.format(name);
        List<String> calls = List.of(format.callGrammar("get_current_weather", "weather-args"),
                format.callGrammar("search_news", "news-args"));
        Random random = new Random(name.hashCode());
        for (boolean parallel : new boolean[] {false, true}) {
            String grammar = format.callsGrammar(calls, parallel);
            boolean sawSeveral = false;
            for (int i = 0; i < 40; i++) {
                String text = GbnfSampler.sample(grammar, ARGUMENT_TEXT, random);
                ParsedOutput parsed = format.parse(text);
                assertEquals("", parsed.content(), () -> name + " left content in " + text);
                assertFalse(parsed.toolCalls().isEmpty(), () -> name + " found no call in " + text);
                if (!parallel || !format.supportsParallel()) {
                    assertEquals(1, parsed.toolCalls().size(), text);
                }
                sawSeveral |= parsed.toolCalls().size() > 1;
                for (ToolCall call : parsed.toolCalls()) {
                    assertEquals(EXPECTED_ARGUMENTS.get(call.name()), call.argumentsJson(), text);
                }
                if (i % 8 == 0) {
                    Streams.assertStreamsLikeParse(format, text, i);
                }
            }
            assertEquals(parallel && format.supportsParallel(), sawSeveral, name + " parallel=" + parallel);
        }
    }

    @Test
    void theFamiliesThatMustForceCallsCan() {
        for (String name : List.of("Qwen-Qwen3-0.6B", "Qwen-Qwen2.5-7B-Instruct", "NousResearch-Hermes-3-Llama-3.1-8B-tool_use",
                "meta-llama-Llama-3.1-8B-Instruct", "meta-llama-Llama-3.2-3B-Instruct", "Mistral-Small-3.2-24B-Instruct-2506",
                "unsloth-mistral-Devstral-Small-2507", "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B", "deepseek-ai-DeepSeek-V3.1",
                "fireworks-ai-llama-3-firefunction-v2")) {
            assertTrue(ChatTemplates.format(name).supportsForcedCalls(), name);
        }
    }

    @Test
    void hermesGrammarUsesTheTemplateWhitespace() {
        ToolCallFormat format = ChatTemplates.format("Qwen-Qwen3-0.6B");
        String call = format.callGrammar("get_current_weather", "args");
        assertEquals("\"<tool_call>\\n{\\\"name\\\": \\\"get_current_weather\\\", \\\"arguments\\\": \" args \"}\\n</tool_call>\"",
                call);
        assertEquals("(" + call + ") (\"\\n\" (" + call + "))*", format.callsGrammar(List.of(call), true));
        assertEquals("(" + call + ")", format.callsGrammar(List.of(call), false));
    }

    @Test
    void literalsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\u00e9\"", Gbnf.literal("a\"b\\c\nd\te\u00e9"));
        assertEquals("\"\\x01\"", Gbnf.literal("\u0001"));
    }
}
