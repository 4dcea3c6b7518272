package dev.hearth.server.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.SettableClock;
import dev.hearth.server.testing.TestServer;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Session affinity and prompt-cache isolation across two replicas: the turns of one conversation (by
 * {@code x-session-affinity}, or by {@code user} when the deployment enables session affinity) land on one replica and
 * hit its prefix cache; different isolation keys never share cached prefixes.
 */
class DeploymentRoutingTest {
    @Test
    void conversationsStayOnTheirReplicaAndIsolationKeysShareNothing() throws Exception {
        try (TestServer server = TestServer.start(Files.createTempDirectory("hearth-routing-"), null,
                DeploymentLifecycleTest.options(new SettableClock()))) {
            DeploymentLifecycleTest.uploadTiny(server, "tiny", 9);
            Http.Response created = Http.json("POST", server.baseUrl() + "/v1/accounts/local/deployments?deploymentId=pair",
                    server.adminKey(), """
                    {"baseModel": "accounts/local/models/tiny", "minReplicaCount": 2, "maxReplicaCount": 2,
                     "enableSessionAffinity": true}""");
            assertEquals(200, created.status(), created.body());
            DeploymentLifecycleTest.waitFor(server, "pair", "2 ready replicas", d -> DeploymentLifecycleTest.ready(d) == 2);

            // Eight conversations of three turns each; every follow-up turn finds the earlier turns in the cache.
            for (int session = 0; session < 8; session++) {
                String prompt = "Conversation " + session + " begins with a long enough shared opening line. ";
                for (int turn = 0; turn < 3; turn++) {
                    prompt += "Turn " + turn + " adds a little more text to the dialogue. ";
                    boolean byHeader = session % 2 == 0;
                    JsonNode answer = complete(server, prompt, byHeader ? Map.of("x-session-affinity", "s" + session) : Map.of(),
                            byHeader ? null : "user-" + session);
                    int cached = answer.at("/usage/prompt_tokens_details/cached_tokens").asInt();
                    if (turn > 0) {
                        assertTrue(cached > 0, "turn " + turn + " of session " + session + " missed the cache: " + answer);
                    }
                }
            }

            // The same prefix under another isolation key is not served from the cache, even on the same replica.
            String shared = "An identical prefix that two tenants of one deployment both send to the same replica. ";
            Map<String, String> sameReplica = Map.of("x-session-affinity", "fixed");
            complete(server, shared, with(sameReplica, "x-prompt-cache-isolation-key", "alice"), null);
            JsonNode again = complete(server, shared, with(sameReplica, "x-prompt-cache-isolation-key", "alice"), null);
            assertTrue(again.at("/usage/prompt_tokens_details/cached_tokens").asInt() > 0, again.toString());
            JsonNode other = complete(server, shared, with(sameReplica, "x-prompt-cache-isolation-key", "bob"), null);
            assertEquals(0, other.at("/usage/prompt_tokens_details/cached_tokens").asInt(), other.toString());
        }
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        var all = new java.util.HashMap<>(headers);
        all.put(name, value);
        return all;
    }

    private static JsonNode complete(TestServer server, String prompt, Map<String, String> headers, String user) throws Exception {
        var body = dev.hearth.api.Json.MAPPER.createObjectNode().put("model", "accounts/local/deployments/pair").put("prompt", prompt)
                .put("max_tokens", 2).put("temperature", 0);
        if (user != null) {
            body.put("user", user);
        }
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/inference/v1/completions"))
                .header("Authorization", "Bearer " + server.adminKey()).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(request::header);
        var response = dev.hearth.server.models.ModelTestUploads.HTTP.send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return dev.hearth.api.Json.MAPPER.readTree(response.body());
    }
}
