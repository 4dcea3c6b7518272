package dev.hearth.server.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.gguf.FloatSource;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.engine.gguf.GgufWriter;
import dev.hearth.engine.gguf.TensorData;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.models.ModelTestUploads;
import dev.hearth.server.runners.RunnerStatus;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway when runners fail: at load, mid-stream, and under a stampede on a cold model. */
class GatewayFailureTest {
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestDatabases.SQLITE);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static void upload(String modelId, Path file) throws Exception {
        assertEquals(200, ModelTestUploads.create(server.baseUrl(), server.adminKey(), "local", modelId, "{}").status());
        Http.Response validated = ModelTestUploads.upload(server.baseUrl(), server.adminKey(), "local", modelId, file);
        assertEquals(200, validated.status(), validated.body());
    }

    static Path tiny(String name, long seed) throws Exception {
        Path path = dir.resolve(name);
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null).withSeed(seed), path, (a, b, c, d) -> {
            throw new IllegalStateException();
        });
        return path;
    }

    static Http.Response complete(String model, int maxTokens) {
        return Http.json("POST", server.baseUrl() + "/inference/v1/completions", server.adminKey(),
                "{\"model\": \"" + model + "\", \"prompt\": \"Hello\", \"max_tokens\": " + maxTokens + ", \"ignore_eos\": true}");
    }

    @Test
    void aModelWhoseRunnerCannotLoadFailsWithTheReasonOnce() throws Exception {
        Path odd = dir.resolve("odd.gguf");
        new GgufWriter().put("general.architecture", GgufValue.string("nosucharch"))
                .addTensor("w", GgmlType.F32, new long[] {4}, TensorData.floats(FloatSource.of(1, 2, 3, 4))).write(odd);
        upload("odd", odd);
        Http.Response first = complete("accounts/local/models/odd", 1);
        assertEquals(503, first.status(), first.body());
        assertTrue(first.json().path("error").path("message").asText().contains("nosucharch"), first.body());
        JsonNode model = Http.get(server.baseUrl() + "/v1/accounts/local/models/odd", server.adminKey()).json();
        assertEquals("FAILED", model.path("state").asText());
        assertTrue(model.path("status").path("message").asText().contains("nosucharch"), model.toString());
        Http.Response second = complete("accounts/local/models/odd", 1);
        assertEquals(400, second.status(), "a FAILED model is refused at once, without another launch: " + second.body());
        assertTrue(server.server().runners().status().stream().noneMatch(s -> s.key().contains("/odd@")
                && s.state() != dev.hearth.server.runners.RunnerState.FAILED && s.state() != dev.hearth.server.runners.RunnerState.STOPPED));
    }

    @Test
    void aRunnerKilledMidStreamFailsThatStreamAndTheNextRequestWorks() throws Exception {
        upload("victim", tiny("victim.gguf", 3));
        assertEquals(200, complete("accounts/local/models/victim", 1).status());
        long pid = server.server().runners().status().stream().filter(s -> s.key().startsWith("accounts/local/models/victim@"))
                .mapToLong(RunnerStatus::pid).findFirst().orElseThrow();

        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/inference/v1/completions"))
                .header("Authorization", "Bearer " + server.adminKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\": \"accounts/local/models/victim\", \"prompt\": \"Hi\", "
                        + "\"max_tokens\": 1500, \"ignore_eos\": true, \"stream\": true}")).build();
        HttpResponse<java.io.InputStream> response = ModelTestUploads.HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        List<String> events = new ArrayList<>();
        long killedAt = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    events.add(line);
                    if (events.size() == 3) {
                        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
                        killedAt = System.nanoTime();
                    }
                }
            }
        }
        long tookMillis = (System.nanoTime() - killedAt) / 1_000_000;
        assertTrue(tookMillis < 5_000, "the stream ended " + tookMillis + " ms after the kill");
        String last = events.getLast();
        assertTrue(last.contains("\"error\"") && last.contains("RUNNER_FAILED"), last);
        Http.Response next = complete("accounts/local/models/victim", 2);
        assertEquals(200, next.status(), next.body());
    }

    @Test
    void sixtyFourClientsOnAColdModelStartOneRunnerAndAllSucceed() throws Exception {
        upload("cold", tiny("cold.gguf", 11));
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            answers.add(pool.submit(() -> complete("accounts/local/models/cold", 2)));
        }
        for (Future<Http.Response> answer : answers) {
            Http.Response response = answer.get();
            assertEquals(200, response.status(), response.body());
        }
        pool.shutdown();
        List<RunnerStatus> runners = server.server().runners().status().stream()
                .filter(s -> s.key().startsWith("accounts/local/models/cold@")).toList();
        assertEquals(1, runners.size(), runners.toString());
    }
}
