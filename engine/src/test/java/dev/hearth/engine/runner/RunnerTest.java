package dev.hearth.engine.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.llama.ContextParams;
import dev.hearth.engine.testing.RunnerClient;
import dev.hearth.engine.testing.TestModels;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The runner over real HTTP on loopback, serving a tiny synthetic llama model through libllama. */
class RunnerTest {
    static Runner runner;
    static RunnerClient client;

    @BeforeAll
    static void start() throws Exception {
        runner = startTiny(4096, 4, null);
        client = new RunnerClient(runner.port());
    }

    /** A loaded runner on the tiny model (one thread, batch 512), optionally with another chat template. */
    static Runner startTiny(int contextSize, int parallel, java.nio.file.Path chatTemplate) throws Exception {
        Runner runner = Runner.start(new RunnerOptions(TestModels.tiny(), "tiny", "127.0.0.1", 0, 1, contextSize, parallel, 512,
                Map.of(), chatTemplate, false, ContextParams.Pooling.MEAN, Duration.ofSeconds(120), null));
        runner.awaitLoaded();
        return runner;
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static ObjectNode request(String prompt, int maxTokens) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("prompt", prompt);
        body.put("max_tokens", maxTokens);
        body.put("temperature", 0);
        body.put("ignore_eos", true);
        return body;
    }

    static JsonNode complete(ObjectNode body) {
        RunnerClient.Response response = client.post("/v1/completions", body);
        assertEquals(200, response.status(), response.raw());
        return response.body();
    }

    static String text(ObjectNode body) {
        return complete(body).at("/choices/0/text").asText();
    }

    @Test
    void greedyIsDeterministic() {
        JsonNode first = complete(request("The quick brown fox", 24));
        JsonNode second = complete(request("The quick brown fox", 24));
        assertEquals(first.at("/choices/0/text"), second.at("/choices/0/text"));
        assertEquals("length", first.at("/choices/0/finish_reason").asText());
        assertEquals("text_completion", first.path("object").asText());
        assertEquals("tiny", first.path("model").asText());
        assertEquals(24, first.at("/usage/completion_tokens").asInt());
        assertTrue(first.at("/usage/prompt_tokens").asInt() > 5);
    }

    @Test
    void seededSamplingIsReproducible() {
        ObjectNode body = request("Once upon a time", 32);
        body.put("temperature", 1.0);
        body.put("top_k", 50);
        body.put("seed", 1234);
        String a = text(body);
        String b = text(body);
        assertEquals(a, b);
        body.put("seed", 99);
        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            body.put("seed", 100 + i);
            others.add(text(body));
        }
        assertTrue(others.stream().anyMatch(o -> !o.equals(a)), "different seeds should give different text");
    }

    @Test
    void stopStringsEndGenerationAndAreNotReturned() {
        String full = text(request("Stop here please", 40));
        assertTrue(full.length() > 8, "need some text to cut: " + full);
        String stop = full.substring(5, 8);
        int at = full.indexOf(stop);
        ObjectNode body = request("Stop here please", 40);
        body.putArray("stop").add(stop);
        JsonNode stopped = complete(body);
        assertEquals(full.substring(0, at), stopped.at("/choices/0/text").asText());
        assertEquals("stop", stopped.at("/choices/0/finish_reason").asText());
    }

    @Test
    void streamingEqualsNonStreaming() {
        ObjectNode body = request("Streaming check", 30);
        String whole = text(body);
        body.put("stream", true);
        List<JsonNode> chunks = client.stream("/v1/completions", body);
        StringBuilder streamed = new StringBuilder();
        for (JsonNode chunk : chunks) {
            streamed.append(chunk.at("/choices/0/text").asText());
        }
        assertEquals(whole, streamed.toString());
        JsonNode last = chunks.getLast();
        assertEquals("length", last.at("/choices/0/finish_reason").asText());
        assertEquals(30, last.at("/usage/completion_tokens").asInt());
        assertTrue(chunks.getFirst().get("usage").isNull());
    }

    @Test
    void grammarConstrainsOutput() {
        Pattern shape = Pattern.compile("\\{\"answer\": (yes|no), \"n\": [0-9]{1,3}\\}");
        for (int seed = 0; seed < 5; seed++) {
            ObjectNode body = request("Answer:", 40);
            body.put("ignore_eos", false);
            body.put("temperature", 1.0);
            body.put("seed", seed);
            body.put("grammar", "root ::= \"{\\\"answer\\\": \" (\"yes\" | \"no\") \", \\\"n\\\": \" [0-9] [0-9]? [0-9]? \"}\"");
            JsonNode result = complete(body);
            String text = result.at("/choices/0/text").asText();
            assertTrue(shape.matcher(text).matches(), "grammar output: " + text);
            assertEquals("stop", result.at("/choices/0/finish_reason").asText());
        }
    }

    @Test
    void badGrammarIsA400() {
        ObjectNode body = request("x", 4);
        body.put("grammar", "root ::= (");
        RunnerClient.Response response = client.post("/v1/completions", body);
        assertEquals(400, response.status());
        assertEquals("grammar", response.body().at("/error/param").asText());
    }

    @Test
    void concurrentRequestsMatchTheirSoloRuns() throws Exception {
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            prompts.add("Prompt number " + i + " says" + " hello".repeat(i));
        }
        List<String> solo = new ArrayList<>();
        for (String prompt : prompts) {
            solo.add(text(request(prompt, 20)));
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> futures = new ArrayList<>();
            for (String prompt : prompts) {
                futures.add(pool.submit(() -> text(request(prompt, 20))));
            }
            for (int i = 0; i < prompts.size(); i++) {
                assertEquals(solo.get(i), futures.get(i).get(), "prompt " + i);
            }
        }
    }

    @Test
    void aNewPromptSharingAFewTokensLeavesAContinuingConversationItsSlot() throws Exception {
        // Two slots: conversation A fills one; a new prompt shares only "Conversation " with it and must take the empty
        // slot, so that A's next turn finds its whole prefix (the case session affinity routes a conversation back for).
        try (Runner own = startTiny(2048, 2, null)) {
            RunnerClient c = new RunnerClient(own.port());
            String a = "Conversation A: the report on the harbour, the ledger and the winter copper lantern. ".repeat(3);
            RunnerClient.Response first = c.post("/v1/completions", request(a, 8));
            assertEquals(200, first.status(), first.raw());
            String turn2 = a + first.body().at("/choices/0/text").asText() + " And then?";
            RunnerClient.Response other = c.post("/v1/completions", request("Conversation B: something else entirely.", 8));
            assertEquals(200, other.status(), other.raw());
            RunnerClient.Response second = c.post("/v1/completions", request(turn2, 8));
            assertEquals(200, second.status(), second.raw());
            int firstPrompt = first.body().at("/usage/prompt_tokens").asInt();
            assertTrue(second.body().at("/usage/prompt_tokens_details/cached_tokens").asInt() >= firstPrompt,
                    "A's follow-up reuses at least A's first prompt: " + second.body().at("/usage"));
        }
    }

    @Test
    void repeatedPromptReportsCachedTokens() {
        String prompt = "A long shared prefix that the second request will find in the cache. ".repeat(4);
        JsonNode first = complete(request(prompt, 4));
        JsonNode second = complete(request(prompt, 4));
        int promptTokens = second.at("/usage/prompt_tokens").asInt();
        assertEquals(promptTokens - 1, second.at("/usage/prompt_tokens_details/cached_tokens").asInt(),
                "all but the last prompt token come from the cache");
        assertEquals(first.at("/choices/0/text"), second.at("/choices/0/text"));

        // Another isolation key shares nothing; prompt_cache_max_len caps what is reused, and 0 turns reuse off.
        JsonNode isolated = complete(request(prompt, 4).put("prompt_cache_isolation_key", "tenant-b"));
        assertEquals(0, isolated.at("/usage/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(first.at("/choices/0/text"), isolated.at("/choices/0/text"));
        JsonNode sameTenant = complete(request(prompt, 4).put("prompt_cache_isolation_key", "tenant-b"));
        assertEquals(promptTokens - 1, sameTenant.at("/usage/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(5, complete(request(prompt, 4).put("prompt_cache_isolation_key", "tenant-b").put("prompt_cache_max_len", 5)).at("/usage/prompt_tokens_details/cached_tokens").asInt());
        assertEquals(0, complete(request(prompt, 4).put("prompt_cache_isolation_key", "tenant-b").put("prompt_cache_max_len", 0)).at("/usage/prompt_tokens_details/cached_tokens").asInt());
    }

    @Test
    void tokenTooBigOrContextOverflowIsA400() {
        ObjectNode body = request("hello", 5000);
        assertEquals("length", complete(body).at("/choices/0/finish_reason").asText(),
                "by default (truncate) max_tokens is lowered to what the context holds");
        body.put("context_length_exceeded_behavior", "error");
        RunnerClient.Response response = client.post("/v1/completions", body);
        assertEquals(400, response.status());
        assertEquals("context_length_exceeded", response.body().at("/error/code").asText());
        assertEquals("max_tokens", response.body().at("/error/param").asText());

        ObjectNode tokens = Json.MAPPER.createObjectNode();
        tokens.putArray("prompt").add(1).add(999_999);
        response = client.post("/v1/completions", tokens);
        assertEquals(400, response.status());
        assertEquals("prompt", response.body().at("/error/param").asText());
    }

    @Test
    void badRequestsGetOpenAiErrors() {
        RunnerClient.Response malformed = client.post("/v1/completions", "{\"prompt\": ");
        assertEquals(400, malformed.status());
        assertEquals("invalid_request_error", malformed.body().at("/error/type").asText());

        ObjectNode unknown = request("x", 2);
        unknown.put("frobnicate", 1);
        RunnerClient.Response response = client.post("/v1/completions", unknown);
        assertEquals(400, response.status());
        assertEquals("frobnicate", response.body().at("/error/param").asText());

        ObjectNode badTemperature = request("x", 2);
        badTemperature.put("temperature", "hot");
        assertEquals(400, client.post("/v1/completions", badTemperature).status());

        ObjectNode otherModel = request("x", 2);
        otherModel.put("model", "gpt-4");
        response = client.post("/v1/completions", otherModel);
        assertEquals(404, response.status());
        assertEquals("model_not_found", response.body().at("/error/code").asText());

        assertEquals(400, client.post("/v1/embeddings", "{\"input\": \"x\"}").status());
    }

    @Test
    void tokenizeAndDetokenizeUseLlamaServerShapes() {
        RunnerClient.Response tokens = client.post("/tokenize", "{\"content\": \"héllo wörld\"}");
        assertEquals(200, tokens.status(), tokens.raw());
        JsonNode ids = tokens.body().get("tokens");
        assertTrue(ids.isArray() && !ids.isEmpty());
        ObjectNode detokenize = Json.MAPPER.createObjectNode();
        detokenize.set("tokens", ids);
        RunnerClient.Response text = client.post("/detokenize", detokenize);
        assertEquals("héllo wörld", text.body().get("content").asText());
        RunnerClient.Response pieces = client.post("/tokenize", "{\"content\": \"ab\", \"with_pieces\": true}");
        assertTrue(pieces.body().at("/tokens/0/id").isInt());
    }

    @Test
    void modelsHealthAndMetrics() {
        assertEquals("ok", client.get("/health").body().get("status").asText());
        JsonNode models = client.get("/v1/models").body();
        assertEquals("tiny", models.at("/data/0/id").asText());
        complete(request("metrics", 3));
        String metrics = client.get("/metrics").raw();
        for (String name : List.of("vllm:num_requests_running", "vllm:num_requests_waiting", "vllm:kv_cache_usage_perc",
                "vllm:prompt_tokens_total", "vllm:generation_tokens_total", "vllm:time_to_first_token_seconds_bucket",
                "vllm:time_per_output_token_seconds_count", "vllm:e2e_request_latency_seconds_sum", "vllm:lora_requests_info",
                "hearth:cached_prompt_tokens_total")) {
            assertTrue(metrics.contains(name), "metrics lack " + name);
        }
    }

    @Test
    void loraChangesOutputAndHotLoadsAndUnloads() {
        String base = text(request("LoRA test prompt", 24));
        ObjectNode load = Json.MAPPER.createObjectNode();
        load.put("name", "style");
        load.put("path", TestModels.tinyLora().toString());
        RunnerClient.Response loaded = client.post("/v1/adapters", load);
        assertEquals(201, loaded.status(), loaded.raw());
        assertEquals(409, client.post("/v1/adapters", load).status());

        ObjectNode withLora = request("LoRA test prompt", 24);
        withLora.put("model", "style");
        String adapted = text(withLora);
        assertNotEquals(base, adapted, "the adapter should change greedy output");
        assertEquals(adapted, text(withLora), "adapted output is deterministic too");
        assertEquals(base, text(request("LoRA test prompt", 24)), "without the adapter the base output comes back");

        ObjectNode scaledOff = request("LoRA test prompt", 24);
        scaledOff.putArray("lora").addObject().put("name", "style").put("scale", 0.0);
        assertEquals(base, text(scaledOff), "scale 0 is the base model");

        assertTrue(client.get("/v1/models").raw().contains("\"parent\":\"tiny\""));
        assertEquals(204, client.delete("/v1/adapters/style").status());
        assertEquals(404, client.post("/v1/completions", withLora).status());
        assertEquals(404, client.delete("/v1/adapters/style").status());
    }

    @Test
    void mixedAdapterBatchesDoNotCorruptEachOther() throws Exception {
        ObjectNode load = Json.MAPPER.createObjectNode();
        load.put("name", "mix");
        load.put("path", TestModels.tinyLora().toString());
        assertEquals(201, client.post("/v1/adapters", load).status());
        try {
            ObjectNode plain = request("Mixed batch prompt", 24);
            ObjectNode adapted = request("Mixed batch prompt", 24);
            adapted.put("model", "mix");
            String plainSolo = text(plain);
            String adaptedSolo = text(adapted);
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> plains = new ArrayList<>();
                List<Future<String>> adapteds = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    plains.add(pool.submit(() -> text(plain)));
                    adapteds.add(pool.submit(() -> text(adapted)));
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(plainSolo, plains.get(i).get());
                    assertEquals(adaptedSolo, adapteds.get(i).get());
                }
            }
        } finally {
            client.delete("/v1/adapters/mix");
        }
    }

    @Test
    void aClientThatDisappearsMidStreamFreesItsSlot() throws Exception {
        for (int i = 0; i < 6; i++) { // more abandoned streams than slots: a leak would starve the next request
            ObjectNode body = request("Abandoned stream " + i, 1000);
            body.put("stream", true);
            byte[] json = body.toString().getBytes(StandardCharsets.UTF_8);
            try (Socket socket = new Socket("127.0.0.1", runner.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(json);
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] buffer = new byte[512];
                assertTrue(in.read(buffer) > 0, "the stream started");
                socket.setSoLinger(true, 0); // reset, like a killed client
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (runningRequests() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, runningRequests(), "abandoned streams must release their slots");
        assertEquals("length", complete(request("after the abandoned streams", 4)).at("/choices/0/finish_reason").asText());
    }

    private static double runningRequests() {
        for (String line : client.get("/metrics").raw().split("\n")) {
            if (line.startsWith("vllm:num_requests_running{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no vllm:num_requests_running");
    }

    @Test
    void tokenIdPromptsWork() {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.putArray("prompt").add(10).add(20).add(30);
        body.put("max_tokens", 3);
        body.put("temperature", 0);
        body.put("ignore_eos", true);
        JsonNode result = complete(body);
        assertEquals(3, result.at("/usage/prompt_tokens").asInt());
        assertNull(result.at("/choices/0/logprobs").textValue());
        assertFalse(result.at("/id").asText().isEmpty());
    }
}
