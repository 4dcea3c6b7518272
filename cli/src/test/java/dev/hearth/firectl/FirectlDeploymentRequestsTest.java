package dev.hearth.firectl;

import static dev.hearth.firectl.StubServer.notFound;
import static dev.hearth.firectl.StubServer.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The requests the deployment, deployed-model, LoRA and shape commands build from their arguments (seen through
 * {@code --dry-run}), and what their {@code --wait} makes of a server's answers (a stub server). No Hearth server.
 */
class FirectlDeploymentRequestsTest {
    private static final String BASE = "http://127.0.0.1:8080";
    private static final Map<String, String> ENV = Map.of(Settings.CONFIG_DIR_VARIABLE, "/nonexistent/firectl-test",
            "FIREWORKS_ACCOUNT_ID", "local");

    private static CliResult dryRun(String... args) {
        String[] all = new String[args.length + 1];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--dry-run";
        return CliResult.run(ENV, all).ok();
    }

    /** The request line of a dry run and its body, parsed. */
    private record Sent(String line, JsonNode body) {
        static Sent of(CliResult dryRun) throws IOException {
            String out = dryRun.out();
            int newline = out.indexOf('\n');
            String rest = out.substring(newline + 1).strip();
            return new Sent(out.substring(0, newline), rest.isEmpty() ? null : Json.MAPPER.readTree(rest));
        }
    }

    private static JsonNode json(String text) throws IOException {
        return Json.MAPPER.readTree(text);
    }

    private static String usageError(String... args) {
        CliResult result = CliResult.run(ENV, args);
        assertEquals(2, result.status(), () -> result.out() + result.err());
        return result.err().strip();
    }

    @Test
    void createSendsOnlyTheFlagsGiven() throws IOException {
        Sent plain = Sent.of(dryRun("deployment", "create", "accounts/fireworks/models/synthetic-tiny-chat"));
        assertEquals("POST " + BASE + "/v1/accounts/local/deployments", plain.line());
        assertEquals(json("{\"baseModel\":\"accounts/fireworks/models/synthetic-tiny-chat\"}"), plain.body());

        Sent full = Sent.of(dryRun("create", "deployment", "my-model", "--deployment-id", "my-dep", "--display-name", "Mine",
                "--description", "d", "--min-replica-count", "0", "--max-replica-count", "2", "--scale-up-window", "1m",
                "--scale-down-window", "1h", "--scale-to-zero-window", "1.5s", "--load-targets", "default=0.8,requests_per_second=5",
                "--load-targets", "concurrent_requests=4", "--accelerator-type", "nvidia_h100_80gb", "--accelerator-count", "2",
                "--precision", "fp8", "--deployment-shape", "accounts/fireworks/deploymentShapes/s", "--enable-addons",
                "--enable-session-affinity=false", "--max-context-length", "1024", "--region", "us-iowa-1",
                "--expire-time", "2030-01-02 03:04:05", "--draft-model", "draft", "--draft-token-count", "4",
                "--ngram-speculation-length", "3", "--enable-mtp", "--long-prompt", "--direct-route-type", "internet",
                "--direct-route-api-keys", "k1", "--direct-route-api-keys", "k2", "--validate-only", "--disable-auto-deploy"));
        assertEquals("POST " + BASE + "/v1/accounts/local/deployments?deploymentId=my-dep&validateOnly=true&disableAutoDeploy=true",
                full.line());
        assertEquals(json("""
                {"baseModel": "accounts/local/models/my-model", "displayName": "Mine", "description": "d",
                 "expireTime": "2030-01-02T03:04:05Z", "minReplicaCount": 0, "maxReplicaCount": 2,
                 "autoscalingPolicy": {"scaleUpWindow": "60s", "scaleDownWindow": "3600s", "scaleToZeroWindow": "1.5s",
                   "loadTargets": {"default": 0.8, "requests_per_second": 5.0, "concurrent_requests": 4.0}},
                 "acceleratorCount": 2, "acceleratorType": "NVIDIA_H100_80GB", "precision": "FP8", "enableAddons": true,
                 "draftTokenCount": 4, "draftModel": "accounts/local/models/draft", "ngramSpeculationLength": 3,
                 "enableSessionAffinity": false, "directRouteType": "INTERNET", "directRouteApiKeys": ["k1", "k2"],
                 "autoTune": {"longPrompt": true}, "maxContextLength": 1024, "enableMtp": true,
                 "deploymentShape": "accounts/fireworks/deploymentShapes/s", "placement": {"region": "US_IOWA_1"}}"""),
                full.body());
        assertEquals("POST " + BASE + "/v1/accounts/other/deployments?deploymentId=d",
                Sent.of(dryRun("deployment", "create", "m", "--deployment-id", "accounts/other/deployments/d")).line());
    }

    @ParameterizedTest
    @CsvSource({"global, multiRegion, GLOBAL", "GLOBAL, multiRegion, GLOBAL", "us, multiRegion, US",
        "Europe, multiRegion, EUROPE", "apac, multiRegion, APAC", "us-iowa-1, region, US_IOWA_1",
        "US_IOWA_1, region, US_IOWA_1", "eu-frankfurt-1, region, EU_FRANKFURT_1"})
    void regionBecomesAPlacement(String region, String field, String value) throws IOException {
        JsonNode body = Sent.of(dryRun("deployment", "create", "m", "--region", region)).body();
        assertEquals(Json.MAPPER.createObjectNode().put(field, value), body.path("placement"));
    }

    @ParameterizedTest
    @CsvSource({"30s, 30s", "10m, 600s", "1h, 3600s", "1h30m, 5400s", "500ms, 0.5s", "0, 0s", "2m0.25s, 120.25s"})
    void windowsAreSentAsProtobufDurations(String flag, String sent) throws IOException {
        JsonNode body = Sent.of(dryRun("deployment", "create", "m", "--scale-down-window", flag)).body();
        assertEquals(sent, body.path("autoscalingPolicy").path("scaleDownWindow").asText());
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        assertTrue(usageError("deployment", "create", "m", "--scale-up-window", "30")
                .startsWith("firectl: Invalid value for option '--scale-up-window': \"30\" is not a duration"));
        assertEquals("firectl: --load-targets: the target of default must be a number, got \"high\"",
                usageError("deployment", "create", "m", "--load-targets", "default=high"));
        assertEquals("firectl: --load-targets: give each target as METRIC=VALUE, such as default=0.8",
                usageError("deployment", "create", "m", "--load-targets", "default"));
        assertEquals("firectl: --replica-count must be non-negative, got -1",
                usageError("deployment", "scale", "d", "--replica-count", "-1"));
        assertTrue(usageError("scale", "deployment", "d").startsWith("firectl: Missing required option: '--replica-count=int32'"));
        assertEquals("firectl: no model to deploy: give MODEL, or set baseModel in the --file JSON",
                usageError("deployment", "create"));
        assertTrue(usageError("deployment", "create", "m", "--region", "").startsWith("firectl: --region: give global"));
        assertTrue(usageError("deployment", "update", "d").startsWith("firectl: nothing to update: pass at least one flag"));
        assertTrue(usageError("deployed-model", "update", "dm").startsWith("firectl: nothing to update"));
        // --region, --file and --deployment-id are create's alone.
        assertTrue(usageError("deployment", "update", "d", "--region", "us").startsWith("firectl: Unknown options: '--region', 'us'"));
    }

    @Test
    void fileIsTheBodyAndFlagsOverrideItFieldByField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("deployment.json");
        Files.writeString(file, """
                {"baseModel": "accounts/fireworks/models/from-file", "minReplicaCount": 1, "maxReplicaCount": 3,
                 "autoscalingPolicy": {"scaleUpWindow": "5s", "scaleDownWindow": "60s"},
                 "placement": {"region": "US_IOWA_1"}, "displayName": "From file"}""");

        JsonNode body = Sent.of(dryRun("deployment", "create", "--file", file.toString(), "--max-replica-count", "2",
                "--scale-down-window", "2m", "--region", "global")).body();
        assertEquals(json("""
                {"baseModel": "accounts/fireworks/models/from-file", "minReplicaCount": 1, "maxReplicaCount": 2,
                 "autoscalingPolicy": {"scaleUpWindow": "5s", "scaleDownWindow": "120s"},
                 "placement": {"multiRegion": "GLOBAL"}, "displayName": "From file"}"""), body);
        assertEquals("accounts/local/models/m",
                Sent.of(dryRun("deployment", "create", "m", "--file", file.toString())).body().path("baseModel").asText());

        Files.writeString(file, "{\"baseModel\": ");
        assertTrue(usageError("deployment", "create", "--file", file.toString())
                .startsWith("firectl: --file " + file + " is not valid JSON: "));
        Files.writeString(file, "[]");
        assertEquals("firectl: --file " + file + " must hold a JSON object: a Deployment body",
                usageError("deployment", "create", "--file", file.toString()));
        assertEquals("firectl: --file " + dir.resolve("none.json") + " does not exist",
                usageError("deployment", "create", "m", "--file", dir.resolve("none.json").toString()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--min-replica-count 1 --max-replica-count 2 | minReplicaCount,maxReplicaCount",
        "--scale-up-window 1m --scale-to-zero-window 1h | autoscalingPolicy.scaleUpWindow,autoscalingPolicy.scaleToZeroWindow",
        "--load-targets default=0.5 --display-name x | displayName,autoscalingPolicy.loadTargets",
        "--long-prompt=false --enable-addons | enableAddons,autoTune.longPrompt",
        "--expire-time 2030-01-01 --precision BF16 --deployment-shape fast | expireTime,precision,deploymentShape",
        "--direct-route-api-keys k --draft-model accounts/a/models/d --enable-mtp | draftModel,directRouteApiKeys,enableMtp"})
    void updateMasksTheFieldsOfTheFlagsGiven(String flags, String mask) throws IOException {
        List<String> args = new java.util.ArrayList<>(List.of("deployment", "update", "my-dep"));
        args.addAll(List.of(flags.split(" ")));
        Sent sent = Sent.of(dryRun(args.toArray(String[]::new)));
        assertEquals("PATCH " + BASE + "/v1/accounts/local/deployments/my-dep?updateMask=" + mask.replace(",", "%2C"), sent.line());
        for (String path : mask.split(",")) {
            assertTrue(!DeploymentFieldOptions.getPath(sent.body(), path).isMissingNode(), path + " missing from " + sent.body());
        }
    }

    @Test
    void updateSendsTheChangedFieldsOnly() throws IOException {
        Sent sent = Sent.of(dryRun("update", "deployment", "accounts/a/deployments/d", "--scale-up-window", "1m",
                "--min-replica-count", "0"));
        assertEquals(json("{\"minReplicaCount\": 0, \"autoscalingPolicy\": {\"scaleUpWindow\": \"60s\"}}"), sent.body());
        assertTrue(sent.line().startsWith("PATCH " + BASE + "/v1/accounts/a/deployments/d?"), sent.line());
    }

    @Test
    void otherDeploymentRequests() throws IOException {
        assertEquals("GET " + BASE + "/v1/accounts/local/deployments/d\n", dryRun("deployment", "get", "d").out());
        assertEquals("GET " + BASE + "/v1/accounts/x/deployments/d\n", dryRun("get", "deployment", "accounts/x/deployments/d").out());
        assertEquals("GET " + BASE + "/v1/accounts/local/deployments?showDeleted=true&filter=state%3DDELETED&pageSize=5\n",
                dryRun("list", "deployments", "--show-deleted", "--filter", "state=DELETED", "--page-size", "5").out());
        assertEquals("GET " + BASE + "/v1/accounts/local/deployments\n", dryRun("deployment", "ls").out());
        assertEquals("DELETE " + BASE + "/v1/accounts/local/deployments/d\n", dryRun("deployment", "delete", "d").out());
        assertEquals("DELETE " + BASE + "/v1/accounts/local/deployments/d?hard=true&ignoreChecks=true\n",
                dryRun("delete", "deployment", "d", "--hard", "--ignore-checks", "--wait").out());
        Sent undelete = Sent.of(dryRun("undelete", "deployment", "d", "--wait"));
        assertEquals("POST " + BASE + "/v1/accounts/local/deployments/d:undelete", undelete.line());
        assertEquals(json("{}"), undelete.body());
        Sent scale = Sent.of(dryRun("deployment", "scale", "d", "--replica-count=3"));
        assertEquals("PATCH " + BASE + "/v1/accounts/local/deployments/d:scale", scale.line());
        assertEquals(json("{\"replicaCount\": 3}"), scale.body());
        assertEquals(json("{\"replicaCount\": 0}"), Sent.of(dryRun("scale", "deployment", "d", "--replica-count", "0")).body());
    }

    @Test
    void deployedModelAndLoraRequests() throws IOException {
        assertEquals("GET " + BASE + "/v1/accounts/local/deployedModels/dm\n", dryRun("deployed-model", "get", "dm").out());
        assertEquals("GET " + BASE + "/v1/accounts/local/deployedModels?pageSize=2\n",
                dryRun("list", "deployed-models", "--page-size", "2").out());
        Sent update = Sent.of(dryRun("update", "deployed-model", "accounts/a/deployedModels/dm", "--default",
                "--public=false", "--display-name", "D", "--description", "x"));
        assertEquals("PATCH " + BASE + "/v1/accounts/a/deployedModels/dm?updateMask=displayName%2Cdescription%2Cdefault%2Cpublic",
                update.line());
        assertEquals(json("{\"displayName\": \"D\", \"description\": \"x\", \"default\": true, \"public\": false}"), update.body());

        Sent load = Sent.of(dryRun("load-lora", "my-lora", "--deployment", "dep", "--public", "--wait"));
        assertEquals("POST " + BASE + "/v1/accounts/local/deployedModels", load.line());
        assertEquals(json("""
                {"model": "accounts/local/models/my-lora", "deployment": "accounts/local/deployments/dep", "public": true}"""),
                load.body());
        Sent other = Sent.of(dryRun("load-lora", "accounts/a/models/l", "--deployment", "accounts/b/deployments/d",
                "--display-name", "L", "--description", "about L"));
        assertEquals("POST " + BASE + "/v1/accounts/b/deployedModels", other.line());
        assertEquals(json("""
                {"model": "accounts/a/models/l", "deployment": "accounts/b/deployments/d", "displayName": "L",
                 "description": "about L"}"""), other.body());

        assertEquals("GET " + BASE + "/v1/accounts/local/deployedModels?filter="
                + QueryString.encode("model=\"accounts/local/models/my-lora\" AND deployment=\"accounts/local/deployments/dep\"") + "\n",
                dryRun("unload-lora", "my-lora", "--deployment", "dep").out());
    }

    @Test
    void deploymentShapeVersionRequests() {
        assertEquals("GET " + BASE + "/v1/accounts/fireworks/deploymentShapes/-/versions\n",
                dryRun("deployment-shape-version", "list").out());
        assertEquals("GET " + BASE + "/v1/accounts/fireworks/deploymentShapes/my-shape/versions\n",
                dryRun("list", "deployment-shape-versions", "my-shape").out());
        assertEquals("GET " + BASE + "/v1/accounts/a/deploymentShapes/s/versions?filter="
                + QueryString.encode("snapshot.base_model=\"accounts/fireworks/models/m\" AND latest_validated=true") + "\n",
                dryRun("deployment-shape-version", "list", "accounts/a/deploymentShapes/s", "--base-model",
                        "accounts/fireworks/models/m", "--filter", "latest_validated=true").out());
        assertEquals("GET " + BASE + "/v1/accounts/fireworks/deploymentShapes/s/versions/latest\n",
                dryRun("get", "deployment-shape-version", "accounts/fireworks/deploymentShapes/s/versions/latest").out());
        assertTrue(usageError("deployment-shape-version", "get", "s/versions/latest").startsWith(
                "firectl: \"s/versions/latest\" is not a deployment shape version name of the form accounts/"));
        assertTrue(usageError("deployment-shape-version", "list", "accounts/a/models/m").startsWith(
                "firectl: \"accounts/a/models/m\" is not a deployment shape name"));
    }

    // --wait against a stub server.

    private static final String DEPLOYMENT = "/v1/accounts/local/deployments/d";

    private static CliResult against(StubServer stub, String... args) {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("FIREWORKS_BASE_URL", stub.baseUrl());
        env.put("FIREWORKS_API_KEY", "fw_test");
        return CliResult.run(env, args);
    }

    private static String deployment(String state, String status) {
        return "{\"name\":\"accounts/local/deployments/d\",\"state\":\"" + state + "\",\"status\":" + status
                + ",\"minReplicaCount\":1,\"autoscalingPolicy\":{\"scaleUpWindow\":\"30s\",\"scaleDownWindow\":\"600s\","
                + "\"scaleToZeroWindow\":\"3600s\"}}";
    }

    @Test
    void createWaitsUntilReadyAndPrintsGoDurations() {
        try (StubServer stub = StubServer.start()) {
            stub.on("POST /v1/accounts/local/deployments", ok(deployment("CREATING", "{\"code\":\"OK\"}")));
            stub.on("GET " + DEPLOYMENT, ok(deployment("CREATING", "{\"code\":\"OK\"}")), ok(deployment("READY", "{\"code\":\"OK\"}")));

            CliResult created = against(stub, "deployment", "create", "m", "--deployment-id", "d", "--wait").ok();
            assertEquals("""
                    Name: accounts/local/deployments/d
                    State: READY
                    Status: OK
                    Min Replica Count: 1
                    Autoscaling Policy:
                      Scale Up Window: 30s
                      Scale Down Window: 10m0s
                      Scale To Zero Window: 1h0m0s
                    """, created.out());
            assertEquals(List.of("POST /v1/accounts/local/deployments?deploymentId=d {\"baseModel\":\"accounts/local/models/m\"}",
                    "GET " + DEPLOYMENT, "GET " + DEPLOYMENT), stub.requests());

            // -o json prints what the server sent.
            assertEquals("600s", against(stub, "deployment", "get", "d", "-o", "json").ok().json()
                    .path("autoscalingPolicy").path("scaleDownWindow").asText());
        }
    }

    @Test
    void failedDeploymentEndsTheWaitWithItsStatus() {
        try (StubServer stub = StubServer.start()) {
            stub.on("POST /v1/accounts/local/deployments", ok(deployment("CREATING", "{\"code\":\"OK\"}")));
            stub.on("GET " + DEPLOYMENT,
                    ok(deployment("FAILED", "{\"code\":\"RESOURCE_EXHAUSTED\",\"message\":\"not enough memory for 2 replicas\"}")));

            CliResult result = against(stub, "create", "deployment", "m", "--deployment-id", "d", "--wait");
            assertEquals(1, result.status());
            assertEquals("firectl: deployment accounts/local/deployments/d is FAILED: RESOURCE_EXHAUSTED: "
                    + "not enough memory for 2 replicas\n", result.err());
        }
    }

    @Test
    void validateOnlyDoesNotWait() {
        try (StubServer stub = StubServer.start()) {
            stub.on("POST /v1/accounts/local/deployments", ok(deployment("STATE_UNSPECIFIED", "null")));
            against(stub, "deployment", "create", "m", "--validate-only", "--wait").ok();
            assertEquals(1, stub.requests().size());
        }
    }

    @Test
    void deleteWaitsForDeletedOrForGone() {
        try (StubServer stub = StubServer.start()) {
            stub.on("DELETE " + DEPLOYMENT, ok("{}"));
            stub.on("GET " + DEPLOYMENT, ok(deployment("DELETING", "null")), ok(deployment("DELETED", "null")));
            assertEquals("Deleted deployment accounts/local/deployments/d\n",
                    against(stub, "deployment", "delete", "d", "--wait").ok().out());
            assertEquals(3, stub.requests().size());
        }
        try (StubServer stub = StubServer.start()) {
            // A hard delete is done when the deployment is gone, not when it reads DELETED.
            stub.on("DELETE " + DEPLOYMENT, ok("{}"));
            stub.on("GET " + DEPLOYMENT, ok(deployment("DELETED", "null")), notFound("deployment not found"));
            assertEquals("{}\n", against(stub, "delete", "deployment", "d", "--hard", "--wait", "-o", "json").ok().out());
            assertEquals(List.of("DELETE " + DEPLOYMENT + "?hard=true", "GET " + DEPLOYMENT, "GET " + DEPLOYMENT), stub.requests());
        }
    }

    @Test
    void waitTimesOutWithTheLastState() {
        try (StubServer stub = StubServer.start()) {
            stub.on("POST " + DEPLOYMENT + ":undelete", ok(deployment("UPDATING", "null")));
            stub.on("GET " + DEPLOYMENT, ok(deployment("UPDATING", "{\"code\":\"OK\",\"message\":\"starting replicas\"}")));
            CliResult result = against(stub, "undelete", "deployment", "d", "--wait", "--wait-timeout", "10ms");
            assertEquals(1, result.status());
            assertEquals("firectl: timed out after 10ms waiting for deployment accounts/local/deployments/d to be READY; "
                    + "it is UPDATING (starting replicas)\n", result.err());
        }
    }

    private static String deployedModel(String state, String status) {
        return "{\"name\":\"accounts/local/deployedModels/lora-abc\",\"model\":\"accounts/local/models/lora\","
                + "\"deployment\":\"accounts/local/deployments/d\",\"state\":\"" + state + "\",\"status\":" + status + "}";
    }

    @Test
    void loadLoraWaitsUntilDeployedAndStopsOnAFailedLoad() {
        try (StubServer stub = StubServer.start()) {
            stub.on("POST /v1/accounts/local/deployedModels", ok(deployedModel("DEPLOYING", "{\"code\":\"OK\"}")));
            stub.on("GET /v1/accounts/local/deployedModels/lora-abc", ok(deployedModel("DEPLOYING", "{\"code\":\"OK\"}")),
                    ok(deployedModel("DEPLOYED", "{\"code\":\"OK\"}")));
            CliResult loaded = against(stub, "load-lora", "lora", "--deployment", "d", "--wait").ok();
            assertEquals("DEPLOYED", loaded.field("State"));
            assertEquals("accounts/local/deployments/d", loaded.field("Deployment"));
        }
        try (StubServer stub = StubServer.start()) {
            stub.on("POST /v1/accounts/local/deployedModels", ok(deployedModel("DEPLOYING", "{\"code\":\"OK\"}")));
            stub.on("GET /v1/accounts/local/deployedModels/lora-abc", ok(deployedModel("DEPLOYING",
                    "{\"code\":\"FAILED_PRECONDITION\",\"message\":\"failed to load: rank 128 is over the deployment's limit\"}")));
            CliResult result = against(stub, "load-lora", "lora", "--deployment", "d", "--wait");
            assertEquals(1, result.status());
            assertEquals("firectl: deployed model accounts/local/deployedModels/lora-abc did not load: FAILED_PRECONDITION: "
                    + "failed to load: rank 128 is over the deployment's limit\n", result.err());
        }
    }

    @Test
    void unloadLoraFindsTheDeployedModelDeletesItAndWaitsUntilItIsGone() {
        String filter = "filter=" + QueryString.encode("model=\"accounts/local/models/lora\" AND deployment=\"accounts/local/deployments/d\"");
        try (StubServer stub = StubServer.start()) {
            stub.on("GET /v1/accounts/local/deployedModels", ok("{\"deployedModels\":[" + deployedModel("DEPLOYED", "null") + "]}"));
            stub.on("DELETE /v1/accounts/local/deployedModels/lora-abc", ok("{}"));
            stub.on("GET /v1/accounts/local/deployedModels/lora-abc", ok(deployedModel("UNDEPLOYING", "null")), notFound("gone"));
            assertEquals("Unloaded model accounts/local/models/lora on deployment accounts/local/deployments/d "
                    + "(accounts/local/deployedModels/lora-abc)\n",
                    against(stub, "unload-lora", "lora", "--deployment", "d", "--wait").ok().out());
            assertEquals(List.of("GET /v1/accounts/local/deployedModels?" + filter, "DELETE /v1/accounts/local/deployedModels/lora-abc",
                    "GET /v1/accounts/local/deployedModels/lora-abc", "GET /v1/accounts/local/deployedModels/lora-abc"),
                    stub.requests());
        }
        try (StubServer stub = StubServer.start()) {
            stub.on("GET /v1/accounts/local/deployedModels", ok("{\"deployedModels\":[]}"));
            CliResult result = against(stub, "unload-lora", "lora", "--deployment", "d");
            assertEquals(1, result.status());
            assertEquals("firectl: model accounts/local/models/lora is not loaded on deployment accounts/local/deployments/d\n",
                    result.err());
        }
    }

    @Test
    void listsPrintTables() {
        try (StubServer stub = StubServer.start()) {
            stub.on("GET /v1/accounts/local/deployments", ok("""
                    {"deployments": [{"name": "accounts/local/deployments/d", "displayName": "D",
                      "baseModel": "accounts/fireworks/models/synthetic-tiny-chat", "state": "READY", "replicaCount": 1,
                      "createTime": "2030-01-01T00:00:00Z"}], "nextPageToken": "t", "totalSize": 2}"""));
            assertEquals("""
                    NAME                           DISPLAY NAME   BASE MODEL                                      STATE   REPLICA COUNT   CREATE TIME
                    accounts/local/deployments/d   D              accounts/fireworks/models/synthetic-tiny-chat   READY   1               2030-01-01T00:00:00Z
                    Next page token: t
                    """, against(stub, "deployment", "list").ok().out());
        }
    }
}
