package dev.hearth.engine.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.testing.RunnerClient;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** logprobs, echo, n, predicted outputs and the other output options of /v1/completions, over HTTP. */
class CompletionFeaturesTest {
    static Runner runner;
    static RunnerClient client;

    @BeforeAll
    static void start() throws Exception {
        runner = RunnerTest.startTiny(4096, 4, null);
        client = new RunnerClient(runner.port());
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static JsonNode complete(ObjectNode body) {
        RunnerClient.Response response = client.post("/v1/completions", body);
        assertEquals(200, response.status(), response.raw());
        return response.body();
    }

    static JsonNode error(ObjectNode body, String param) {
        RunnerClient.Response response = client.post("/v1/completions", body);
        assertEquals(400, response.status(), response.raw());
        assertEquals(param, response.body().at("/error/param").asText(), response.raw());
        return response.body();
    }

    @Test
    void logprobsAreConsistentWithGreedyChoiceAndAlternatives() {
        ObjectNode body = RunnerTest.request("Once upon a time", 12);
        body.put("logprobs", 5);
        JsonNode result = complete(body);
        JsonNode logprobs = result.at("/choices/0/logprobs");
        assertEquals(12, logprobs.get("tokens").size());
        assertEquals(12, logprobs.get("token_ids").size());
        StringBuilder joined = new StringBuilder();
        int offset = 0;
        for (int i = 0; i < 12; i++) {
            double chosen = logprobs.get("token_logprobs").get(i).asDouble();
            assertTrue(chosen <= 0, "log-probabilities are at most 0");
            JsonNode top = logprobs.get("top_logprobs").get(i);
            assertTrue(top.size() >= 1 && top.size() <= 5, top.toString());
            double best = Double.NEGATIVE_INFINITY;
            for (JsonNode value : top) {
                best = Math.max(best, value.asDouble());
            }
            assertEquals(best, chosen, 1e-4, "greedy picks the most likely token");
            assertEquals(offset, logprobs.get("text_offset").get(i).asInt());
            String token = logprobs.get("tokens").get(i).asText();
            offset += token.length();
            joined.append(token);
        }
        assertEquals(result.at("/choices/0/text").asText(), joined.toString());
    }

    @Test
    void echoReturnsPromptWithItsLogprobs() {
        ObjectNode body = RunnerTest.request("Echo this prompt", 4);
        body.put("echo", true);
        body.put("logprobs", 2);
        JsonNode result = complete(body);
        String text = result.at("/choices/0/text").asText();
        assertTrue(text.startsWith("Echo this prompt"), text);
        JsonNode logprobs = result.at("/choices/0/logprobs");
        int promptTokens = result.at("/usage/prompt_tokens").asInt();
        assertEquals(promptTokens + 4, logprobs.get("tokens").size());
        assertTrue(logprobs.get("token_logprobs").get(0).isNull(), "the first prompt token has no logprob");
        assertTrue(logprobs.get("token_logprobs").get(1).isNumber());

        body.remove("logprobs");
        assertTrue(complete(body).at("/choices/0/text").asText().startsWith("Echo this prompt"));
    }

    @Test
    void nChoicesShareThePromptAndDifferWhenSampled() {
        String prompt = "A shared prompt long enough to be worth copying between the sequences of n choices. ".repeat(2);
        ObjectNode body = RunnerTest.request(prompt, 16);
        body.put("temperature", 1.0);
        body.put("seed", 42);
        body.put("n", 3);
        JsonNode result = complete(body);
        assertEquals(3, result.get("choices").size());
        Set<String> texts = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            assertEquals(i, result.at("/choices/" + i + "/index").asInt());
            texts.add(result.at("/choices/" + i + "/text").asText());
        }
        assertTrue(texts.size() > 1, "seeded choices use different seeds");
        assertEquals(48, result.at("/usage/completion_tokens").asInt());
        assertEquals(result, withoutIds(complete(body), result), "n with a seed is reproducible");

        // Greedy choices are identical, and equal to the single-choice answer.
        ObjectNode greedy = RunnerTest.request(prompt, 16);
        String single = complete(greedy).at("/choices/0/text").asText();
        greedy.put("n", 4);
        JsonNode four = complete(greedy);
        for (int i = 0; i < 4; i++) {
            assertEquals(single, four.at("/choices/" + i + "/text").asText());
        }
    }

    private static JsonNode withoutIds(JsonNode again, JsonNode first) {
        ObjectNode copy = again.deepCopy();
        copy.set("id", first.get("id"));
        copy.set("created", first.get("created"));
        copy.set("usage", first.get("usage"));
        return copy;
    }

    @Test
    void predictionKeepsGreedyOutputAndCountsAcceptedTokens() {
        // Digits only: the tiny vocabulary has no merges among them, so the output's text tokenizes back to the
        // same tokens (a random model's free text is not valid UTF-8 and would not).
        ObjectNode plain = RunnerTest.request("Rewrite: the cat sat on the mat", 60);
        plain.put("grammar", "root ::= [0-9]+");
        String expected = complete(plain).at("/choices/0/text").asText();

        ObjectNode exact = plain.deepCopy();
        exact.putObject("prediction").put("type", "content").put("content", expected);
        JsonNode predicted = complete(exact);
        assertEquals(expected, predicted.at("/choices/0/text").asText());
        int accepted = predicted.at("/usage/completion_tokens_details/accepted_prediction_tokens").asInt();
        assertTrue(accepted >= 40, "most of an exact prediction is accepted: " + predicted.at("/usage"));

        ObjectNode wrong = plain.deepCopy();
        wrong.putObject("prediction").put("type", "content").put("content", "12345" + expected.substring(10));
        JsonNode mixed = complete(wrong);
        assertEquals(expected, mixed.at("/choices/0/text").asText(), "a wrong prediction never changes the output");

        ObjectNode sampled = plain.deepCopy();
        sampled.put("temperature", 0.9);
        sampled.put("seed", 7);
        String sampledText = complete(sampled).at("/choices/0/text").asText();
        sampled.putObject("prediction").put("type", "content").put("content", sampledText);
        assertEquals(sampledText, complete(sampled).at("/choices/0/text").asText(), "seeded sampling is unchanged by a prediction");
    }

    @Test
    void perfMetricsAndRawOutput() {
        ObjectNode body = RunnerTest.request("Metrics please", 5);
        body.put("perf_metrics_in_response", true);
        body.put("raw_output", true);
        JsonNode result = complete(body);
        JsonNode perf = result.get("perf_metrics");
        assertTrue(perf.get("time_to_first_token").asDouble() > 0, perf.toString());
        assertTrue(perf.get("time_to_last_token").asDouble() >= perf.get("time_to_first_token").asDouble());
        JsonNode raw = result.at("/choices/0/raw_output");
        assertEquals(result.at("/usage/prompt_tokens").asInt(), raw.get("prompt_token_ids").size());
        assertEquals(result.at("/choices/0/text").asText(), raw.get("completion").asText());
    }

    @Test
    void streamingWithNAndLogprobsMatchesNonStreaming() throws Exception {
        ObjectNode body = RunnerTest.request("Stream two choices", 8);
        body.put("n", 2);
        body.put("logprobs", 1);
        JsonNode whole = complete(body);
        body.put("stream", true);
        RunnerClient.Response response = client.post("/v1/completions", body);
        assertEquals(200, response.status());
        StringBuilder[] texts = {new StringBuilder(), new StringBuilder()};
        int tokens = 0;
        int usageChunks = 0;
        for (String line : response.raw().split("\n")) {
            if (!line.startsWith("data: {")) {
                continue;
            }
            JsonNode chunk = Json.MAPPER.readTree(line.substring(6));
            JsonNode choice = chunk.at("/choices/0");
            texts[choice.get("index").asInt()].append(choice.get("text").asText());
            if (choice.get("logprobs").isObject()) {
                tokens += choice.at("/logprobs/tokens").size();
            }
            if (!chunk.get("usage").isNull()) {
                usageChunks++;
                assertEquals(16, chunk.at("/usage/completion_tokens").asInt());
            }
        }
        assertEquals(1, usageChunks, "usage comes once, in the final chunk");
        assertEquals(16, tokens);
        for (int i = 0; i < 2; i++) {
            assertEquals(whole.at("/choices/" + i + "/text").asText(), texts[i].toString());
        }
    }

    @Test
    void badOutputOptionsAre400s() {
        ObjectNode tooMany = RunnerTest.request("x", 4);
        tooMany.put("logprobs", 21);
        error(tooMany, "logprobs");

        ObjectNode stops = RunnerTest.request("x", 4);
        var list = stops.putArray("stop");
        for (int i = 0; i < 17; i++) {
            list.add("s" + i);
        }
        error(stops, "stop");

        ObjectNode huge = RunnerTest.request("x", 1000);
        huge.put("n", 8);
        huge.put("context_length_exceeded_behavior", "error");
        JsonNode body = error(huge, "max_tokens");
        assertTrue(body.at("/error/message").asText().contains("n=8"), body.toString());

        ObjectNode behavior = RunnerTest.request("x", 4);
        behavior.put("context_length_exceeded_behavior", "explode");
        error(behavior, "context_length_exceeded_behavior");

        ObjectNode prediction = RunnerTest.request("x", 4);
        prediction.putObject("prediction").put("type", "image");
        error(prediction, "prediction.type");

        ObjectNode suffix = RunnerTest.request("x", 4);
        suffix.put("suffix", "tail");
        error(suffix, "suffix");

        ObjectNode n = RunnerTest.request("x", 4);
        n.put("n", 0);
        error(n, "n");
    }
}
