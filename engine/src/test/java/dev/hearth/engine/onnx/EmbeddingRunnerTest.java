package dev.hearth.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import dev.hearth.engine.testing.RunnerClient;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The ONNX embedding runner over real HTTP on loopback, serving the real all-MiniLM-L6-v2 weights. */
class EmbeddingRunnerTest {
    static final String KEY = "test-key";
    static final List<String> SENTENCES = List.of(
            "A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby.",
            "A man is riding a horse.", "A woman is playing violin.", "Two men pushed carts through the woods.",
            "A man is riding a white horse on an enclosed ground.", "A monkey is playing drums.",
            "Someone in a gorilla costume is playing a set of drums.", "The new movie is awesome.",
            "The cat sits outside.", "A man is playing guitar.", "The new movie is so great.", "Do you like pizza?",
            "Hearth serves embeddings on ONNX Runtime, gathering the inputs of concurrent requests into shared runs.",
            "ok");
    static EmbeddingRunner runner;
    static RunnerClient client;

    @BeforeAll
    static void start() throws Exception {
        runner = EmbeddingRunner.start(new EmbeddingRunner.Options(OnnxModelSpec.named("all-minilm-l6-v2").orElseThrow(),
                "accounts/fireworks/models/all-minilm-l6-v2", "127.0.0.1", 0, 2, 2, 32, 8192, KEY));
        runner.awaitLoaded();
        client = new RunnerClient(runner.port(), KEY);
    }

    @AfterAll
    static void stop() {
        runner.close();
    }

    static ObjectNode request(Object input) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("input", Json.MAPPER.valueToTree(input));
        return body;
    }

    static JsonNode embed(ObjectNode body) {
        RunnerClient.Response response = client.post("/v1/embeddings", body);
        assertEquals(200, response.status(), response.raw());
        return response.body();
    }

    static float[] vector(JsonNode item) {
        JsonNode values = item.path("embedding");
        float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) values.get(i).asDouble();
        }
        return v;
    }

    static double norm(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        return Math.sqrt(sum);
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    @Test
    void vectorsAreNormalisedInInputOrderWithRealTokenCounts() {
        JsonNode body = embed(request(List.of("A man is eating food.", "A man is eating a piece of bread.",
                "The girl is carrying a baby.")));
        assertEquals("list", body.path("object").asText());
        assertEquals("accounts/fireworks/models/all-minilm-l6-v2", body.path("model").asText());
        JsonNode data = body.path("data");
        assertEquals(3, data.size());
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertEquals(i, data.get(i).path("index").asInt());
            assertEquals("embedding", data.get(i).path("object").asText());
            float[] v = vector(data.get(i));
            assertEquals(384, v.length);
            assertEquals(1.0, norm(v), 1e-5);
            vectors.add(v);
        }
        // Real weights: the two sentences about eating are closer to each other than to the third.
        assertTrue(dot(vectors.get(0), vectors.get(1)) > dot(vectors.get(0), vectors.get(2)) + 0.2,
                dot(vectors.get(0), vectors.get(1)) + " vs " + dot(vectors.get(0), vectors.get(2)));
        // WordPiece: [CLS] a man is eating food . [SEP] = 8, [CLS] a man is eating a piece of bread . [SEP] = 11,
        // [CLS] the girl is carrying a baby . [SEP] = 9.
        assertEquals(28, body.path("usage").path("prompt_tokens").asInt(), body.path("usage").toString());
        assertEquals(28, body.path("usage").path("total_tokens").asInt());
        assertEquals(8, embed(request("A man is eating food.")).path("usage").path("prompt_tokens").asInt());
    }

    @Test
    void base64DimensionsAndNormalize() {
        float[] full = vector(embed(request("The cat sits outside.")).path("data").get(0));

        ObjectNode b64 = request("The cat sits outside.");
        b64.put("encoding_format", "base64");
        String encoded = embed(b64).path("data").get(0).path("embedding").asText();
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded)).order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(decoded);
        assertArrayEquals(full, decoded, 1e-7f, "base64 carries the same little-endian float32 values");

        ObjectNode raw = request("The cat sits outside.");
        raw.put("normalize", false);
        float[] unnormalised = vector(embed(raw).path("data").get(0));
        assertTrue(Math.abs(norm(unnormalised) - 1) > 0.01, "mean pooling alone is not unit length: " + norm(unnormalised));
        for (int i = 0; i < full.length; i++) {
            assertEquals(full[i], unnormalised[i] / norm(unnormalised), 1e-5);
        }

        ObjectNode shortened = request("The cat sits outside.");
        shortened.put("dimensions", 64);
        float[] truncated = vector(embed(shortened).path("data").get(0));
        assertEquals(64, truncated.length);
        assertEquals(1.0, norm(truncated), 1e-5);
        float[] head = java.util.Arrays.copyOf(unnormalised, 64);
        double headNorm = norm(head);
        for (int i = 0; i < 64; i++) {
            assertEquals(head[i] / headNorm, truncated[i], 1e-5, "the first 64 dimensions, renormalised");
        }
        shortened.put("dimensions", 384);
        assertEquals(384, embed(shortened).path("data").get(0).path("embedding").size());
    }

    @Test
    void concurrentRequestsShareRunsAndGetTheVectorsOfSingleRequests() throws Exception {
        List<float[]> alone = new ArrayList<>();
        for (String sentence : SENTENCES) {
            alone.add(vector(embed(request(sentence)).path("data").get(0)));
        }
        long runsBefore = runner.embedder().runs();
        int rounds = 3;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<float[]>> together = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int round = 0; round < rounds; round++) {
                for (String sentence : SENTENCES) {
                    together.add(clients.submit(() -> {
                        go.await();
                        return vector(embed(request(sentence)).path("data").get(0));
                    }));
                }
            }
            go.countDown();
            for (int i = 0; i < together.size(); i++) {
                assertArrayEquals(alone.get(i % SENTENCES.size()), together.get(i).get(), 1e-5f,
                        "padded in a shared batch, \"" + SENTENCES.get(i % SENTENCES.size()) + "\" embeds as it does alone");
            }
        }
        long runs = runner.embedder().runs() - runsBefore;
        assertTrue(runs < rounds * SENTENCES.size(), rounds * SENTENCES.size() + " concurrent requests took " + runs + " ONNX runs");

        // One request's inputs are embedded as a batch, in order.
        JsonNode batch = embed(request(SENTENCES)).path("data");
        for (int i = 0; i < SENTENCES.size(); i++) {
            assertArrayEquals(alone.get(i), vector(batch.get(i)), 1e-5f);
        }
    }

    static void assertRefused(String json, String param, String messagePart) {
        RunnerClient.Response response = client.post("/v1/embeddings", json);
        assertEquals(400, response.status(), response.raw());
        JsonNode error = response.body().path("error");
        assertEquals(param, error.path("param").asText(null), response.raw());
        assertEquals("invalid_request_error", error.path("type").asText(), response.raw());
        assertTrue(error.path("message").asText().contains(messagePart), response.raw());
    }

    @Test
    void badRequestsAreRefusedNamingTheField() {
        assertRefused("{\"input\": \"\"}", "input", "empty");
        assertRefused("{\"input\": []}", "input", "`input` must be");
        assertRefused("{}", "input", "required");
        assertRefused("{\"input\": " + Json.MAPPER.valueToTree("word ".repeat(300)) + "}", "input",
                "302 tokens; accounts/fireworks/models/all-minilm-l6-v2 embeds at most 256 tokens per input");
        assertRefused("{\"input\": [\"fine\", " + Json.MAPPER.valueToTree("word ".repeat(255)) + "]}", "input", "input 1 is 257 tokens");
        assertRefused("{\"input\": \"x\", \"foo\": 1}", "foo", "unknown field");
        assertRefused("{\"input\": [101, 7592, 102]}", "input", "token ids");
        assertRefused("{\"input\": [[101, 7592, 102]]}", "input", "token ids");
        assertRefused("{\"input\": {\"text\": \"hi\"}, \"prompt_template\": \"Embed {text}\"}", "prompt_template",
                "`prompt_template` is not supported");
        assertRefused("{\"input\": {\"text\": \"hi\"}}", "input", "prompt_template");
        assertRefused("{\"input\": \"x\", \"return_logits\": [0, 1]}", "return_logits", "not supported");
        assertRefused("{\"input\": \"x\", \"dimensions\": 0}", "dimensions", "from 1 to 384");
        assertRefused("{\"input\": \"x\", \"dimensions\": 385}", "dimensions", "from 1 to 384");
        assertRefused("{\"input\": \"x\", \"encoding_format\": \"int8\"}", "encoding_format", "float or base64");
        assertRefused("{\"input\": \"x\", \"normalize\": \"yes\"}", "normalize", "true or false");
        ArrayNode tooMany = Json.MAPPER.createArrayNode();
        for (int i = 0; i <= 2048; i++) {
            tooMany.add("x");
        }
        assertRefused("{\"input\": " + tooMany + "}", "input", "at most 2048");

        RunnerClient.Response otherModel = client.post("/v1/embeddings", "{\"model\": \"bge\", \"input\": \"x\"}");
        assertEquals(404, otherModel.status(), otherModel.raw());
        assertEquals("model", otherModel.body().path("error").path("param").asText());
        assertEquals(200, client.post("/v1/embeddings", "{\"model\": \"accounts/fireworks/models/all-minilm-l6-v2\", "
                + "\"input\": \"x\", \"user\": \"u\"}").status());
    }

    @Test
    void theSupervisorsKeyIsRequiredButNotForHealth() {
        RunnerClient anonymous = new RunnerClient(runner.port());
        assertEquals(401, anonymous.post("/v1/embeddings", "{\"input\": \"x\"}").status());
        assertEquals(401, new RunnerClient(runner.port(), "wrong").post("/v1/embeddings", "{\"input\": \"x\"}").status());
        RunnerClient.Response health = anonymous.get("/health");
        assertEquals(200, health.status());
        assertEquals("ok", health.body().path("status").asText());
        JsonNode models = client.get("/v1/models").body();
        assertEquals("accounts/fireworks/models/all-minilm-l6-v2", models.at("/data/0/id").asText());
        assertEquals(384, models.at("/data/0/meta/n_embd").asInt());
        assertEquals(404, client.post("/v1/completions", "{}").status());
    }

    @Test
    void theCommandRefusesUnknownModelsBeforeStarting() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cli = new CommandLine(new EmbeddingRunnerCommand());
        cli.setErr(new java.io.PrintWriter(err));
        assertEquals(2, cli.execute("--model", "nomic-embed-text-v1.5", "--port", "0"));
        assertTrue(err.toString().contains("--model must be one of all-minilm-l6-v2, bge-small-en-v1p5"), err.toString());
    }
}
