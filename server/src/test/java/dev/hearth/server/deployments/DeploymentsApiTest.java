package dev.hearth.server.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.HearthServer;
import dev.hearth.server.models.Catalog;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.SettableClock;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The Deployments, Deployed Models and Deployment Shapes APIs over real HTTP, on both stores: defaults, validation by
 * field, update masks, scale, soft delete and undelete, purge, shapes, and tenant isolation. Deployments here have
 * {@code maxReplicaCount 0} so no replica starts; {@link DeploymentLifecycleTest} runs real replicas.
 */
class DeploymentsApiTest {
    static final String CHAT = "accounts/fireworks/models/" + Catalog.SYNTHETIC_CHAT;

    static void waitForModel(TestServer server) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (Http.get(server.baseUrl() + "/v1/accounts/fireworks/models/" + Catalog.SYNTHETIC_CHAT, server.adminKey()).json()
                    .path("state").asText().equals("READY")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the catalog chat model did not become READY");
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void lifecycleWithoutReplicas(TestDatabases db) throws Exception {
        SettableClock clock = new SettableClock();
        HearthServer.Options defaults = HearthServer.Options.defaults();
        try (TestServer server = TestServer.start(db, new HearthServer.Options(clock,
                new DeploymentController.Settings(Duration.ofMillis(100), Duration.ofSeconds(5)), defaults.limits()))) {
            waitForModel(server);
            String base = server.baseUrl() + "/v1/accounts/local/deployments";
            String key = server.adminKey();

            Http.Response created = Http.json("POST", base + "?deploymentId=idle", key,
                    "{\"baseModel\": \"" + CHAT + "\", \"maxReplicaCount\": 0, \"displayName\": \"Idle\"}");
            assertEquals(200, created.status(), created.body());
            JsonNode d = created.json();
            assertEquals("accounts/local/deployments/idle", d.path("name").asText());
            assertEquals("CREATING", d.path("state").asText());
            assertEquals(0, d.path("minReplicaCount").asInt());
            assertEquals(0, d.path("maxReplicaCount").asInt());
            assertEquals("30s", d.path("autoscalingPolicy").path("scaleUpWindow").asText());
            assertEquals("600s", d.path("autoscalingPolicy").path("scaleDownWindow").asText());
            assertEquals("3600s", d.path("autoscalingPolicy").path("scaleToZeroWindow").asText());
            assertEquals(0.8, d.path("autoscalingPolicy").path("loadTargets").path("default").asDouble());
            assertEquals("F16", d.path("precision").asText());
            assertEquals("admin@local", d.path("createdBy").asText());
            assertEquals(CHAT, d.path("baseModel").asText());
            JsonNode ready = waitForState(server, "idle", "READY");
            assertEquals(0, ready.path("replicaCount").asInt());

            // Defaults: max = max(min, 1); a random id when none is given; shapes rewrite to their version.
            JsonNode shaped = Http.json("POST", base + "?validateOnly=true", key, "{\"baseModel\": \"" + CHAT
                    + "\", \"deploymentShape\": \"fast\", \"minReplicaCount\": 2}").json();
            assertEquals(2, shaped.path("maxReplicaCount").asInt(), shaped.toString());
            assertEquals("accounts/fireworks/deploymentShapes/" + Catalog.SYNTHETIC_CHAT + "-fast/versions/1",
                    shaped.path("deploymentShape").asText());
            assertTrue(shaped.path("name").asText().startsWith("accounts/local/deployments/d"), shaped.toString());
            assertEquals(404, Http.get(server.baseUrl() + "/v1/" + shaped.path("name").asText(), key).status(),
                    "validateOnly stores nothing");

            // Bad input names the field.
            expect400(Http.json("POST", base, key, "{}"), "baseModel");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT + "\", \"minReplicaCount\": 3, \"maxReplicaCount\": 1}"),
                    "maxReplicaCount");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT + "\", \"acceleratorType\": \"NVIDIA_H100_80GB\"}"),
                    "acceleratorType");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT + "\", \"precision\": \"FP8\"}"), "precision");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT
                    + "\", \"autoscalingPolicy\": {\"scaleToZeroWindow\": \"1m\"}}"), "autoscalingPolicy.scaleToZeroWindow");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT
                    + "\", \"autoscalingPolicy\": {\"scaleUpWindow\": \"2h\"}}"), "autoscalingPolicy.scaleUpWindow");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT
                    + "\", \"autoscalingPolicy\": {\"loadTargets\": {\"gpu_util\": 0.5}}}"), "autoscalingPolicy.loadTargets.gpu_util");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT + "\", \"draftTokenCount\": 4}"), "draftTokenCount");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT + "\", \"placement\": {\"region\": \"US_IOWA_1\"}}"),
                    "placement.region");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT + "\", \"deploymentShape\": \"huge\"}"),
                    "deploymentShape");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"accounts/fireworks/models/all-minilm-l6-v2\"}"), "baseModel");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"accounts/local/models/nope\"}"), "baseModel");
            expect400(Http.json("POST", base, key, "{\"baseModel\": \"" + CHAT + "\", \"replicaCount\": 3}"), "deployment");
            assertEquals(409, Http.json("POST", base + "?deploymentId=idle", key, "{\"baseModel\": \"" + CHAT + "\"}").status());

            // Update with a mask changes only what it names; immutable fields are refused.
            Http.Response patched = Http.json("PATCH", base + "/idle?updateMask=description,autoscalingPolicy.scaleUpWindow", key,
                    "{\"description\": \"updated\", \"displayName\": \"ignored\", \"autoscalingPolicy\": {\"scaleUpWindow\": \"1m\"}}");
            assertEquals(200, patched.status(), patched.body());
            assertEquals("updated", patched.json().path("description").asText());
            assertEquals("Idle", patched.json().path("displayName").asText());
            assertEquals("60s", patched.json().path("autoscalingPolicy").path("scaleUpWindow").asText());
            assertEquals("600s", patched.json().path("autoscalingPolicy").path("scaleDownWindow").asText());
            expect400(Http.json("PATCH", base + "/idle?updateMask=baseModel", key, "{\"baseModel\": \"" + CHAT + "\"}"), "updateMask");
            expect400(Http.json("PATCH", base + "/idle?updateMask=maxReplicaCount", key, "{\"maxReplicaCount\": -1}"),
                    "maxReplicaCount");

            // Scale must stay within min..max.
            expect400(Http.json("PATCH", base + "/idle:scale", key, "{\"replicaCount\": 1}"), "replicaCount");
            expect400(Http.json("PATCH", base + "/idle:scale", key, "{\"replicaCount\": -1}"), "replicaCount");

            // Events record what happened.
            JsonNode events = Http.get(base + "/idle/events", key).json().path("events");
            assertTrue(events.toString().contains("created by admin@local"), events.toString());

            // List, filter, show deleted.
            assertEquals(1, Http.get(base, key).json().path("totalSize").asInt());
            assertEquals(1, Http.get(base + "?filter=state%3DREADY", key).json().path("totalSize").asInt());

            // The auto-deployed base model is the default deployed model of it.
            JsonNode deployedModels = Http.get(server.baseUrl() + "/v1/accounts/local/deployedModels", key).json();
            assertEquals(1, deployedModels.path("totalSize").asInt(), deployedModels.toString());
            JsonNode baseDeployed = deployedModels.path("deployedModels").path(0);
            assertEquals(CHAT, baseDeployed.path("model").asText());
            assertEquals("accounts/local/deployments/idle", baseDeployed.path("deployment").asText());
            assertTrue(baseDeployed.path("default").asBoolean());
            assertEquals("DEPLOYED", baseDeployed.path("state").asText());
            String baseId = baseDeployed.path("name").asText().substring("accounts/local/deployedModels/".length());
            assertEquals(400, Http.call("DELETE", server.baseUrl() + "/v1/accounts/local/deployedModels/" + baseId, key, null, null)
                    .status(), "the base model goes with the deployment");
            // A model that is neither the base nor an add-on cannot be loaded; add-ons need enableAddons.
            expect400(Http.json("POST", server.baseUrl() + "/v1/accounts/local/deployedModels", key,
                    "{\"model\": \"accounts/fireworks/models/bge-small-en-v1p5\", \"deployment\": \"accounts/local/deployments/idle\"}"),
                    "model");
            expect400(Http.json("POST", server.baseUrl() + "/v1/accounts/local/deployedModels", key,
                    "{\"model\": \"" + CHAT + "\", \"deployment\": \"idle\", \"public\": true}"), "public");

            // Another account sees none of it, and cannot address it.
            String otherKey = server.createAccount("other");
            assertEquals(404, Http.get(base + "/idle", otherKey).status(), "another account's deployment does not exist for it");
            assertEquals(0, Http.get(server.baseUrl() + "/v1/accounts/other/deployments", otherKey).json().path("totalSize").asInt());
            assertEquals(404, Http.get(server.baseUrl() + "/v1/accounts/other/deployments/idle", otherKey).status());
            Http.Response crossLoad = Http.json("POST", server.baseUrl() + "/v1/accounts/other/deployedModels", otherKey,
                    "{\"model\": \"" + CHAT + "\", \"deployment\": \"accounts/local/deployments/idle\"}");
            assertEquals(404, crossLoad.status(), crossLoad.body());
            Http.Response crossChat = Http.json("POST", server.baseUrl() + "/inference/v1/chat/completions", otherKey,
                    "{\"model\": \"accounts/local/deployments/idle\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
            assertEquals(404, crossChat.status(), crossChat.body());

            // A request to a deployment with max 0 is a clear 503.
            Http.Response inactive = Http.json("POST", server.baseUrl() + "/inference/v1/chat/completions", key,
                    "{\"model\": \"accounts/local/deployments/idle\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
            assertEquals(503, inactive.status(), inactive.body());
            assertEquals("DEPLOYMENT_INACTIVE", inactive.json().path("error").path("code").asText());

            // It was used just now, so delete needs ignoreChecks.
            Http.Response refused = Http.call("DELETE", base + "/idle", key, null, null);
            assertEquals(400, refused.status(), refused.body());
            assertTrue(refused.json().path("message").asText().contains("ignoreChecks"), refused.body());
            assertEquals(200, Http.call("DELETE", base + "/idle?ignoreChecks=true", key, null, null).status());
            JsonNode deleted = waitForState(server, "idle", "DELETED");
            assertFalse(deleted.path("deleteTime").isMissingNode(), deleted.toString());
            assertFalse(deleted.path("purgeTime").isMissingNode(), deleted.toString());
            assertEquals(0, Http.get(base, key).json().path("totalSize").asInt());
            assertEquals(1, Http.get(base + "?showDeleted=true", key).json().path("totalSize").asInt());

            // Undelete brings it back; a READY deployment cannot be undeleted.
            Http.Response undeleted = Http.json("POST", base + "/idle:undelete", key, "{}");
            assertEquals(200, undeleted.status(), undeleted.body());
            waitForState(server, "idle", "READY");
            assertEquals(400, Http.json("POST", base + "/idle:undelete", key, "{}").status());

            // Soft-deleted deployments are purged after the retention period; one with minReplicaCount 0 that gets no
            // requests for 7 days is deleted on its own.
            assertEquals(200, Http.json("POST", base + "?deploymentId=unused", key,
                    "{\"baseModel\": \"" + CHAT + "\", \"maxReplicaCount\": 0}").status());
            assertEquals(200, Http.call("DELETE", base + "/idle?ignoreChecks=true", key, null, null).status());
            waitForState(server, "idle", "DELETED");
            clock.advance(Duration.ofDays(8));
            JsonNode unused = waitForState(server, "unused", "DELETED");
            assertTrue(Http.get(base + "/unused/events", key).json().toString().contains("without requests"), unused.toString());
            for (int i = 0; i < 100 && Http.get(base + "/idle", key).status() != 404; i++) {
                Thread.sleep(100);
            }
            assertEquals(404, Http.get(base + "/idle", key).status(), "purged after the retention period");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void shapesAreReadOnlyAndShared(TestDatabases db) {
        try (TestServer server = TestServer.start(db)) {
            String key = server.adminKey();
            String shapes = server.baseUrl() + "/v1/accounts/fireworks/deploymentShapes";
            JsonNode list = Http.get(shapes, key).json();
            assertTrue(list.path("deploymentShapes").size() >= 3, list.toString());
            JsonNode fast = Http.get(shapes + "/cpu-fast", key).json();
            assertEquals("FAST", fast.path("presetType").asText(), fast.toString());
            JsonNode latest = Http.get(shapes + "/cpu-fast/versions/latest", key).json();
            assertEquals("accounts/fireworks/deploymentShapes/cpu-fast/versions/1", latest.path("name").asText());
            assertTrue(latest.path("latestValidated").asBoolean());
            JsonNode byModel = Http.get(shapes + "/-/versions?filter=" + java.net.URLEncoder.encode(
                    "snapshot.base_model=\"" + CHAT + "\" AND latest_validated=true", java.nio.charset.StandardCharsets.UTF_8), key).json();
            assertEquals(3, byModel.path("deploymentShapeVersions").size(), byModel.toString());
            assertEquals(404, Http.get(shapes + "/nope", key).status());
            assertEquals(404, Http.get(shapes + "/cpu-fast/versions/7", key).status());
            assertEquals(400, Http.get(shapes + "/-/versions?filter=foo%3D1", key).status());
        }
    }

    static JsonNode waitForState(TestServer server, String id, String state) throws InterruptedException {
        JsonNode d = null;
        for (int i = 0; i < 1200; i++) {
            d = Http.get(server.baseUrl() + "/v1/accounts/local/deployments/" + id, server.adminKey()).json();
            if (d.path("state").asText().equals(state)) {
                return d;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("deployment " + id + " did not reach " + state + ": " + d);
    }

    static void expect400(Http.Response response, String field) {
        assertEquals(400, response.status(), response.body());
        String message = response.json().path("message").asText();
        assertTrue(message.startsWith(field + ":") || message.contains(field), "message names " + field + ": " + message);
    }
}
