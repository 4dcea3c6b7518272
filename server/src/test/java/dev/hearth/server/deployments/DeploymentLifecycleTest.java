package dev.hearth.server.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.completions.CompletionCreateParams;
import dev.hearth.engine.gguf.GgmlType;
import dev.hearth.engine.gguf.GgufValue;
import dev.hearth.engine.gguf.GgufWriter;
import dev.hearth.engine.gguf.TensorData;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.HearthServer;
import dev.hearth.server.models.ModelTestUploads;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.SettableClock;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dedicated deployment with real replica processes, addressed through the official OpenAI SDK in every documented
 * model-string form: it scales by hand and to zero (driven by a settable clock), comes back on the first request with
 * the documented 503, replaces a replica killed with SIGKILL, returns to its size after a server restart, and goes
 * FAILED with the runner's reason when a replica cannot load.
 */
class DeploymentLifecycleTest {
    @TempDir
    static Path dir;

    static HearthServer.Options options(SettableClock clock) {
        return new HearthServer.Options(clock, new DeploymentController.Settings(Duration.ofMillis(200), Duration.ofSeconds(30)),
                Deployments.Limits.defaults());
    }

    static void uploadTiny(TestServer server, String modelId, long seed) throws Exception {
        Path path = server.home().resolve(modelId + ".gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null).withSeed(seed), path, (a, b, c, d) -> {
            throw new IllegalStateException();
        });
        upload(server, modelId, path);
    }

    static void upload(TestServer server, String modelId, Path path) throws Exception {
        assertEquals(200, ModelTestUploads.create(server.baseUrl(), server.adminKey(), "local", modelId, "{}").status());
        Http.Response validated = ModelTestUploads.upload(server.baseUrl(), server.adminKey(), "local", modelId, path);
        assertEquals(200, validated.status(), validated.body());
    }

    static JsonNode waitFor(TestServer server, String id, String what, Predicate<JsonNode> condition) throws InterruptedException {
        JsonNode d = null;
        for (int i = 0; i < 1200; i++) {
            d = Http.get(server.baseUrl() + "/v1/accounts/local/deployments/" + id, server.adminKey()).json();
            if (condition.test(d)) {
                return d;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deployment " + id + " never became " + what + ": " + d);
    }

    static int ready(JsonNode d) {
        return d.path("replicaStats").path("readyReplicaCount").asInt();
    }

    static OpenAIClient client(TestServer server) {
        return OpenAIOkHttpClient.builder().baseUrl(server.baseUrl() + "/inference/v1").apiKey(server.adminKey())
                .maxRetries(0).timeout(Duration.ofMinutes(2)).build();
    }

    static String complete(OpenAIClient client, String model) {
        return client.completions().create(CompletionCreateParams.builder().model(model).prompt("Once upon a time")
                .maxTokens(8).temperature(0.0).build()).choices().getFirst().text();
    }

    @Test
    void servesEveryRoutingFormScalesToZeroAndBackSurvivesKillsAndRestarts() throws Exception {
        SettableClock clock = new SettableClock();
        Path home = Files.createTempDirectory("hearth-deploy-");
        TestServer server = TestServer.start(home, null, options(clock));
        try {
            uploadTiny(server, "tiny", 5);
            String deployments = server.baseUrl() + "/v1/accounts/local/deployments";
            Http.Response created = Http.json("POST", deployments + "?deploymentId=web", server.adminKey(), """
                    {"baseModel": "accounts/local/models/tiny", "minReplicaCount": 0, "maxReplicaCount": 2,
                     "autoscalingPolicy": {"scaleToZeroWindow": "5m", "scaleUpWindow": "10s"}}""");
            assertEquals(200, created.status(), created.body());
            JsonNode d = waitFor(server, "web", "READY", x -> x.path("state").asText().equals("READY"));
            assertEquals(1, ready(d), "a new deployment starts one replica: " + d);
            assertEquals(1, d.path("replicaCount").asInt());

            OpenAIClient client = client(server);
            String viaDeployment = complete(client, "accounts/local/deployments/web");
            List<String> deployedModels = Http.get(server.baseUrl() + "/v1/accounts/local/deployedModels", server.adminKey())
                    .json().findValuesAsText("name");
            assertEquals(1, deployedModels.size(), deployedModels.toString());
            for (String form : List.of("accounts/local/models/tiny#accounts/local/deployments/web", "local/tiny#local/web",
                    deployedModels.getFirst(), "accounts/local/models/tiny")) {
                assertEquals(viaDeployment, complete(client, form), "greedy output through " + form);
            }

            // Scale by hand to two replicas; kill one with SIGKILL: it is replaced and the deployment serves throughout.
            assertEquals(200, Http.json("PATCH", deployments + "/web:scale", server.adminKey(), "{\"replicaCount\": 2}").status());
            waitFor(server, "web", "two ready replicas", x -> ready(x) == 2);
            List<Long> pids = server.server().deployments().replicaPids().get("local/web");
            assertEquals(2, pids.size(), pids.toString());
            ProcessHandle.of(pids.getFirst()).orElseThrow().destroyForcibly();
            for (int i = 0; i < 100 && server.server().deployments().replicaPids().get("local/web").contains(pids.getFirst()); i++) {
                Thread.sleep(100);
            }
            assertEquals(viaDeployment, complete(client, "accounts/local/deployments/web"), "the other replica serves meanwhile");
            for (int i = 0; i < 300; i++) {
                List<Long> now = server.server().deployments().replicaPids().get("local/web");
                if (now.size() == 2 && !now.contains(pids.getFirst()) && ready(Http.get(deployments + "/web", server.adminKey()).json()) == 2) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(2, ready(Http.get(deployments + "/web", server.adminKey()).json()), "the killed replica was replaced");

            // No requests for the scale-to-zero window: down to zero replicas, processes gone.
            clock.advance(Duration.ofMinutes(6));
            d = waitFor(server, "web", "scaled to zero", x -> x.path("desiredReplicaCount").asInt() == 0 && x.path("replicaCount").asInt() == 0);
            assertEquals("READY", d.path("state").asText());
            for (long pid : server.server().deployments().replicaPids().getOrDefault("local/web", List.of())) {
                assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "replica " + pid + " still runs");
            }

            // The first request gets the documented 503 at once and starts a replica; a retry is served.
            Http.Response cold = Http.json("POST", server.baseUrl() + "/inference/v1/completions", server.adminKey(),
                    "{\"model\": \"accounts/local/deployments/web\", \"prompt\": \"Once upon a time\", \"max_tokens\": 8, \"temperature\": 0}");
            assertEquals(503, cold.status(), cold.body());
            assertEquals("DEPLOYMENT_SCALING_UP", cold.json().path("error").path("code").asText(), cold.body());
            assertEquals("Deployment is currently scaled to zero and is scaling up. Please retry your request in a few minutes.",
                    cold.json().path("error").path("message").asText());
            waitFor(server, "web", "back to one replica", x -> ready(x) == 1);
            assertEquals(viaDeployment, complete(client, "accounts/local/deployments/web"));
            String events = Http.get(deployments + "/web/events", server.adminKey()).json().toString();
            assertTrue(events.contains("scaled to zero") || events.contains("to 0"), events);
            assertTrue(events.contains("request"), events);

            // A restarted server brings the deployment back to its size.
            server.stopKeepingState();
            server = TestServer.start(home, null, options(clock));
            d = waitFor(server, "web", "ready after the restart", x -> ready(x) == 1);
            assertEquals("READY", d.path("state").asText());
            assertEquals(viaDeployment, complete(client(server), "accounts/local/deployments/web"));

            // Delete stops the replicas.
            List<Long> last = server.server().deployments().replicaPids().get("local/web");
            assertEquals(200, Http.call("DELETE", server.baseUrl() + "/v1/accounts/local/deployments/web?ignoreChecks=true",
                    server.adminKey(), null, null).status());
            waitFor(server, "web", "DELETED", x -> x.path("state").asText().equals("DELETED"));
            for (long pid : last) {
                assertTrue(ProcessHandle.of(pid).isEmpty() || !ProcessHandle.of(pid).get().isAlive(), "replica " + pid + " still runs");
            }
            Http.Response gone = Http.json("POST", server.baseUrl() + "/inference/v1/completions", server.adminKey(),
                    "{\"model\": \"accounts/local/deployments/web\", \"prompt\": \"x\", \"max_tokens\": 1}");
            assertEquals(404, gone.status(), gone.body());
        } finally {
            server.close();
        }
    }

    @Test
    void aReplicaThatCannotLoadFailsTheDeploymentWithTheRunnersReason() throws Exception {
        try (TestServer server = TestServer.start(TestDatabases.SQLITE, options(new SettableClock()))) {
            Path odd = dir.resolve("odd.gguf");
            new GgufWriter().put("general.architecture", GgufValue.string("nosucharch"))
                    .addTensor("w", GgmlType.F32, new long[] {4}, TensorData.floats(dev.hearth.engine.gguf.FloatSource.of(1, 2, 3, 4)))
                    .write(odd);
            upload(server, "odd", odd);
            Http.Response created = Http.json("POST", server.baseUrl() + "/v1/accounts/local/deployments?deploymentId=odd",
                    server.adminKey(), "{\"baseModel\": \"accounts/local/models/odd\", \"minReplicaCount\": 1}");
            assertEquals(200, created.status(), created.body());
            JsonNode d = waitFor(server, "odd", "FAILED", x -> x.path("state").asText().equals("FAILED"));
            String message = d.path("status").path("message").asText();
            assertTrue(message.contains("nosucharch"), d.toString());
            assertTrue(!message.contains(server.home().toString()), "no server paths: " + message);
            assertNotEquals("OK", d.path("status").path("code").asText());
            assertTrue(server.server().deployments().replicaPids().getOrDefault("local/odd", List.of()).isEmpty()
                    || waitNoReplicas(server, "local/odd"), "a FAILED deployment keeps no replica");
        }
    }

    static boolean waitNoReplicas(TestServer server, String key) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (server.server().deployments().replicaPids().getOrDefault(key, List.of()).isEmpty()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
