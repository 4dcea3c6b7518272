package dev.hearth.server.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.synth.LoraSpec;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticLora;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.HearthServer;
import dev.hearth.server.models.ModelTestUploads;
import dev.hearth.server.runners.Launcher;
import dev.hearth.server.runners.LocalProcessLauncher;
import dev.hearth.server.runners.RunnerConfig;
import dev.hearth.server.runners.RunnerSpec;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.SettableClock;
import dev.hearth.server.testing.TestServer;
import dev.hearth.server.testing.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LoRA add-ons on a two-replica deployment: hot-loaded into every replica without a restart, three of them served
 * together with the base model under concurrency, each answer equal to the one from a dedicated runner holding only
 * that adapter; the per-deployment limit; unloading; and a replica restarted after an adapter file went missing.
 */
class DeploymentAddonsTest {
    static final String PROMPT = "The quick brown fox";
    static final int TOKENS = 12;
    @TempDir
    static Path dir;

    @Test
    void threeAddonsServeMixedTrafficLikeDedicatedRunners() throws Exception {
        HearthServer.Options defaults = HearthServer.Options.defaults();
        HearthServer.Options options = new HearthServer.Options(new SettableClock(),
                new DeploymentController.Settings(Duration.ofMillis(200), Duration.ofSeconds(30)),
                defaults.limits().withMaxAddons(3));
        try (TestServer server = TestServer.start(TestDatabases.SQLITE, options)) {
            String key = server.adminKey();
            Path base = dir.resolve("base.gguf");
            SyntheticModelWriter.write(SynthPreset.TINY.spec(null).withSeed(21), base, (a, b, c, d) -> {
                throw new IllegalStateException();
            });
            upload(server, "base", "{}", base);
            Map<String, Path> adapters = new HashMap<>();
            for (int i = 1; i <= 4; i++) {
                Path lora = dir.resolve("lora-" + i + ".gguf");
                SyntheticLora.write(base, lora, new LoraSpec(8, 16f, LoraSpec.ATTENTION_TARGETS, GgmlType.F32, 100 + i));
                upload(server, "lora-" + i, "{\"peftDetails\": {\"baseModel\": \"accounts/local/models/base\"}}", lora);
                adapters.put("accounts/local/models/lora-" + i, lora);
            }

            // Add-ons need enableAddons on the deployment.
            Http.Response plain = Http.json("POST", server.baseUrl() + "/v1/accounts/local/deployments?deploymentId=plain", key,
                    "{\"baseModel\": \"accounts/local/models/base\", \"maxReplicaCount\": 0}");
            assertEquals(200, plain.status(), plain.body());
            Http.Response refused = load(server, "lora-1", "plain");
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.json().path("message").asText().contains("enableAddons"), refused.body());

            Http.Response created = Http.json("POST", server.baseUrl() + "/v1/accounts/local/deployments?deploymentId=multi", key,
                    "{\"baseModel\": \"accounts/local/models/base\", \"minReplicaCount\": 2, \"maxReplicaCount\": 2, \"enableAddons\": true}");
            assertEquals(200, created.status(), created.body());
            DeploymentLifecycleTest.waitFor(server, "multi", "READY with 2 replicas",
                    d -> d.path("state").asText().equals("READY") && DeploymentLifecycleTest.ready(d) == 2);
            List<Long> pids = server.server().deployments().replicaPids().get("local/multi");

            List<String> deployed = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                Http.Response loaded = load(server, "lora-" + i, "multi");
                assertEquals(200, loaded.status(), loaded.body());
                assertEquals("DEPLOYING", loaded.json().path("state").asText());
                deployed.add(loaded.json().path("name").asText());
            }
            Http.Response fourth = load(server, "lora-4", "multi");
            assertEquals(400, fourth.status(), fourth.body());
            assertTrue(fourth.json().path("message").asText().contains("max-addons-per-deployment"), fourth.body());
            for (String name : deployed) {
                waitDeployedModel(server, name, "DEPLOYED");
            }
            assertEquals(pids, server.server().deployments().replicaPids().get("local/multi"), "add-ons load without a restart");

            // Reference answers from dedicated runners, each holding one adapter (or none).
            Map<String, String> expected = new HashMap<>();
            expected.put("accounts/local/deployments/multi", reference(base, null));
            for (int i = 1; i <= 3; i++) {
                String model = "accounts/local/models/lora-" + i;
                expected.put(model + "#accounts/local/deployments/multi", reference(base, adapters.get(model)));
            }
            assertEquals(4, expected.values().stream().distinct().count(), "each adapter changes the output: " + expected);

            // Mixed traffic: every model string many times, concurrently, across both replicas.
            List<String> models = new ArrayList<>();
            for (int round = 0; round < 6; round++) {
                models.addAll(expected.keySet());
            }
            try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
                List<Future<String[]>> answers = new ArrayList<>();
                for (String model : models) {
                    answers.add(pool.submit(() -> new String[] {model, complete(server, model)}));
                }
                for (Future<String[]> answer : answers) {
                    String[] a;
                    try {
                        a = answer.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        throw new AssertionError(e.getCause().getMessage() + "\n" + runnerLogs(server), e);
                    }
                    assertEquals(expected.get(a[0]), a[1], "answer for " + a[0]);
                }
            }

            // Unload one: gone from the replicas, and a clear 404 for it; the others keep serving.
            String second = deployed.get(1);
            assertEquals(200, Http.call("DELETE", server.baseUrl() + "/v1/" + second, key, null, null).status());
            for (int i = 0; i < 200 && Http.get(server.baseUrl() + "/v1/" + second, key).status() != 404; i++) {
                Thread.sleep(100);
            }
            assertEquals(404, Http.get(server.baseUrl() + "/v1/" + second, key).status(), "unloaded");
            Http.Response unloaded = Http.json("POST", server.baseUrl() + "/inference/v1/completions", key,
                    body("accounts/local/models/lora-2#accounts/local/deployments/multi"));
            assertEquals(404, unloaded.status(), unloaded.body());
            String first = "accounts/local/models/lora-1#accounts/local/deployments/multi";
            assertEquals(expected.get(first), complete(server, first));

            // The adapter file of lora-3 goes missing and a replica restarts: the new process serves the base and lora-1,
            // the surviving replica still serves lora-3, and the deployed model says what is wrong.
            try (Stream<Path> files = Files.walk(server.home().resolve("blobs"))) {
                for (Path f : files.filter(p -> p.toString().contains("lora-3") && Files.isRegularFile(p)).toList()) {
                    Files.delete(f);
                }
            }
            ProcessHandle.of(pids.getFirst()).orElseThrow().destroyForcibly();
            DeploymentLifecycleTest.waitFor(server, "multi", "2 ready replicas after the kill", d -> DeploymentLifecycleTest.ready(d) == 2
                    && !server.server().deployments().replicaPids().get("local/multi").contains(pids.getFirst()));
            JsonNode third = waitDeployedModel(server, deployed.get(2), null);
            for (int i = 0; i < 200 && !third.path("status").path("message").asText().contains("missing"); i++) {
                Thread.sleep(100);
                third = Http.get(server.baseUrl() + "/v1/" + deployed.get(2), key).json();
            }
            assertTrue(third.path("status").path("message").asText().contains("missing"), third.toString());
            String lora3 = "accounts/local/models/lora-3#accounts/local/deployments/multi";
            for (int i = 0; i < 8; i++) {
                assertEquals(expected.get(lora3), complete(server, lora3), "served by the replica that still holds it");
                assertEquals(expected.get(first), complete(server, first));
                assertEquals(expected.get("accounts/local/deployments/multi"), complete(server, "accounts/local/deployments/multi"));
            }
            assertNotEquals(expected.get(lora3), expected.get(first));
        }
    }

    /** The last lines of every replica's log, for a failure message. */
    static String runnerLogs(TestServer server) {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> logs = Files.list(server.home().resolve("logs/runners"))) {
            for (Path log : logs.sorted().toList()) {
                List<String> lines = Files.readAllLines(log);
                out.append("== ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()))).append('\n');
            }
        } catch (java.io.IOException e) {
            out.append("(no runner logs: ").append(e).append(')');
        }
        return out.toString();
    }

    static void upload(TestServer server, String modelId, String json, Path file) throws Exception {
        assertEquals(200, ModelTestUploads.create(server.baseUrl(), server.adminKey(), "local", modelId, json).status());
        Http.Response validated = ModelTestUploads.upload(server.baseUrl(), server.adminKey(), "local", modelId, file);
        assertEquals(200, validated.status(), validated.body());
        for (int i = 0; i < 300; i++) {
            if (Http.get(server.baseUrl() + "/v1/accounts/local/models/" + modelId, server.adminKey()).json().path("state").asText()
                    .equals("READY")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(modelId + " did not become READY");
    }

    static Http.Response load(TestServer server, String model, String deployment) {
        return Http.json("POST", server.baseUrl() + "/v1/accounts/local/deployedModels", server.adminKey(),
                "{\"model\": \"accounts/local/models/" + model + "\", \"deployment\": \"accounts/local/deployments/" + deployment + "\"}");
    }

    static JsonNode waitDeployedModel(TestServer server, String name, String state) throws InterruptedException {
        JsonNode m = null;
        for (int i = 0; i < 600; i++) {
            m = Http.get(server.baseUrl() + "/v1/" + name, server.adminKey()).json();
            if (state == null || m.path("state").asText().equals(state)) {
                return m;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " never became " + state + ": " + m);
    }

    static String body(String model) {
        return "{\"model\": \"" + model + "\", \"prompt\": \"" + PROMPT + "\", \"max_tokens\": " + TOKENS
                + ", \"temperature\": 0, \"ignore_eos\": true}";
    }

    static String complete(TestServer server, String model) {
        Http.Response r = Http.json("POST", server.baseUrl() + "/inference/v1/completions", server.adminKey(), body(model));
        assertEquals(200, r.status(), model + ": " + r.body());
        return r.json().path("choices").path(0).path("text").asText();
    }

    /** The greedy answer of a runner started for this alone, holding {@code adapter} (or nothing). */
    static String reference(Path base, Path adapter) throws Exception {
        RunnerConfig config = RunnerConfig.defaults(dir.resolve("ref-logs")).withLoadTimeout(Duration.ofSeconds(120));
        List<String> flags = new ArrayList<>(List.of("--ctx", "512", "--parallel", "1"));
        if (adapter != null) {
            flags.addAll(List.of("--lora", "only=" + adapter));
        }
        Launcher.Instance runner = new LocalProcessLauncher(config).launch(
                RunnerSpec.engine("reference", "base", "reference", base, flags), "reference-key");
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(runner.baseUrl() + "/v1/completions"))
                    .header("Authorization", "Bearer reference-key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(adapter == null ? "base" : "only"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            return dev.hearth.api.Json.MAPPER.readTree(r.body()).path("choices").path(0).path("text").asText();
        } finally {
            runner.stop(Duration.ofSeconds(5));
        }
    }
}
