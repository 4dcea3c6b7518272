package dev.hearth.engine.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.hearth.engine.llama.ContextParams;
import dev.hearth.engine.testing.TestModels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK as the client of a generation runner and an embeddings runner. */
class OpenAiSdkTest {
    static Runner generation;
    static Runner embeddings;
    static OpenAIClient completionsClient;
    static OpenAIClient embeddingsClient;

    @BeforeAll
    static void start() throws Exception {
        generation = Runner.start(new RunnerOptions(TestModels.tiny(), null, "127.0.0.1", 0, 1, 2048, 2, 512, Map.of(), null,
                false, ContextParams.Pooling.MEAN, Duration.ofSeconds(60), "sk-runner-test"));
        embeddings = Runner.start(new RunnerOptions(TestModels.tiny(), "tiny-embed", "127.0.0.1", 0, 1, 2048, 4, 512, Map.of(),
                null, true, ContextParams.Pooling.MEAN, Duration.ofSeconds(60), null));
        generation.awaitLoaded();
        embeddings.awaitLoaded();
        completionsClient = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + generation.port() + "/v1")
                .apiKey("sk-runner-test").maxRetries(0).build();
        embeddingsClient = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + embeddings.port() + "/v1")
                .apiKey("unused").maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        generation.close();
        embeddings.close();
    }

    private static CompletionCreateParams params(String model) {
        return CompletionCreateParams.builder().model(model).prompt("Hello from the SDK").maxTokens(12).temperature(0.0).build();
    }

    @Test
    void completions() {
        Completion completion = completionsClient.completions().create(params("tiny"));
        assertEquals(1, completion.choices().size());
        assertEquals(CompletionCreateParams.Model.of("tiny").asString(), completion.model());
        var usage = completion.usage().orElseThrow();
        assertTrue(usage.completionTokens() >= 1 && usage.completionTokens() <= 12);
        assertTrue(usage.promptTokensDetails().orElseThrow().cachedTokens().isPresent());
    }

    @Test
    void streamingMatchesTheWholeResponse() {
        String whole = completionsClient.completions().create(params("tiny")).choices().getFirst().text();
        StringBuilder streamed = new StringBuilder();
        try (StreamResponse<Completion> stream = completionsClient.completions().createStreaming(params("tiny"))) {
            stream.stream().forEach(chunk -> chunk.choices().forEach(choice -> streamed.append(choice.text())));
        }
        assertEquals(whole, streamed.toString());
    }

    @Test
    void errorsArriveAsSdkExceptions() {
        assertThrows(NotFoundException.class, () -> completionsClient.completions().create(params("no-such-model")));
        assertThrows(BadRequestException.class, () -> completionsClient.completions().create(
                CompletionCreateParams.builder().model("tiny").prompt("x").logprobs(21).build()));
        OpenAIClient wrongKey = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + generation.port() + "/v1")
                .apiKey("wrong").maxRetries(0).build();
        assertThrows(com.openai.errors.UnauthorizedException.class, () -> wrongKey.completions().create(params("tiny")));
    }

    @Test
    void embeddingsAreNormalisedVectorsInInputOrder() {
        CreateEmbeddingResponse response = embeddingsClient.embeddings().create(EmbeddingCreateParams.builder()
                .model("tiny-embed").inputOfArrayOfStrings(List.of("first input", "second, longer input text", "first input"))
                .build());
        assertEquals(3, response.data().size());
        List<Float> first = response.data().get(0).embedding();
        List<Float> third = response.data().get(2).embedding();
        assertEquals(64, first.size());
        double norm = first.stream().mapToDouble(v -> v * v).sum();
        assertEquals(1.0, norm, 1e-3);
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i), third.get(i), 1e-5, "the same input embeds to the same vector, whatever else is in the batch");
        }
        assertTrue(!first.equals(response.data().get(1).embedding()));
        assertTrue(response.usage().promptTokens() > 0);
    }
}
