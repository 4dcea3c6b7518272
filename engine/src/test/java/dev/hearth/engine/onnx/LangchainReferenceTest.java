package dev.hearth.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import dev.hearth.engine.testing.RunnerClient;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.bgesmallenv15.BgeSmallEnV15EmbeddingModel;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An external reference: the runner's vectors, over HTTP, equal those of langchain4j's own in-process models, which read
 * the same ONNX files but tokenize, pool and normalise with their own code.
 */
class LangchainReferenceTest {
    static final List<String> SENTENCES = List.of("The quick brown fox jumps over the lazy dog.",
            "Embeddings map text to vectors; similar meanings land close together.",
            "¿Dónde está la biblioteca? C'est la vie — naïve café, 東京.", "a");

    @ParameterizedTest
    @CsvSource({"all-minilm-l6-v2", "bge-small-en-v1p5"})
    void vectorsEqualLangchain4js(String model) throws Exception {
        EmbeddingModel reference = model.equals("all-minilm-l6-v2") ? new AllMiniLmL6V2EmbeddingModel() : new BgeSmallEnV15EmbeddingModel();
        EmbeddingRunner runner = EmbeddingRunner.start(new EmbeddingRunner.Options(OnnxModelSpec.named(model).orElseThrow(), model,
                "127.0.0.1", 0, 2, 2, 32, 8192, null));
        try {
            runner.awaitLoaded();
            RunnerClient client = new RunnerClient(runner.port());
            RunnerClient.Response response = client.post("/v1/embeddings",
                    Json.MAPPER.createObjectNode().put("model", model).set("input", Json.MAPPER.valueToTree(SENTENCES)));
            assertEquals(200, response.status(), response.raw());
            JsonNode data = response.body().path("data");
            for (int i = 0; i < SENTENCES.size(); i++) {
                float[] expected = reference.embed(SENTENCES.get(i)).content().vector();
                JsonNode actual = data.get(i).path("embedding");
                assertEquals(expected.length, actual.size());
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int d = 0; d < expected.length; d++) {
                    double a = actual.get(d).asDouble();
                    assertEquals(expected[d], a, 1e-4, model + ", \"" + SENTENCES.get(i) + "\", dimension " + d);
                    dot += a * expected[d];
                    na += a * a;
                    nb += (double) expected[d] * expected[d];
                }
                double cosine = dot / Math.sqrt(na * nb);
                assertTrue(cosine > 1 - 1e-4, model + ", \"" + SENTENCES.get(i) + "\": cosine " + cosine);
            }
        } finally {
            runner.close();
        }
    }
}
