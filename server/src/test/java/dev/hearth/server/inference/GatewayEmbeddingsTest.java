package dev.hearth.server.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The catalog's ONNX embedding models through {@code /inference/v1} on a real server, which starts an
 * {@code embedding-runner} process for each on first use: the official OpenAI SDK, usage metering, and rerank.
 */
class GatewayEmbeddingsTest {
    static final String MINILM = "accounts/fireworks/models/all-minilm-l6-v2";
    static final String BGE = "accounts/fireworks/models/bge-small-en-v1p5";
    static TestServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabases.SQLITE);
        client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/inference/v1").apiKey(server.adminKey())
                .maxRetries(0).timeout(Duration.ofMinutes(2)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static long metered(String model, String endpoint) {
        return server.server().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COALESCE(SUM(prompt_tokens), 0) FROM usage_records WHERE model = ? AND endpoint = ? AND http_status = 200")
                .bind(0, model).bind(1, endpoint).mapTo(Long.class).one());
    }

    @ParameterizedTest
    @ValueSource(strings = {MINILM, BGE})
    void theSdkEmbedsOnTheCatalogModelsAndUsageIsMetered(String model) {
        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder().model(model)
                .inputOfArrayOfStrings(List.of("The cat sits outside.", "A man is playing guitar.")).build());
        assertEquals(model, response.model());
        assertEquals(2, response.data().size());
        for (int i = 0; i < 2; i++) {
            List<Float> vector = response.data().get(i).embedding();
            assertEquals(384, vector.size());
            assertEquals(1.0, vector.stream().mapToDouble(v -> v * v).sum(), 1e-4);
            assertEquals(i, response.data().get(i).index());
        }
        // Both models use BERT's uncased WordPiece: [CLS] the cat sits outside . [SEP], [CLS] a man is playing guitar . [SEP].
        assertEquals(15, response.usage().promptTokens());
        assertEquals(15, metered(model, "embeddings"));

        CreateEmbeddingResponse shorter = client.embeddings().create(EmbeddingCreateParams.builder().model(model)
                .input("The cat sits outside.").dimensions(128).encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
        assertEquals(128, shorter.data().getFirst().embedding().size());
        assertEquals(1.0, shorter.data().getFirst().embedding().stream().mapToDouble(v -> v * v).sum(), 1e-4);
        assertEquals(22, metered(model, "embeddings"));
    }

    @ParameterizedTest
    @ValueSource(strings = {BGE, MINILM})
    void rerankPutsTheRelevantDocumentFirst(String model) {
        Http.Response ranked = Http.json("POST", server.baseUrl() + "/inference/v1/rerank", server.adminKey(), "{\"model\": \""
                + model + "\", \"query\": \"What is the capital of France?\", \"documents\": [\"Berlin is the capital of Germany.\", "
                + "\"Paris is the capital and largest city of France.\", \"Bananas are rich in potassium.\"], \"return_documents\": true}");
        assertEquals(200, ranked.status(), ranked.body());
        JsonNode data = ranked.json().path("data");
        assertEquals(3, data.size());
        assertEquals(1, data.get(0).path("index").asInt(), ranked.body());
        assertEquals("Paris is the capital and largest city of France.", data.get(0).path("document").asText());
        assertEquals(2, data.get(2).path("index").asInt(), "bananas are least relevant: " + ranked.body());
        assertTrue(data.get(0).path("relevance_score").asDouble() > data.get(1).path("relevance_score").asDouble());
        long tokens = ranked.json().path("usage").path("prompt_tokens").asLong();
        assertTrue(tokens > 0, ranked.body());
        assertEquals(tokens, metered(model, "rerank"));
    }

    @Test
    void whatTheRunnerCannotHonourIsA400NamingTheField() {
        String url = server.baseUrl() + "/inference/v1/embeddings";
        String[][] cases = {
                {"{\"model\": \"" + MINILM + "\", \"input\": {\"text\": \"hi\"}, \"prompt_template\": \"Embed {text}\"}", "prompt_template"},
                {"{\"model\": \"" + MINILM + "\", \"input\": \"hi\", \"return_logits\": []}", "return_logits"},
                {"{\"model\": \"" + MINILM + "\", \"input\": [101, 7592, 102]}", "input"},
                {"{\"model\": \"" + MINILM + "\", \"input\": \"" + "word ".repeat(300) + "\"}", "input"},
                {"{\"model\": \"" + BGE + "\", \"input\": \"" + "word ".repeat(511) + "\"}", "input"},
                {"{\"model\": \"" + MINILM + "\", \"input\": \"hi\", \"truncate\": true}", "truncate"},
        };
        for (String[] c : cases) {
            Http.Response refused = Http.json("POST", url, server.adminKey(), c[0]);
            assertEquals(400, refused.status(), refused.body());
            assertEquals(c[1], refused.json().path("error").path("param").asText(), refused.body());
        }
        Http.Response tooLong = Http.json("POST", url, server.adminKey(), cases[4][0]);
        assertTrue(tooLong.json().path("error").path("message").asText().contains("513 tokens; " + BGE + " embeds at most 512"),
                tooLong.body());
    }
}
