package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.models.ModelTestUploads;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** firectl's model commands against a real Hearth server: upload, resume, get, list, update, prepare, download, delete. */
class FirectlModelsEndToEndTest {
    @TempDir
    static Path dir;

    private static TestServer server;
    private static Path tiny;
    private static byte[] tinyBytes;

    @BeforeAll
    static void startServer() throws Exception {
        server = TestServer.start(TestDatabases.SQLITE);
        tiny = dir.resolve("tiny.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null), tiny, (in, out, type, threads) -> {
            throw new IllegalStateException("the tiny test model is written unquantized");
        });
        tinyBytes = Files.readAllBytes(tiny);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static Map<String, String> env(String baseUrl) {
        return new HashMap<>(Map.of(
                "FIREWORKS_BASE_URL", baseUrl,
                "FIREWORKS_API_KEY", server.adminKey(),
                "FIREWORKS_ACCOUNT_ID", "local",
                Settings.CONFIG_DIR_VARIABLE, dir.resolve("no-config").toString()));
    }

    private static CliResult firectl(String... args) {
        return CliResult.run(env(server.baseUrl()), args);
    }

    private static String assertFails(int status, CliResult result) {
        assertEquals(status, result.status(), () -> "unexpected status; stdout: " + result.out() + " stderr: " + result.err());
        assertTrue(result.err().startsWith("firectl: "), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        return result.err().strip();
    }

    @Test
    void ggufModelRoundTrip(@TempDir Path downloads) throws Exception {
        CliResult created = firectl("model", "create", "round-trip", tiny.toString(), "--display-name", "Round Trip",
                "--description", "a tiny model", "--wait", "--wait-timeout", "2m").ok();
        assertEquals("accounts/local/models/round-trip", created.field("Name"));
        assertEquals("Round Trip", created.field("Display Name"));
        assertEquals("READY", created.field("State"));
        assertEquals("OK", created.field("Status"));
        assertEquals("HF_BASE_MODEL", created.field("Kind"));
        assertEquals("[F16]", created.field("Supported Precisions"));
        assertTrue(created.out().contains("Base Model Details:\n  World Size: 1\n  Checkpoint Format: NATIVE\n"), created.out());

        JsonNode model = firectl("get", "model", "round-trip", "-o", "json").ok().json();
        assertEquals("READY", model.path("state").asText());
        assertEquals(2048, model.path("contextLength").asInt());
        assertEquals("Round Trip", firectl("model", "get", "accounts/local/models/round-trip").ok().field("Display Name"));

        CliResult table = firectl("list", "models").ok();
        assertTrue(table.out().lines().findFirst().orElseThrow().matches("NAME +DISPLAY NAME +KIND +STATE +CREATE TIME"), table.out());
        assertTrue(table.out().lines().anyMatch(line -> line.matches(
                "accounts/local/models/round-trip +Round Trip +HF_BASE_MODEL +READY +\\S+Z")), table.out());
        JsonNode ready = firectl("model", "list", "--filter", "state=READY", "--order-by", "name desc", "-o", "json").ok().json();
        assertTrue(ready.path("models").findValuesAsText("name").contains("accounts/local/models/round-trip"), ready.toString());
        assertEquals(List.of("accounts/local/models/round-trip"), firectl("ls", "model", "--filter", "display_name=\"Round Trip\"",
                "-o", "json").ok().json().path("models").findValuesAsText("name"));

        CliResult updated = firectl("update", "model", "round-trip", "--description", "still tiny", "--public",
                "--context-length", "1024").ok();
        assertEquals("still tiny", updated.field("Description"));
        assertEquals("true", updated.field("Public"));
        assertEquals("1024", updated.field("Context Length"));
        assertEquals("Round Trip", updated.field("Display Name"));
        JsonNode publicOnly = firectl("list", "models", "--public-only", "--filter", "state=READY", "-o", "json").ok().json();
        assertEquals(List.of("accounts/local/models/round-trip"), publicOnly.path("models").findValuesAsText("name"));
        assertFalse(firectl("model", "update", "round-trip", "--public=false", "-o", "json").ok().json().path("public").asBoolean());

        CliResult downloaded = firectl("download", "model", "round-trip", downloads.resolve("out").toString()).ok();
        assertEquals("accounts/local/models/round-trip", downloaded.field("Model"));
        assertTrue(downloaded.out().contains("    Filename: tiny.gguf\n"), downloaded.out());
        assertTrue(downloaded.out().contains("    Size Bytes: " + tinyBytes.length + "\n"), downloaded.out());
        assertArrayEquals(tinyBytes, Files.readAllBytes(downloads.resolve("out/tiny.gguf")));
        JsonNode again = firectl("model", "download", "round-trip", downloads.toString(), "-o", "json").ok().json();
        assertEquals(ModelTestUploads.sha256(tinyBytes), again.path("files").path(0).path("sha256").asText());
        assertEquals(downloads.resolve("tiny.gguf").toString(), again.path("files").path(0).path("path").asText());
        assertArrayEquals(tinyBytes, Files.readAllBytes(downloads.resolve("tiny.gguf")));

        // F16 is the precision it was uploaded in: prepared already, so --wait returns at once.
        JsonNode prepared = firectl("prepare", "model", "round-trip", "--precision", "fp16", "--wait", "-o", "json").ok().json();
        assertEquals("F16", prepared.path("supportedPrecisions").path(0).asText());
        String fp8 = assertFails(1, firectl("model", "prepare", "round-trip", "--precision", "FP8"));
        assertTrue(fp8.startsWith("firectl: precision: \"FP8\" is not available on this server"), fp8);

        assertEquals("Deleted model accounts/local/models/round-trip\n", firectl("model", "delete", "round-trip").ok().out());
        assertEquals("firectl: model accounts/local/models/round-trip not found",
                assertFails(1, firectl("get", "model", "round-trip")));
    }

    @Test
    void interruptedUploadResumesFromWhatTheServerHas() throws Exception {
        long chunk = tinyBytes.length / 8 + 1;
        try (CuttingProxy flaky = CuttingProxy.to(server.baseUrl(), 4096 + tinyBytes.length / 2)) {
            Map<String, String> env = env(flaky.baseUrl());
            env.put(SignedUrlTransfer.CHUNK_BYTES_VARIABLE, Long.toString(chunk));
            String error = assertFails(1, CliResult.run(env, "model", "create", "resumed", tiny.toString(), "--display-name", "Resumed"));
            assertTrue(flaky.cut());
            assertTrue(error.startsWith("firectl: upload of tiny.gguf was interrupted: "), error);
            assertTrue(error.endsWith("; run the same command again to resume"), error);
        }
        assertEquals("UPLOADING", firectl("model", "get", "resumed", "-o", "json").ok().json().path("state").asText());
        long held = heldBytes("resumed", "tiny.gguf", tinyBytes.length);
        assertTrue(held >= chunk && held < tinyBytes.length, "held " + held + " of " + tinyBytes.length);

        try (CuttingProxy counting = CuttingProxy.to(server.baseUrl(), Long.MAX_VALUE)) {
            Map<String, String> env = env(counting.baseUrl());
            env.put(SignedUrlTransfer.CHUNK_BYTES_VARIABLE, Long.toString(chunk));
            CliResult resumed = CliResult.run(env, "create", "model", "resumed", tiny.toString(), "--wait", "-o", "json").ok();
            assertEquals("READY", resumed.json().path("state").asText());
            assertEquals("Resumed", resumed.json().path("displayName").asText());
            assertTrue(counting.sent() < tinyBytes.length - held + 16_384,
                    "sent " + counting.sent() + " bytes to finish the " + (tinyBytes.length - held) + " missing");
        }
        Path out = dir.resolve("resumed-download");
        firectl("download", "model", "resumed", out.toString(), "--quiet").ok();
        assertArrayEquals(tinyBytes, Files.readAllBytes(out.resolve("tiny.gguf")));

        // A finished model is not taken over by another create.
        assertEquals("firectl: model accounts/local/models/resumed already exists",
                assertFails(1, firectl("model", "create", "resumed", tiny.toString())));
        firectl("model", "delete", "resumed").ok();
    }

    @Test
    void folderUploadSendsEveryFileAndSkipsWhatArrived(@TempDir Path folder) throws Exception {
        Files.copy(tiny, folder.resolve("model.gguf"));
        Files.writeString(folder.resolve("README.md"), "# a tiny model\n" + "Nothing to see here.\n".repeat(5000));
        Files.writeString(folder.resolve(".gitattributes"), "*.gguf filter=lfs\n");
        // An earlier run uploaded README.md and then stopped.
        assertEquals(200, ModelTestUploads.create(server.baseUrl(), server.adminKey(), "local", "folder", "{}").status());
        byte[] readme = Files.readAllBytes(folder.resolve("README.md"));
        JsonNode urls = ModelTestUploads.uploadUrls(server.baseUrl(), server.adminKey(), "local", "folder",
                Map.of("README.md", (long) readme.length, "model.gguf", (long) tinyBytes.length));
        assertEquals(200, ModelTestUploads.put(urls.path("README.md").asText(), readme, Map.of()).statusCode());

        try (CuttingProxy counting = CuttingProxy.to(server.baseUrl(), Long.MAX_VALUE)) {
            JsonNode model = CliResult.run(env(counting.baseUrl()), "model", "create", "folder", folder.toString(), "-o", "json")
                    .ok().json();
            assertEquals("READY", model.path("state").asText());
            // model.gguf and the API calls, but not README.md again.
            assertTrue(counting.sent() < tinyBytes.length + 16_384, "sent " + counting.sent());
        }
        Path out = dir.resolve("folder-download");
        JsonNode files = firectl("model", "download", "folder", out.toString(), "-o", "json").ok().json().path("files");
        assertEquals(List.of("README.md", "model.gguf"), files.findValuesAsText("filename"));
        assertArrayEquals(readme, Files.readAllBytes(out.resolve("README.md")));
        assertFalse(Files.exists(out.resolve(".gitattributes")));
        firectl("model", "delete", "folder").ok();
    }

    @Test
    void badInputsFailWithOneLine(@TempDir Path files) throws Exception {
        Path missing = files.resolve("missing.gguf");
        assertEquals("firectl: " + missing + " does not exist: give a model file (.gguf) or a folder of model files",
                assertFails(2, firectl("model", "create", "m", missing.toString())));
        Files.createDirectories(files.resolve("nested/original"));
        Files.writeString(files.resolve("nested/config.json"), "{}");
        assertTrue(assertFails(2, firectl("model", "create", "m", files.resolve("nested").toString()))
                .endsWith("original is a folder; model files must all be in " + files.resolve("nested") + " itself (move or remove the sub-folder)"));
        assertEquals("firectl: model accounts/local/models/m not found", assertFails(1, firectl("get", "model", "m")));
        assertEquals("firectl: model accounts/local/models/nope not found", assertFails(1, firectl("model", "delete", "nope")));
        assertEquals("firectl: model accounts/local/models/nope not found",
                assertFails(1, firectl("download", "model", "nope", files.resolve("out").toString())));
        assertTrue(assertFails(2, firectl("model", "update", "nope")).startsWith("firectl: nothing to update: pass at least one of"));

        byte[] garbage = new byte[4096];
        Arrays.fill(garbage, (byte) 7);
        Path bad = files.resolve("bad.gguf");
        Files.write(bad, garbage);
        String rejected = assertFails(1, firectl("model", "create", "garbage", bad.toString(), "--wait"));
        assertTrue(rejected.startsWith("firectl: bad.gguf: not a usable GGUF file"), rejected);
        JsonNode failed = firectl("model", "get", "garbage", "-o", "json").ok().json();
        assertEquals("FAILED", failed.path("state").asText());
        assertTrue(failed.path("status").path("message").asText().startsWith("bad.gguf: not a usable GGUF file"), failed.toString());
        String notReady = assertFails(1, firectl("model", "download", "garbage", files.resolve("out").toString()));
        assertEquals("firectl: model accounts/local/models/garbage is FAILED; only READY models can be downloaded", notReady);
        firectl("model", "delete", "garbage").ok();
    }

    @Test
    void dryRunPrintsTheRequestsAndUploadsNothing() {
        CliResult dryRun = firectl("model", "create", "dry", tiny.toString(), "--display-name", "Dry", "--dry-run").ok();

        assertEquals("POST " + server.baseUrl() + "/v1/accounts/local/models\n"
                + "{\n  \"modelId\": \"dry\",\n  \"model\": {\n    \"displayName\": \"Dry\"\n  }\n}\n"
                + "POST " + server.baseUrl() + "/v1/accounts/local/models/dry:getUploadEndpoint\n"
                + "{\n  \"filenameToSize\": {\n    \"tiny.gguf\": \"" + tinyBytes.length + "\"\n  },\n"
                + "  \"enableResumableUpload\": true\n}\n", dryRun.out());
        assertEquals("firectl: model accounts/local/models/dry not found", assertFails(1, firectl("model", "get", "dry")));
        assertEquals("POST " + server.baseUrl() + "/v1/accounts/local/models/m:prepare\n{\n  \"precision\": \"Q8_0\"\n}\n",
                firectl("prepare", "model", "m", "--precision", "Q8_0", "--dry-run").ok().out());
    }

    @Test
    void catalogModelsOfAnotherAccount() {
        CliResult catalog = firectl("list", "models", "-a", "fireworks").ok();
        assertTrue(catalog.out().lines().anyMatch(line -> line.startsWith("accounts/fireworks/models/all-minilm-l6-v2 ")), catalog.out());
        assertEquals("EMBEDDING_MODEL", firectl("get", "model", "accounts/fireworks/models/all-minilm-l6-v2").ok().field("Kind"));
    }

    /** How many bytes of a file the server holds, asked the way firectl asks. */
    private static long heldBytes(String model, String file, long size) throws Exception {
        JsonNode urls = ModelTestUploads.uploadUrls(server.baseUrl(), server.adminKey(), "local", model, Map.of(file, size));
        HttpResponse<String> status = ModelTestUploads.put(urls.path(file).asText(), new byte[0],
                Map.of("Content-Range", "bytes */" + size));
        assertEquals(308, status.statusCode(), status.body());
        return status.headers().firstValue("Range").map(range -> Long.parseLong(range.substring("bytes=0-".length())) + 1)
                .orElse(0L);
    }
}
