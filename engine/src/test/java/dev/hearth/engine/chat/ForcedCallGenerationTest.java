package dev.hearth.engine.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.llama.Batch;
import dev.hearth.engine.llama.ContextParams;
import dev.hearth.engine.llama.LlamaContext;
import dev.hearth.engine.llama.LlamaModel;
import dev.hearth.engine.llama.Sampler;
import dev.hearth.engine.llama.SamplingParams;
import dev.hearth.engine.testing.TestModels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The forced-call grammars are accepted by llama.cpp's own GBNF parser, and a random-weight model constrained by
 * them writes calls that the family's parser reads back.
 */
class ForcedCallGenerationTest {

    private static final String ARGUMENT_RULES = """
            weather-args ::= "{\\"location\\": " str ", \\"unit\\": " ("\\"celsius\\"" | "\\"fahrenheit\\"") "}"
            news-args ::= "{\\"query\\": " str ", \\"max_results\\": " [1-9] "}"
            str ::= "\\"" [a-zA-Z ,]{1,8} "\\""
            """;

    private static LlamaModel model;

    @BeforeAll
    static void load() {
        model = LlamaModel.load(TestModels.tiny());
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void everyForcingFamilyGeneratesParsableCalls() {
        Map<String, ToolCallFormat> families = new LinkedHashMap<>();
        for (String name : ChatTemplates.names()) {
            ToolCallFormat format = ChatTemplates.format(name);
            if (format.supportsForcedCalls()) {
                families.putIfAbsent(format.family(), format);
            }
        }
        assertTrue(families.size() >= 10, families.keySet().toString());
        for (ToolCallFormat format : families.values()) {
            for (boolean parallel : new boolean[] {false, true}) {
                List<String> calls = List.of(format.callGrammar("get_current_weather", "weather-args"),
                        format.callGrammar("search_news", "news-args"));
                String grammar = "root ::= " + format.callsGrammar(calls, parallel) + "\n" + ARGUMENT_RULES;
                Generated generated = generate(grammar, 400);
                String output = generated.text();
                ParsedOutput parsed = format.parse(output);
                if (generated.finished()) {
                    assertEquals("", parsed.content(), () -> format.family() + " wrote " + output);
                } else {
                    // A random model may repeat parallel calls up to the token limit, leaving an unfinished section.
                    assertTrue(parallel, () -> format.family() + " did not finish one call: " + output);
                    continue;
                }
                assertFalse(parsed.toolCalls().isEmpty(), () -> format.family() + " wrote " + output);
                if (!parallel || !format.supportsParallel()) {
                    assertEquals(1, parsed.toolCalls().size(), output);
                }
                for (ToolCall call : parsed.toolCalls()) {
                    assertTrue(Set.of("get_current_weather", "search_news").contains(call.name()), output);
                    JsonNode arguments = Json.read(call.argumentsJson());
                    assertTrue(arguments.has(call.name().equals("search_news") ? "query" : "location"), output);
                }
            }
        }
    }

    private record Generated(String text, boolean finished) {}

    /** Greedy generation under {@code grammar} until an end-of-generation token or {@code maxTokens}. */
    private static Generated generate(String grammar, int maxTokens) {
        SamplingParams greedy = SamplingParams.greedy();
        SamplingParams params = new SamplingParams(greedy.temperature(), greedy.topK(), greedy.topP(), greedy.minP(),
                greedy.typicalP(), greedy.repetitionPenalty(), greedy.presencePenalty(), greedy.frequencyPenalty(),
                greedy.penaltyLastN(), greedy.mirostat(), greedy.mirostatTau(), greedy.mirostatEta(), Map.of(), grammar, 1L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (LlamaContext context = LlamaContext.create(model, ContextParams.generation(1024, 1, 1));
             Batch batch = new Batch(64);
             Sampler sampler = Sampler.create(model, params)) {
            int[] prompt = model.vocab().tokenize("call a tool", true, false);
            for (int p = 0; p < prompt.length; p++) {
                batch.add(prompt[p], p, 0, p == prompt.length - 1);
            }
            assertEquals(0, context.decode(batch));
            int position = prompt.length;
            for (int i = 0; i < maxTokens; i++) {
                int token = sampler.sample(context, batch.size() - 1);
                if (model.vocab().isEndOfGeneration(token)) {
                    return new Generated(out.toString(StandardCharsets.UTF_8), true);
                }
                out.writeBytes(model.vocab().piece(token, false));
                batch.clear();
                batch.add(token, position++, 0, true);
                assertEquals(0, context.decode(batch));
            }
        }
        return new Generated(out.toString(StandardCharsets.UTF_8), false);
    }
}
