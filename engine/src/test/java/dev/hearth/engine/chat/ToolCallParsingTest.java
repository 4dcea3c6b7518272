package dev.hearth.engine.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Output as each family writes it: single and parallel calls, content before calls, malformed calls. */
class ToolCallParsingTest {

    private static final String W = "{\"location\": \"Paris, France\", \"unit\": \"celsius\"}";
    private static final String N = "{\"query\": \"Louvre \\\"news\\\" \\u00e9t\u00e9\", \"max_results\": 3}";
    private static final RawCall WEATHER = new RawCall("get_current_weather", ChatTemplates.WEATHER_ARGS);
    private static final RawCall NEWS = new RawCall("search_news", "{\"query\":\"Louvre \\\"news\\\" \u00e9t\u00e9\",\"max_results\":3}");

    record Sample(String template, String text, String content, List<RawCall> calls) {
        @Override
        public String toString() {
            return template + ": " + text.replace("\n", "\\n");
        }
    }

    private static Sample calls(String template, String text, String content, RawCall... calls) {
        return new Sample(template, text, content, List.of(calls));
    }

    /** Text that must come back unchanged as content. */
    private static Sample content(String template, String text) {
        return new Sample(template, text, text, List.of());
    }

    static Stream<Sample> samples() {
        String qwen = "Qwen-Qwen3-0.6B";
        String llama = "meta-llama-Llama-3.1-8B-Instruct";
        String mistral = "Mistral-Small-3.2-24B-Instruct-2506";
        String devstral = "unsloth-mistral-Devstral-Small-2507";
        String r1 = "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B";
        String v31 = "deepseek-ai-DeepSeek-V3.1";
        String fire = "fireworks-ai-llama-3-firefunction-v2";
        String r1Call = "<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_current_weather\n```json\n" + W + "\n```<｜tool▁call▁end｜>";
        String r1News = "<｜tool▁call▁begin｜>function<｜tool▁sep｜>search_news\n```json\n" + N + "\n```<｜tool▁call▁end｜>";
        return Stream.of(
                // Hermes / Qwen
                calls(qwen, "<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": " + W + "}\n</tool_call>", "", WEATHER),
                calls(qwen, "<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": " + W + "}\n</tool_call>\n<tool_call>\n{\"name\": \"search_news\", \"arguments\": " + N + "}\n</tool_call>", "", WEATHER, NEWS),
                calls(qwen, "Let me check that.\n\n<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": " + W + "}\n</tool_call>\n", "Let me check that.", WEATHER),
                calls(qwen, "<tool_call>{\"name\":\"get_current_weather\",\"arguments\":\"{\\\"location\\\": \\\"Paris, France\\\", \\\"unit\\\": \\\"celsius\\\"}\"}</tool_call>", "", WEATHER),
                content(qwen, "<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": {\"location\": }\n</tool_call>"),
                content(qwen, "<tool_call>\n{\"name\": \"get_current_weather\", \"arguments\": " + W + "}"),
                content(qwen, "<tool_call>\n{\"nombre\": \"x\"}\n</tool_call> and text"),
                content(qwen, "Plain answer, with <b>markup</b> and {\"json\": true}.\n"),
                // Llama 3.x
                calls(llama, "{\"name\": \"get_current_weather\", \"parameters\": " + W + "}", "", WEATHER),
                calls(llama, "<|python_tag|>{\"name\": \"get_current_weather\", \"parameters\": " + W + "}", "", WEATHER),
                calls(llama, "I will look it up.\n{\n  \"name\": \"get_current_weather\",\n  \"parameters\": " + W + "\n}", "I will look it up.", WEATHER),
                content(llama, "Here is a person: {\"name\": \"Ada\", \"age\": 36}"),
                content(llama, "{\"name\": \"get_current_weather\", \"parameters\": \"Paris\"}"),
                content(llama, "<|python_tag|>brave_search.call(query=\"Paris\")"),
                // Mistral
                calls(mistral, "[TOOL_CALLS]get_current_weather[CALL_ID]a1B2c3D4e[ARGS]" + W, "", WEATHER),
                calls(mistral, "[TOOL_CALLS]get_current_weather[CALL_ID]a1B2c3D4e[ARGS]" + W + "[TOOL_CALLS]search_news[CALL_ID]Zz9Yy8Xx7[ARGS]" + N, "", WEATHER, NEWS),
                calls(devstral, "Checking.[TOOL_CALLS]get_current_weather[ARGS]" + W, "Checking.", WEATHER),
                calls(devstral, "[TOOL_CALLS][{\"name\": \"get_current_weather\", \"arguments\": " + W + ", \"id\": \"abc123xyz\"}, {\"name\": \"search_news\", \"arguments\": " + N + "}]", "", WEATHER, NEWS),
                content(devstral, "[TOOL_CALLS]get current weather[ARGS]" + W),
                content(devstral, "[TOOL_CALLS]get_current_weather[ARGS][1, 2]"),
                // DeepSeek R1 and V3.1
                calls(r1, "<｜tool▁calls▁begin｜>" + r1Call + "<｜tool▁calls▁end｜>", "", WEATHER),
                calls(r1, "I should call both.\n<｜tool▁calls▁begin｜>" + r1Call + "\n" + r1News + "<｜tool▁calls▁end｜>", "I should call both.", WEATHER, NEWS),
                content(r1, "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_current_weather\n```json\n{oops}\n```<｜tool▁call▁end｜><｜tool▁calls▁end｜>"),
                calls(v31, "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_current_weather<｜tool▁sep｜>" + W + "<｜tool▁call▁end｜><｜tool▁call▁begin｜>search_news<｜tool▁sep｜>" + N + "<｜tool▁call▁end｜><｜tool▁calls▁end｜>", "", WEATHER, NEWS),
                calls(v31, "Sure<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_current_weather<｜tool▁sep｜>" + W + "<｜tool▁call▁end｜><｜tool▁calls▁end｜>", "Sure", WEATHER),
                // firefunction v2
                calls(fire, " functools[{\"name\": \"get_current_weather\", \"arguments\": " + W + "}, {\"name\": \"search_news\", \"arguments\": " + N + "}]", "", WEATHER, NEWS),
                calls(fire, "Let me see. functools[{\"name\": \"get_current_weather\", \"arguments\": " + W + "}]", "Let me see.", WEATHER),
                content(fire, " functools[{\"name\": \"get_current_weather\"}]"),
                content(fire, "No tools needed."),
                // Further families
                calls("meetkai-functionary-medium-v3.1", "<function=get_current_weather>" + W + "</function><function=search_news>" + N + "</function>", "", WEATHER, NEWS),
                calls("meetkai-functionary-medium-v3.2", "get_current_weather\n" + W, "", WEATHER),
                calls("meetkai-functionary-medium-v3.2", "all\nLet me check both.>>>get_current_weather\n" + W + ">>>search_news\n" + N, "Let me check both.", WEATHER, NEWS),
                calls("meetkai-functionary-medium-v3.2", "all\nThe answer is 3 >>> 2.", "The answer is 3 >>> 2."),
                calls("CohereForAI-c4ai-command-r7b-12-2024-tool_use", "<|START_ACTION|>[\n    {\"tool_call_id\": \"0\", \"tool_name\": \"get_current_weather\", \"parameters\": " + W + "},\n    {\"tool_call_id\": \"1\", \"tool_name\": \"search_news\", \"parameters\": " + N + "}\n]<|END_ACTION|>", "", WEATHER, NEWS),
                calls("CohereForAI-c4ai-command-r7b-12-2024-tool_use", "<|START_RESPONSE|>Paris is sunny.<|END_RESPONSE|>", "Paris is sunny."),
                calls("google-gemma-4-31B-it", "<|tool_call>call:get_current_weather{location:<|\"|>Paris, France<|\"|>,unit:<|\"|>celsius<|\"|>}<tool_call|><|tool_call>call:search_news{max_results:3,query:<|\"|>Louvre \"news\" été<|\"|>}<tool_call|>", "", WEATHER, new RawCall("search_news", "{\"max_results\":3,\"query\":\"Louvre \\\"news\\\" été\"}")),
                calls("google-gemma-4-31B-it", "Sure.<|tool_call>call:f{a:{b:[1,true,<|\"|>x, y<|\"|>]},c:null}<tool_call|>", "Sure.", new RawCall("f", "{\"a\":{\"b\":[1,true,\"x, y\"]},\"c\":null}")),
                content("google-gemma-4-31B-it", "<|tool_call>call:f{a:<|\"|>x<|\"|> b}<tool_call|>"),
                calls("moonshotai-Kimi-K2", "Looking.<|tool_calls_section_begin|><|tool_call_begin|>functions.get_current_weather:0<|tool_call_argument_begin|>" + W + "<|tool_call_end|><|tool_call_begin|>functions.search_news:1<|tool_call_argument_begin|>" + N + "<|tool_call_end|><|tool_calls_section_end|>", "Looking.", WEATHER, NEWS),
                calls("Qwen3-Coder", "<tool_call>\n<function=get_current_weather>\n<parameter=location>\nParis, France\n</parameter>\n<parameter=unit>\ncelsius\n</parameter>\n</function>\n</tool_call>\n<tool_call>\n<function=search_news>\n<parameter=query>\nLouvre \"news\" été\n</parameter>\n<parameter=max_results>\n3\n</parameter>\n</function>\n</tool_call>", "", WEATHER, NEWS),
                content("Qwen3-Coder", "<tool_call>\n<function=get_current_weather>\n<param>x</param>\n</function>\n</tool_call>"),
                calls("ByteDance-Seed-OSS", "<seed:tool_call>\n<function=get_current_weather>\n<parameter=location>Paris, France</parameter>\n<parameter=unit>celsius</parameter>\n</function>\n</seed:tool_call>", "", WEATHER),
                calls("GLM-4.6", "<tool_call>get_current_weather\n<arg_key>location</arg_key>\n<arg_value>Paris, France</arg_value>\n<arg_key>unit</arg_key>\n<arg_value>celsius</arg_value>\n</tool_call><tool_call>search_news<arg_key>query</arg_key><arg_value>Louvre \"news\" été</arg_value><arg_key>max_results</arg_key><arg_value>3</arg_value></tool_call>", "", WEATHER, NEWS),
                calls("deepseek-ai-DeepSeek-V3.2", "\n\n<｜DSML｜function_calls>\n<｜DSML｜invoke name=\"get_current_weather\">\n<｜DSML｜parameter name=\"location\" string=\"true\">Paris, France</｜DSML｜parameter>\n<｜DSML｜parameter name=\"unit\" string=\"true\">celsius</｜DSML｜parameter>\n</｜DSML｜invoke>\n<｜DSML｜invoke name=\"search_news\">\n<｜DSML｜parameter name=\"query\" string=\"true\">Louvre \"news\" été</｜DSML｜parameter>\n<｜DSML｜parameter name=\"max_results\" string=\"false\">3</｜DSML｜parameter>\n</｜DSML｜invoke>\n</｜DSML｜function_calls>", "", WEATHER, NEWS),
                calls("unsloth-Apriel-1.5", "\n<tool_calls>[{\"name\": \"get_current_weather\", \"arguments\": " + W + ", \"id\": \"call7f3a9\"}, {\"name\": \"search_news\", \"arguments\": " + N + "}]</tool_calls>", "", WEATHER, NEWS),
                calls("MiniMax-M1", "<tool_calls>\n{\"name\": \"get_current_weather\", \"arguments\": " + W + "}\n{\"name\": \"search_news\", \"arguments\": " + N + "}\n</tool_calls>", "", WEATHER, NEWS),
                calls("NVIDIA-Nemotron-Nano-v2", "<TOOLCALL>[{\"name\": \"get_current_weather\", \"arguments\": " + W + "}]</TOOLCALL>", "", WEATHER),
                calls("ibm-granite-granite-3.3-2B-Instruct", "<|tool_call|>[{\"name\": \"get_current_weather\", \"arguments\": " + W + "}]", "", WEATHER),
                calls("GigaChat3.1-10B-A1.8B", "<|function_call|>{\"name\": \"get_current_weather\", \"arguments\": " + W + "}", "", WEATHER));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void parses(Sample sample) {
        ParsedOutput parsed = ChatTemplates.format(sample.template()).parse(sample.text());
        assertEquals(sample.content(), parsed.content());
        assertEquals(sample.calls(), Streams.raw(parsed.toolCalls()));
    }

    @ParameterizedTest
    @MethodSource("samples")
    void streamsLikeItParses(Sample sample) {
        Streams.assertStreamsLikeParse(ChatTemplates.format(sample.template()), sample.text(), sample.text().hashCode());
    }
}
