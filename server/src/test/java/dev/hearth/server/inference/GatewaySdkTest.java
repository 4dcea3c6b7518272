package dev.hearth.server.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufFile;
import dev.hearth.engine.gguf.GgufTensorInfo;
import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.engine.gguf.GgufWriter;
import dev.hearth.engine.gguf.TensorData;
import dev.hearth.engine.synth.ChatTemplates;
import dev.hearth.engine.synth.LoraSpec;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SynthSpec;
import dev.hearth.engine.synth.SyntheticHfWriter;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.models.Catalog;
import dev.hearth.server.models.ModelTestUploads;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official OpenAI Java SDK against {@code /inference/v1} on a real server: the catalog's chat and embedding
 * models, and a GGUF model a tenant uploaded, served by runner processes the server starts on demand.
 */
class GatewaySdkTest {
    static final String CHAT = "accounts/fireworks/models/" + Catalog.SYNTHETIC_CHAT;
    @TempDir
    static Path dir;
    static TestServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(TestDatabases.SQLITE);
        client = OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/inference/v1").apiKey(server.adminKey())
                .maxRetries(0).timeout(Duration.ofMinutes(2)).build();
        waitReady(server, server.adminKey(), "fireworks", Catalog.SYNTHETIC_CHAT);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void waitReady(TestServer server, String key, String account, String model) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JsonNode m = Http.get(server.baseUrl() + "/v1/accounts/" + account + "/models/" + model, key).json();
            if (m.path("state").asText().equals("READY")) {
                return;
            }
            if (m.path("state").asText().equals("FAILED")) {
                throw new AssertionError(model + " failed: " + m);
            }
            Thread.sleep(100);
        }
        throw new AssertionError(model + " did not become READY");
    }

    static ChatCompletionCreateParams.Builder chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Hello").maxCompletionTokens(8)
                .temperature(0.0).putAdditionalBodyProperty("ignore_eos", JsonValue.from(true));
    }

    @Test
    void chatWholeAndStreamedOnTheCatalogModel() {
        ChatCompletion whole = client.chat().completions().create(chat(CHAT).build());
        assertEquals(CHAT, whole.model());
        assertEquals(8, whole.usage().orElseThrow().completionTokens());
        String text = whole.choices().getFirst().message().content().orElseThrow();

        StringBuilder streamed = new StringBuilder();
        long usageChunks;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(chat(CHAT).build())) {
            List<ChatCompletionChunk> chunks = stream.stream().toList();
            chunks.forEach(c -> c.choices().forEach(ch -> ch.delta().content().ifPresent(streamed::append)));
            usageChunks = chunks.stream().filter(c -> c.usage().isPresent()).count();
        }
        assertEquals(text, streamed.toString(), "greedy: the stream says what the whole answer said");
        assertEquals(1, usageChunks);

        // The short form of the name works too, and the usage of every request is metered.
        ChatCompletion shortName = client.chat().completions().create(chat("fireworks/" + Catalog.SYNTHETIC_CHAT).build());
        assertEquals(text, shortName.choices().getFirst().message().content().orElseThrow());
        long metered = server.server().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM usage_records WHERE model = ? AND completion_tokens = 8 AND http_status = 200 AND account_id = 'local'")
                .bind(0, CHAT).mapTo(Long.class).one());
        assertTrue(metered >= 3, "metered " + metered);
    }

    @Test
    void completionsAndHeaders() {
        Completion completion = client.completions().create(CompletionCreateParams.builder().model(CHAT).prompt("Once")
                .maxTokens(4).temperature(0.0).build());
        assertEquals(1, completion.choices().size());
        Http.Response raw = Http.json("POST", server.baseUrl() + "/inference/v1/completions", server.adminKey(),
                "{\"model\": \"" + CHAT + "\", \"prompt\": \"Once upon\", \"max_tokens\": 2}");
        assertEquals(200, raw.status(), raw.body());
        assertEquals(2, raw.json().path("usage").path("completion_tokens").asInt());
        JsonNode usage = raw.json().path("usage");
        assertEquals(usage.path("prompt_tokens").asText(), raw.header("fireworks-prompt-tokens"));
        assertEquals(usage.path("prompt_tokens_details").path("cached_tokens").asText("0"), raw.header("fireworks-cached-prompt-tokens"));
        assertEquals("2", raw.header("fireworks-completion-tokens"));

        // A stream carries the prompt's token count as a header too, before its first event.
        Http.Response streamed = Http.json("POST", server.baseUrl() + "/inference/v1/completions", server.adminKey(),
                "{\"model\": \"" + CHAT + "\", \"prompt\": \"Once upon\", \"max_tokens\": 2, \"stream\": true}");
        assertEquals(200, streamed.status(), streamed.body());
        assertEquals(usage.path("prompt_tokens").asText(), streamed.header("fireworks-prompt-tokens"));
    }

    @Test
    void rerankOnACausalModelScoresYesAgainstNo() {
        String url = server.baseUrl() + "/inference/v1/rerank";
        String docs = "[\"Oslo is cold in winter.\", \"Lisbon has mild winters.\", \"Bananas are yellow.\"]";
        Http.Response ranked = Http.json("POST", url, server.adminKey(), "{\"model\": \"" + CHAT
                + "\", \"query\": \"weather in Oslo\", \"documents\": " + docs + ", \"top_n\": 2, \"return_documents\": true}");
        assertEquals(200, ranked.status(), ranked.body());
        JsonNode data = ranked.json().path("data");
        assertEquals(2, data.size());
        double first = data.get(0).path("relevance_score").asDouble();
        assertTrue(first > 0 && first < 1 && first >= data.get(1).path("relevance_score").asDouble(), ranked.body());
        assertEquals(List.of("Oslo is cold in winter.", "Lisbon has mild winters.", "Bananas are yellow.")
                .get(data.get(0).path("index").asInt()), data.get(0).path("document").asText());
        assertTrue(ranked.json().path("usage").path("prompt_tokens").asInt() > 0, ranked.body());

        // Each document is scored on its own: alone, the top document gets the same score.
        String top = data.get(0).path("document").asText();
        Http.Response alone = Http.json("POST", url, server.adminKey(), "{\"model\": \"" + CHAT
                + "\", \"query\": \"weather in Oslo\", \"documents\": [\"" + top + "\"]}");
        assertEquals(first, alone.json().path("data").path(0).path("relevance_score").asDouble(), 1e-4, alone.body());

        Http.Response bad = Http.json("POST", url, server.adminKey(), "{\"model\": \"" + CHAT + "\", \"query\": \"q\", \"documents\": []}");
        assertEquals(400, bad.status());
        assertEquals("documents", bad.json().path("error").path("param").asText(), bad.body());
        long metered = server.server().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM usage_records WHERE endpoint = 'rerank' AND account_id = 'local'").mapTo(Long.class).one());
        assertEquals(3, metered, "every rerank request is metered, the refused one too");
    }

    @Test
    void unknownModelsAndBadInputGetTheDocumentedErrors() {
        NotFoundException missing = assertThrows(NotFoundException.class,
                () -> client.chat().completions().create(chat("accounts/fireworks/models/no-such-model").build()));
        assertTrue(missing.getMessage().contains("accounts/fireworks/models/no-such-model"), missing.getMessage());
        Http.Response noModel = Http.json("POST", server.baseUrl() + "/inference/v1/chat/completions", server.adminKey(),
                "{\"messages\": []}");
        assertEquals(400, noModel.status());
        assertEquals("model", noModel.json().path("error").path("param").asText());
        // The runner's own validation comes through as a 400 in the same shape.
        Http.Response badRole = Http.json("POST", server.baseUrl() + "/inference/v1/chat/completions", server.adminKey(),
                "{\"model\": \"" + CHAT + "\", \"messages\": [{\"role\": \"wizard\", \"content\": \"hi\"}]}");
        assertEquals(400, badRole.status(), badRole.body());
        assertTrue(badRole.json().path("error").path("message").asText().contains("messages[0].role"), badRole.body());
        Http.Response wrongEndpoint = Http.json("POST", server.baseUrl() + "/inference/v1/embeddings", server.adminKey(),
                "{\"model\": \"" + CHAT + "\", \"input\": \"x\"}");
        assertEquals(400, wrongEndpoint.status());
        Http.Response noKey = Http.json("POST", server.baseUrl() + "/inference/v1/chat/completions", null, "{}");
        assertEquals(401, noKey.status());
        assertFalse(noKey.json().path("error").path("message").asText().isEmpty(), noKey.body());
    }

    @Test
    void anUploadedGgufIsServedToItsAccountOnly() throws Exception {
        Path tiny = dir.resolve("tiny.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null).withSeed(7), tiny, (a, b, c, d) -> {
            throw new IllegalStateException();
        });
        String key = server.adminKey();
        assertEquals(200, dev.hearth.server.models.ModelTestUploads.create(server.baseUrl(), key, "local", "mine", "{}").status());
        assertEquals(200, dev.hearth.server.models.ModelTestUploads.upload(server.baseUrl(), key, "local", "mine", tiny).status());
        Completion completion = client.completions().create(CompletionCreateParams.builder().model("accounts/local/models/mine")
                .prompt("Hi").maxTokens(3).temperature(0.0).build());
        assertEquals("accounts/local/models/mine", completion.model());
        JsonNode listed = Http.get(server.baseUrl() + "/inference/v1/models", key).json();
        assertTrue(listed.toString().contains("accounts/local/models/mine"), listed.toString());

        String other = server.createAccount("gw-other");
        Http.Response foreign = Http.json("POST", server.baseUrl() + "/inference/v1/completions", other,
                "{\"model\": \"accounts/local/models/mine\", \"prompt\": \"x\", \"max_tokens\": 1}");
        assertEquals(404, foreign.status(), foreign.body());
        assertFalse(Http.get(server.baseUrl() + "/inference/v1/models", other).body().contains("accounts/local/models/mine"));
    }

    @Test
    void anUploadedGgufEmbeddingModelAnswersTheSdk() throws Exception {
        // The tiny synthetic model with a pooling type is an embedding model to llama.cpp and to the Models API.
        Path tiny = dir.resolve("tiny-for-embeddings.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null).withSeed(9), tiny, (a, b, c, d) -> {
            throw new IllegalStateException();
        });
        Path embedder = dir.resolve("embedder.gguf");
        try (GgufFile in = GgufFile.open(tiny)) {
            GgufWriter out = new GgufWriter().putAll(in.metadata()).put("llama.pooling_type", GgufValue.uint32(1));
            for (GgufTensorInfo t : in.tensors()) {
                out.addTensor(t.name(), t.type(), t.dims(), TensorData.bytes(in.data(t)));
            }
            out.write(embedder);
        }
        String key = server.adminKey();
        assertEquals(200, dev.hearth.server.models.ModelTestUploads.create(server.baseUrl(), key, "local", "embedder", "{}").status());
        assertEquals(200, dev.hearth.server.models.ModelTestUploads.upload(server.baseUrl(), key, "local", "embedder", embedder).status());
        waitReady(server, key, "local", "embedder");
        assertEquals("EMBEDDING_MODEL", Http.get(server.baseUrl() + "/v1/accounts/local/models/embedder", key).json().path("kind").asText());

        CreateEmbeddingResponse response = client.embeddings().create(EmbeddingCreateParams.builder()
                .model("accounts/local/models/embedder").inputOfArrayOfStrings(List.of("a cat", "a dog")).build());
        assertEquals(2, response.data().size());
        List<Float> vector = response.data().getFirst().embedding();
        assertEquals(64, vector.size(), "the tiny model's hidden size");
        assertEquals(1.0, vector.stream().mapToDouble(v -> v * v).sum(), 1e-4, "normalized");
        assertTrue(response.usage().promptTokens() > 0);
    }

    @Test
    void accountsShareARunnerButNotItsPromptCache() {
        String other = server.createAccount("cache-other");
        String body = "{\"model\": \"" + CHAT + "\", \"prompt\": \"" + "A prefix long enough to be worth caching. ".repeat(3)
                + "\", \"max_tokens\": 1}";
        String url = server.baseUrl() + "/inference/v1/completions";
        assertEquals(200, Http.json("POST", url, server.adminKey(), body).status());
        Http.Response again = Http.json("POST", url, server.adminKey(), body);
        assertTrue(again.json().at("/usage/prompt_tokens_details/cached_tokens").asInt() > 0, again.body());
        Http.Response foreign = Http.json("POST", url, other, body);
        assertEquals(200, foreign.status(), foreign.body());
        assertEquals(0, foreign.json().at("/usage/prompt_tokens_details/cached_tokens").asInt(), "another account's cache: " + foreign.body());
        assertEquals("0", foreign.header("fireworks-cached-prompt-tokens"));
    }

    @Test
    void anUploadedHuggingFaceCheckpointIsConvertedAndAnswersLikeItsGguf() throws Exception {
        SynthSpec tiny = SynthPreset.TINY.spec(null);
        SynthSpec spec = new SynthSpec(tiny.architecture(), tiny.hiddenSize(), tiny.layers(), tiny.heads(), tiny.kvHeads(),
                tiny.ffnSize(), tiny.contextLength(), tiny.ropeTheta(), tiny.rmsEps(), tiny.tiedEmbeddings(), null,
                ChatTemplates.CHATML, tiny.weightType(), 11);
        Path gguf = dir.resolve("direct.gguf");
        SyntheticModelWriter.write(spec, gguf, (a, b, c, d) -> {
            throw new IllegalStateException();
        });
        Path hf = dir.resolve("hf");
        SyntheticHfWriter.writeModel(spec, hf, tiny.weightType().writtenType(), 0);
        String base = server.baseUrl();
        String key = server.adminKey();
        assertEquals(200, ModelTestUploads.create(base, key, "local", "direct", "{}").status());
        assertEquals(200, ModelTestUploads.upload(base, key, "local", "direct", gguf).status());
        assertEquals(200, ModelTestUploads.create(base, key, "local", "converted", "{}").status());
        Http.Response validated = ModelTestUploads.upload(base, key, "local", "converted", files(hf));
        assertEquals(200, validated.status(), validated.body());
        waitReady(server, key, "local", "converted");
        JsonNode model = Http.get(base + "/v1/accounts/local/models/converted", key).json();
        assertEquals("HUGGINGFACE", model.path("baseModelDetails").path("checkpointFormat").asText(), model.toString());
        assertEquals("llama", model.path("baseModelDetails").path("modelType").asText());

        String direct = client.chat().completions().create(chat("accounts/local/models/direct").build())
                .choices().getFirst().message().content().orElseThrow();
        String converted = client.chat().completions().create(chat("accounts/local/models/converted").build())
                .choices().getFirst().message().content().orElseThrow();
        assertEquals(direct, converted, "greedy output of the converted checkpoint equals that of the GGUF written directly");

        // A PEFT adapter for it converts to a GGUF LoRA add-on.
        Path peft = dir.resolve("peft");
        SyntheticHfWriter.writeAdapter(gguf, peft, new LoraSpec(8, 16f, LoraSpec.ATTENTION_TARGETS, GgmlType.F32, 3));
        assertEquals(200, ModelTestUploads.create(base, key, "local", "adapter",
                "{\"peftDetails\": {\"baseModel\": \"accounts/local/models/converted\"}}").status());
        assertEquals(200, ModelTestUploads.upload(base, key, "local", "adapter", files(peft)).status());
        waitReady(server, key, "local", "adapter");
        JsonNode adapter = Http.get(base + "/v1/accounts/local/models/adapter", key).json();
        assertEquals("HF_PEFT_ADDON", adapter.path("kind").asText(), adapter.toString());
        assertEquals(8, adapter.path("peftDetails").path("r").asInt(), adapter.toString());

        // A truncated shard is refused at validateUpload, naming the file; the model goes FAILED, never half-ready.
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        for (Path f : files(hf)) {
            byte[] bytes = Files.readAllBytes(f);
            Files.write(broken.resolve(f.getFileName()), f.getFileName().toString().endsWith(".safetensors")
                    ? java.util.Arrays.copyOf(bytes, bytes.length - 100) : bytes);
        }
        assertEquals(200, ModelTestUploads.create(base, key, "local", "broken", "{}").status());
        Http.Response refused = ModelTestUploads.upload(base, key, "local", "broken", files(broken));
        assertEquals(400, refused.status(), refused.body());
        assertTrue(refused.json().path("message").asText().startsWith("model.safetensors: "), refused.body());
        assertFalse(refused.body().contains(server.home().toString()), "no server paths in messages: " + refused.body());
        assertEquals("FAILED", Http.get(base + "/v1/accounts/local/models/broken", key).json().path("state").asText());

        // An architecture the converter does not know is refused the same way, naming config.json.
        Path gpt2 = dir.resolve("gpt2");
        Files.createDirectories(gpt2);
        for (Path f : files(hf)) {
            String name = f.getFileName().toString();
            Files.write(gpt2.resolve(name), name.equals("config.json")
                    ? Files.readString(f).replace("LlamaForCausalLM", "GPT2LMHeadModel").getBytes() : Files.readAllBytes(f));
        }
        assertEquals(200, ModelTestUploads.create(base, key, "local", "gpt2", "{}").status());
        Http.Response unknown = ModelTestUploads.upload(base, key, "local", "gpt2", files(gpt2));
        assertEquals(400, unknown.status(), unknown.body());
        assertTrue(unknown.json().path("message").asText().startsWith("config.json: architecture GPT2LMHeadModel is not supported"),
                unknown.body());
        assertEquals("FAILED", Http.get(base + "/v1/accounts/local/models/gpt2", key).json().path("state").asText());
    }

    private static Path[] files(Path folder) throws java.io.IOException {
        try (var list = Files.list(folder)) {
            return list.sorted().toArray(Path[]::new);
        }
    }
}
