package dev.hearth.engine.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionMessageToolCall;
import com.openai.models.chat.completions.ChatCompletionNamedToolChoice;
import com.openai.models.chat.completions.ChatCompletionPredictionContent;
import com.openai.models.chat.completions.ChatCompletionToolChoiceOption;
import dev.hearth.api.Json;
import dev.hearth.engine.testing.Fixtures;
import dev.hearth.engine.testing.RunnerClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Chat completions through the official OpenAI Java SDK against a runner on the tiny random-weight model,
 * with real chat templates from the fixtures: Qwen2.5 (Hermes-style tool calls) and DeepSeek-R1 (thinking).
 */
class ChatSdkTest {
    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    static final Map<String, Object> WEATHER_SCHEMA = Map.of(
            "type", "object",
            "properties", Map.of(
                    "city", Map.of("type", "string", "maxLength", 12),
                    "unit", Map.of("enum", List.of("celsius", "fahrenheit")),
                    "days", Map.of("type", "integer", "minimum", 1, "maximum", 7)),
            "required", List.of("city", "unit"));
    static Runner qwen;
    static Runner deepseek;
    static OpenAIClient client;
    static OpenAIClient thinking;
    static RunnerClient raw;

    @BeforeAll
    static void start() throws Exception {
        qwen = runner("Qwen-Qwen2.5-7B-Instruct.jinja");
        deepseek = runner("llama-cpp-deepseek-r1.jinja");
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + qwen.port() + "/v1").apiKey("none").maxRetries(0).build();
        thinking = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + deepseek.port() + "/v1").apiKey("none").maxRetries(0).build();
        raw = new RunnerClient(qwen.port());
    }

    private static Runner runner(String template) throws Exception {
        Path file = Fixtures.root().resolve("chat-templates/templates").resolve(template);
        return RunnerTest.startTiny(8192, 2, file);
    }

    @AfterAll
    static void stop() {
        qwen.close();
        deepseek.close();
    }

    static ChatCompletionCreateParams.Builder chat(String user) {
        return ChatCompletionCreateParams.builder().model("tiny").addSystemMessage("You are terse.").addUserMessage(user)
                .temperature(0.0).maxCompletionTokens(24);
    }

    static ChatCompletionFunctionTool weatherTool() {
        FunctionParameters.Builder parameters = FunctionParameters.builder();
        WEATHER_SCHEMA.forEach((k, v) -> parameters.putAdditionalProperty(k, JsonValue.from(v)));
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                .description("Weather forecast for a city").parameters(parameters.build()).build()).build();
    }

    static ChatCompletionFunctionTool timeTool() {
        FunctionParameters parameters = FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("zone", Map.of("type", "string", "pattern", "^[A-Z]{3}$"))))
                .putAdditionalProperty("required", JsonValue.from(List.of("zone"))).build();
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_time")
                .parameters(parameters).build()).build();
    }

    static void assertValid(Object schema, String json) throws Exception {
        Schema validator = SCHEMAS.getSchema(Json.MAPPER.valueToTree(schema));
        JsonNode value = Json.MAPPER.readTree(json);
        assertEquals(List.of(), validator.validate(value).stream().map(Object::toString).toList(), json);
    }

    @Test
    void plainChatStreamsWhatItAnswers() {
        ChatCompletionCreateParams params = chat("Say hello").putAdditionalBodyProperty("ignore_eos", JsonValue.from(true)).build();
        ChatCompletion whole = client.chat().completions().create(params);
        String content = whole.choices().getFirst().message().content().orElseThrow();
        assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, whole.choices().getFirst().finishReason());
        assertEquals(24, whole.usage().orElseThrow().completionTokens());
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append)));
        }
        assertEquals(content, streamed.toString());
    }

    @Test
    void requiredToolChoiceGivesValidCallsEvenFromRandomWeights() throws Exception {
        for (int seed = 0; seed < 4; seed++) {
            ChatCompletion completion = client.chat().completions().create(chat("Weather in Paris?")
                    .addTool(weatherTool()).addTool(timeTool()).toolChoice(ChatCompletionToolChoiceOption.Auto.REQUIRED)
                    .parallelToolCalls(false).temperature(1.0).seed(seed).maxCompletionTokens(600).build());
            ChatCompletion.Choice choice = completion.choices().getFirst();
            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason(), completion.toString());
            List<ChatCompletionMessageToolCall> calls = choice.message().toolCalls().orElseThrow();
            assertEquals(1, calls.size());
            ChatCompletionMessageFunctionToolCall call = calls.getFirst().asFunction();
            assertTrue(call.id().startsWith("call_"));
            String name = call.function().name();
            assertTrue(name.equals("get_weather") || name.equals("get_time"), name);
            Object schema = name.equals("get_weather") ? WEATHER_SCHEMA : Map.of("type", "object",
                    "properties", Map.of("zone", Map.of("type", "string", "pattern", "^[A-Z]{3}$")), "required", List.of("zone"));
            assertValid(schema, call.function().arguments());
        }
    }

    @Test
    void namedToolChoiceStreamsToolCallDeltas() throws Exception {
        ChatCompletionCreateParams params = chat("Time?").addTool(weatherTool()).addTool(timeTool())
                .toolChoice(ChatCompletionNamedToolChoice.builder()
                        .function(ChatCompletionNamedToolChoice.Function.builder().name("get_time").build()).build())
                .parallelToolCalls(false).maxCompletionTokens(400).build();
        ChatCompletion whole = client.chat().completions().create(params);
        ChatCompletionMessageFunctionToolCall call = whole.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertEquals("get_time", call.function().name());

        StringBuilder name = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        String[] finish = {null};
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> {
                c.delta().toolCalls().ifPresent(deltas -> deltas.forEach(d -> d.function().ifPresent(f -> {
                    f.name().ifPresent(name::append);
                    f.arguments().ifPresent(arguments::append);
                })));
                c.finishReason().ifPresent(r -> finish[0] = r.asString());
            }));
        }
        assertEquals("get_time", name.toString());
        assertEquals(Json.MAPPER.readTree(call.function().arguments()), Json.MAPPER.readTree(arguments.toString()));
        assertEquals("tool_calls", finish[0]);
    }

    @Test
    void toolConversationRoundTripsThroughTheTemplate() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        var messages = body.putArray("messages");
        messages.addObject().put("role", "user").put("content", "Weather in Oslo?");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.putNull("content");
        ObjectNode call = assistant.putArray("tool_calls").addObject().put("id", "call_1").put("type", "function");
        call.putObject("function").put("name", "get_weather").put("arguments", "{\"city\":\"Oslo\",\"unit\":\"celsius\"}");
        messages.addObject().put("role", "tool").put("tool_call_id", "call_1").put("content", "{\"temp\": 3}");
        body.set("tools", Json.MAPPER.valueToTree(List.of(Map.of("type", "function", "function",
                Map.of("name", "get_weather", "parameters", WEATHER_SCHEMA)))));
        RunnerClient.Response prompt = raw.post("/apply-template", body);
        assertEquals(200, prompt.status(), prompt.raw());
        String text = prompt.body().get("prompt").asText();
        assertTrue(text.contains("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\", \"unit\": \"celsius\"}}\n</tool_call>"), text);
        assertTrue(text.contains("<tool_response>\n{\"temp\": 3}\n</tool_response>"), text);
        assertTrue(text.endsWith("<|im_start|>assistant\n"), text);
    }

    @Test
    void applyTemplateMatchesTheFixtureRendering() throws Exception {
        Path chatTemplates = Fixtures.root().resolve("chat-templates");
        JsonNode cases = Json.MAPPER.readTree(chatTemplates.resolve("cases.json").toFile());
        JsonNode singleUser = null;
        for (JsonNode c : cases.get("cases")) {
            if (c.get("id").asText().equals("a-single-user")) {
                singleUser = c;
            }
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("messages", singleUser.get("messages"));
        body.put("add_generation_prompt", singleUser.get("add_generation_prompt").asBoolean());
        String expected = Files.readString(chatTemplates.resolve("expected/Qwen-Qwen2.5-7B-Instruct/a-single-user.txt"));
        assertEquals(expected, raw.post("/apply-template", body).body().get("prompt").asText());
    }

    @Test
    void structuredOutputValidatesAgainstTheSchema() throws Exception {
        Map<String, Object> person = Map.of("type", "object",
                "properties", Map.of("name", Map.of("type", "string", "minLength", 1, "maxLength", 10),
                        "age", Map.of("type", "integer", "minimum", 0, "maximum", 120),
                        "tags", Map.of("type", "array", "items", Map.of("enum", List.of("a", "b")), "maxItems", 3)),
                "required", List.of("name", "age"));
        ResponseFormatJsonSchema.JsonSchema.Schema.Builder schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder();
        person.forEach((k, v) -> schema.putAdditionalProperty(k, JsonValue.from(v)));
        for (int seed = 0; seed < 3; seed++) {
            ChatCompletion completion = client.chat().completions().create(chat("A person as JSON")
                    .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(ResponseFormatJsonSchema.JsonSchema.builder()
                            .name("person").schema(schema.build()).build()).build())
                    .temperature(1.0).seed(seed).maxCompletionTokens(400).build());
            assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().getFirst().finishReason());
            assertValid(person, completion.choices().getFirst().message().content().orElseThrow());
        }
        ChatCompletion anyJson = client.chat().completions().create(chat("Any JSON")
                .responseFormat(ResponseFormatJsonObject.builder().build()).temperature(1.0).seed(5).maxCompletionTokens(400).build());
        JsonNode parsed = Json.MAPPER.readTree(anyJson.choices().getFirst().message().content().orElseThrow());
        assertTrue(parsed.isObject());
    }

    @Test
    void logprobsNAndPredictionThroughTheSdk() {
        ChatCompletion scored = client.chat().completions().create(chat("Score me").logprobs(true).topLogprobs(3).n(2).build());
        assertEquals(2, scored.choices().size());
        for (ChatCompletion.Choice choice : scored.choices()) {
            var content = choice.logprobs().orElseThrow().content().orElseThrow();
            assertEquals(24, content.size());
            assertEquals(3, content.getFirst().topLogprobs().size());
            assertTrue(content.getFirst().logprob() <= 0);
        }
        assertEquals(scored.choices().get(0).message().content(), scored.choices().get(1).message().content(), "greedy choices agree");

        ChatCompletionCreateParams.Builder digits = chat("Count").maxCompletionTokens(80)
                .putAdditionalBodyProperty("response_format", JsonValue.from(Map.of("type", "grammar", "grammar", "root ::= [0-9]{60}")));
        String expected = client.chat().completions().create(digits.build()).choices().getFirst().message().content().orElseThrow();
        ChatCompletion predicted = client.chat().completions().create(digits
                .prediction(ChatCompletionPredictionContent.builder().content(expected).build()).build());
        assertEquals(expected, predicted.choices().getFirst().message().content().orElseThrow());
        long accepted = predicted.usage().orElseThrow().completionTokensDetails().orElseThrow().acceptedPredictionTokens().orElseThrow();
        assertTrue(accepted > 40, "accepted " + accepted);
    }

    @Test
    void reasoningIsReturnedApartFromContent() {
        // DeepSeek-R1's generation prompt opens <think>, so the output starts inside the reasoning block.
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("tiny").addUserMessage("Think")
                .maxCompletionTokens(60).temperature(0.0)
                .putAdditionalBodyProperty("response_format", JsonValue.from(Map.of("type", "grammar",
                        "grammar", "root ::= [a-z ]{5,20} \"</think>\" [a-z]{3,8}")))
                .build();
        ChatCompletion completion = thinking.chat().completions().create(params);
        var message = completion.choices().getFirst().message();
        String reasoning = message._additionalProperties().get("reasoning_content").convert(String.class);
        assertFalse(reasoning.isBlank());
        assertFalse(message.content().orElseThrow().contains("</think>"));
        assertTrue(message.content().orElseThrow().matches("[a-z]{3,8}"), message.content().orElseThrow());

        StringBuilder streamedReasoning = new StringBuilder();
        StringBuilder streamedContent = new StringBuilder();
        try (StreamResponse<ChatCompletionChunk> stream = thinking.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(c -> {
                c.delta().content().ifPresent(streamedContent::append);
                JsonValue r = c.delta()._additionalProperties().get("reasoning_content");
                if (r != null) {
                    streamedReasoning.append(r.convert(String.class));
                }
            }));
        }
        assertEquals(reasoning, streamedReasoning.toString());
        assertEquals(message.content().orElseThrow(), streamedContent.toString());
    }

    @Test
    void anIntegerReasoningEffortClosesTheThoughtAtTheBudget() {
        ChatCompletion completion = thinking.chat().completions().create(ChatCompletionCreateParams.builder().model("tiny")
                .addUserMessage("Think briefly").maxCompletionTokens(40).temperature(0.0)
                .putAdditionalBodyProperty("reasoning_effort", JsonValue.from(10))
                .putAdditionalBodyProperty("ignore_eos", JsonValue.from(true))
                .putAdditionalBodyProperty("raw_output", JsonValue.from(true)).logprobs(true).build());
        var message = completion.choices().getFirst().message();
        String raw = (String) completion.choices().getFirst()._additionalProperties().get("raw_output").convert(Map.class)
                .get("completion");
        assertTrue(raw.contains("</think>"), raw);
        List<String> tokens = completion.choices().getFirst().logprobs().orElseThrow().content().orElseThrow().stream()
                .map(t -> t.token()).toList();
        int close = 0;
        while (!tokens.get(close).startsWith("<") || !String.join("", tokens.subList(close, tokens.size())).startsWith("</think>")) {
            close++;
        }
        assertEquals(10, close, "the closing tag is written after 10 reasoning tokens: " + tokens);
        assertFalse(message.content().orElseThrow().isEmpty(), "the answer follows the closed thought");
    }

    @Test
    void jsonModeOnATemplateThatAlwaysThinksComesAfterTheReasoning() throws Exception {
        // The bias makes the random model close its thought soon: '<' is token 60 and '/' token 47 in the tiny vocabulary.
        Map<String, Object> schema = Map.of("type", "object", "properties", Map.of("answer", Map.of("enum", List.of("yes", "no"))),
                "required", List.of("answer"));
        ChatCompletion completion = thinking.chat().completions().create(ChatCompletionCreateParams.builder().model("tiny")
                .addUserMessage("Yes or no?").maxCompletionTokens(300).temperature(0.0)
                .putAdditionalBodyProperty("response_format", JsonValue.from(Map.of("type", "json_object", "schema", schema)))
                .putAdditionalBodyProperty("logit_bias", JsonValue.from(Map.of("60", 30, "47", 15)))
                .build());
        var message = completion.choices().getFirst().message();
        assertEquals(ChatCompletion.Choice.FinishReason.STOP, completion.choices().getFirst().finishReason(), completion.toString());
        assertValid(schema, message.content().orElseThrow());
        assertFalse(message.content().orElseThrow().contains("think>"), completion.toString());
    }

    @Test
    void badChatInputIsA400NamingTheField() {
        Map<String, String> expectations = new HashMap<>();
        expectations.put("{\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "messages[0].role");
        expectations.put("{\"messages\":[]}", "messages");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:x\"}}]}]}",
                "messages[0].content[0]");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"g\"}}}", "tool_choice.function.name");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"parameters\":{\"type\":\"string\"}}}]}", "tools[0].function.parameters");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"bad name!\"}}]}", "tools[0].function.name");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":"
                + "{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"not\":{\"type\":\"string\"}}}}}}],"
                + "\"tool_choice\":\"required\"}", "tools[0].function.parameters");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"s\",\"schema\":{\"type\":\"object\",\"patternProperties\":{\"^a\":{}}}}}}", "response_format");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"logprobs\":true,\"top_logprobs\":21}", "top_logprobs");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"high\"}", "reasoning_effort");
        expectations.put("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"reasoning_effort\":\"extreme\"}", "reasoning_effort");
        expectations.forEach((body, param) -> {
            RunnerClient.Response response = raw.postRaw("/v1/chat/completions", body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(400, response.status(), body + " -> " + response.raw());
            assertTrue(response.body().at("/error/param").asText().startsWith(param), body + " -> " + response.raw());
        });

        RunnerClient.Response keyword = raw.postRaw("/v1/chat/completions", ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"json_object\",\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"not\":{}}}}}}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(keyword.body().at("/error/message").asText().contains("not"), keyword.raw());
        assertTrue(keyword.body().at("/error/message").asText().contains("/properties/a"), keyword.raw());

        RunnerClient.Response grammar = raw.postRaw("/v1/chat/completions", ("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"response_format\":{\"type\":\"grammar\",\"grammar\":\"root ::= \\\"a\\\"\\nbad rule\"}}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(400, grammar.status(), grammar.raw());
        assertTrue(grammar.body().at("/error/message").asText().contains("line 2"), grammar.raw());

        byte[] notUtf8 = {'{', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', 's', '"', ':', '[', '{', '"', 'r', 'o', 'l', 'e', '"', ':', '"',
                'u', 's', 'e', 'r', '"', ',', '"', 'c', 'o', 'n', 't', 'e', 'n', 't', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}', ']', '}'};
        RunnerClient.Response invalid = raw.postRaw("/v1/chat/completions", notUtf8);
        assertEquals(400, invalid.status(), invalid.raw());
    }
}
