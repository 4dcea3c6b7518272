package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.synth.LoraSpec;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticLora;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * firectl's deployment commands against a real Hearth server: a deployment of the catalog's synthetic chat model is
 * created, read, listed, updated and scaled, a LoRA is loaded onto it and unloaded, and it is deleted and undeleted.
 */
class FirectlDeploymentsEndToEndTest {
    private static final String BASE_MODEL = "accounts/fireworks/models/synthetic-tiny-chat";

    @TempDir
    static Path dir;

    private static TestServer server;
    private static Path lora;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start(TestDatabases.SQLITE);
        // The catalog's synthetic chat model is the tiny preset, so an adapter written for this copy fits it.
        Path tiny = dir.resolve("tiny.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null), tiny, (in, out, type, threads) -> {
            throw new IllegalStateException("the tiny test model is written unquantized");
        });
        lora = dir.resolve("lora.gguf");
        SyntheticLora.write(tiny, lora, LoraSpec.attention(4));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static CliResult firectl(String... args) {
        return CliResult.run(Map.of(
                "FIREWORKS_BASE_URL", server.baseUrl(),
                "FIREWORKS_API_KEY", server.adminKey(),
                "FIREWORKS_ACCOUNT_ID", "local",
                Settings.CONFIG_DIR_VARIABLE, dir.resolve("no-config").toString()), args);
    }

    private static String assertFails(int status, CliResult result) {
        assertEquals(status, result.status(), () -> "unexpected status; stdout: " + result.out() + " stderr: " + result.err());
        assertTrue(result.err().startsWith("firectl: "), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        return result.err().strip();
    }

    @Test
    void deploymentLifecycle() {
        CliResult created = firectl("deployment", "create", BASE_MODEL, "--deployment-id", "tiny", "--display-name", "Tiny",
                "--min-replica-count", "1", "--max-replica-count", "1", "--scale-down-window", "5m", "--enable-addons",
                "--wait", "--wait-timeout", "5m").ok();
        assertEquals("accounts/local/deployments/tiny", created.field("Name"));
        assertEquals("Tiny", created.field("Display Name"));
        assertEquals("READY", created.field("State"));
        assertEquals(BASE_MODEL, created.field("Base Model"));
        assertEquals("1", created.field("Min Replica Count"));
        assertTrue(created.out().contains("Autoscaling Policy:\n"), created.out());
        assertTrue(created.out().contains("\n  Scale Down Window: 5m0s\n"), created.out());

        JsonNode json = firectl("get", "deployment", "tiny", "-o", "json").ok().json();
        assertEquals("READY", json.path("state").asText());
        assertEquals(1, json.path("maxReplicaCount").asInt());
        assertEquals("300s", json.path("autoscalingPolicy").path("scaleDownWindow").asText());
        assertEquals("Tiny", firectl("deployment", "get", "accounts/local/deployments/tiny").ok().field("Display Name"));

        CliResult table = firectl("list", "deployments").ok();
        assertTrue(table.out().lines().findFirst().orElseThrow()
                .matches("NAME +DISPLAY NAME +BASE MODEL +STATE +REPLICA COUNT +CREATE TIME"), table.out());
        assertTrue(table.out().lines().anyMatch(line -> line.matches(
                "accounts/local/deployments/tiny +Tiny +" + BASE_MODEL + " +READY +\\d+ +\\S+Z")), table.out());

        CliResult updated = firectl("update", "deployment", "tiny", "--display-name", "Tiny 2", "--scale-up-window", "1m").ok();
        assertEquals("Tiny 2", updated.field("Display Name"));
        assertTrue(updated.out().contains("\n  Scale Up Window: 1m0s\n"), updated.out());
        // The mask named only what changed: the scale-down window set at creation is kept.
        assertTrue(updated.out().contains("\n  Scale Down Window: 5m0s\n"), updated.out());

        JsonNode scaled = firectl("deployment", "scale", "tiny", "--replica-count", "1", "-o", "json").ok().json();
        assertEquals("accounts/local/deployments/tiny", scaled.path("name").asText());
        assertEquals("firectl: --replica-count must be non-negative, got -2",
                assertFails(2, firectl("scale", "deployment", "tiny", "--replica-count", "-2")));

        loadAndUnloadALora();

        assertEquals("Deleted deployment accounts/local/deployments/tiny\n",
                firectl("deployment", "delete", "tiny", "--wait", "--wait-timeout", "2m").ok().out());
        assertEquals("DELETED", firectl("deployment", "get", "tiny", "-o", "json").ok().json().path("state").asText());
        assertFalse(names(firectl("deployment", "list", "-o", "json").ok().json()).contains("accounts/local/deployments/tiny"));
        assertTrue(names(firectl("deployment", "list", "--show-deleted", "-o", "json").ok().json())
                .contains("accounts/local/deployments/tiny"));

        CliResult undeleted = firectl("undelete", "deployment", "tiny", "--wait", "--wait-timeout", "5m").ok();
        assertEquals("READY", undeleted.field("State"));
        assertEquals("Tiny 2", undeleted.field("Display Name"));

        firectl("delete", "deployment", "tiny", "--hard", "--wait", "--wait-timeout", "2m").ok();
        assertEquals("firectl: deployment accounts/local/deployments/tiny not found",
                assertFails(1, firectl("deployment", "get", "tiny")));
    }

    /** On the READY deployment {@code tiny}, created with --enable-addons. */
    private static void loadAndUnloadALora() {
        firectl("model", "create", "tiny-lora", lora.toString(), "--base-model", BASE_MODEL, "--wait", "--quiet").ok();

        CliResult loaded = firectl("load-lora", "tiny-lora", "--deployment", "tiny", "--wait", "--wait-timeout", "2m").ok();
        assertEquals("DEPLOYED", loaded.field("State"));
        assertEquals("accounts/local/models/tiny-lora", loaded.field("Model"));
        assertEquals("accounts/local/deployments/tiny", loaded.field("Deployment"));
        String deployed = loaded.field("Name");
        assertTrue(deployed.startsWith("accounts/local/deployedModels/"), deployed);

        JsonNode onTiny = firectl("deployed-model", "list", "--filter", "deployment=\"accounts/local/deployments/tiny\"",
                "-o", "json").ok().json();
        assertTrue(names(onTiny, "deployedModels").contains(deployed), onTiny.toString());
        assertEquals("DEPLOYED", firectl("get", "deployed-model", deployed).ok().field("State"));
        CliResult described = firectl("deployed-model", "update", deployed, "--description", "a LoRA on tiny").ok();
        assertEquals("a LoRA on tiny", described.field("Description"));
        assertEquals("accounts/local/models/tiny-lora", described.field("Model"));

        assertEquals("Unloaded model accounts/local/models/tiny-lora on deployment accounts/local/deployments/tiny ("
                + deployed + ")\n", firectl("unload-lora", "tiny-lora", "--deployment", "tiny", "--wait").ok().out());
        assertFails(1, firectl("deployed-model", "get", deployed));
        assertEquals("firectl: model accounts/local/models/tiny-lora is not loaded on deployment accounts/local/deployments/tiny",
                assertFails(1, firectl("unload-lora", "tiny-lora", "--deployment", "tiny")));
        firectl("model", "delete", "tiny-lora").ok();
    }

    @Test
    void refusalsAreOneLine() {
        assertEquals("firectl: deployment accounts/local/deployments/nope not found",
                assertFails(1, firectl("get", "deployment", "nope")));
        assertFails(1, firectl("deployment", "create", "no-such-model", "--deployment-id", "broken"));
        assertFails(1, firectl("deployment", "undelete", "nope"));
        assertFails(1, firectl("load-lora", "no-such-lora", "--deployment", "nope"));
    }

    @Test
    void validateOnlyCreatesNothing() {
        JsonNode validated = firectl("deployment", "create", BASE_MODEL, "--deployment-id", "checked", "--validate-only",
                "-o", "json").ok().json();
        assertEquals(BASE_MODEL, validated.path("baseModel").asText());
        assertFails(1, firectl("deployment", "get", "checked"));
    }

    @Test
    void deploymentShapeVersions() {
        String shape = "accounts/fireworks/deploymentShapes/synthetic-tiny-chat-fast";
        List<String> all = names(firectl("deployment-shape-version", "list", "-o", "json").ok().json(), "deploymentShapeVersions");
        assertTrue(all.stream().anyMatch(name -> name.startsWith(shape + "/versions/")), all.toString());

        JsonNode forModel = firectl("list", "deployment-shape-versions", "--base-model", BASE_MODEL,
                "--filter", "latest_validated=true", "-o", "json").ok().json();
        assertFalse(forModel.path("deploymentShapeVersions").isEmpty(), forModel.toString());
        forModel.path("deploymentShapeVersions").forEach(version ->
                assertEquals(BASE_MODEL, version.path("snapshot").path("baseModel").asText(), version.toString()));

        CliResult table = firectl("deployment-shape-version", "list", "synthetic-tiny-chat-fast").ok();
        assertTrue(table.out().lines().findFirst().orElseThrow()
                .matches("NAME +CREATE TIME +VALIDATED +LATEST VALIDATED +PUBLIC"), table.out());
        assertTrue(table.out().lines().skip(1).allMatch(line -> line.startsWith(shape + "/versions/")), table.out());

        CliResult latest = firectl("get", "deployment-shape-version", shape + "/versions/latest").ok();
        assertTrue(latest.field("Name").startsWith(shape + "/versions/"), latest.out());
        assertTrue(latest.out().contains("Snapshot:\n  Name: " + shape + "\n"), latest.out());
        assertEquals(latest.field("Name"), firectl("deployment-shape-version", "get", latest.field("Name")).ok().field("Name"));

        // A shape shorthand is resolved by the server to the base model's own shape.
        JsonNode validated = firectl("deployment", "create", BASE_MODEL, "--deployment-shape", "fast", "--validate-only",
                "-o", "json").ok().json();
        assertTrue(validated.path("deploymentShape").asText().startsWith(shape), validated.toString());
    }

    private static List<String> names(JsonNode list) {
        return names(list, "deployments");
    }

    /** The names of the items of a list response (not of the messages inside them). */
    private static List<String> names(JsonNode list, String key) {
        List<String> names = new ArrayList<>();
        list.path(key).forEach(item -> names.add(item.path("name").asText()));
        return names;
    }
}
