package dev.hearth.server.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code :prepare} re-quantizes in a child process; the model stays READY and its status reports the outcome. */
class ModelPrepareTest {
    @TempDir
    Path dir;

    @Test
    void prepareAddsAPrecisionAndReportsAFailureInTheStatus() throws Exception {
        Path tiny = dir.resolve("tiny.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null), tiny, (a, b, c, d) -> {
            throw new IllegalStateException();
        });
        try (TestServer server = TestServer.start(TestDatabases.SQLITE)) {
            String base = server.baseUrl();
            String key = server.adminKey();
            String url = base + "/v1/accounts/local/models/tiny";
            assertEquals(200, ModelTestUploads.create(base, key, "local", "tiny", "{}").status());
            assertEquals(200, ModelTestUploads.upload(base, key, "local", "tiny", tiny).status());

            Http.Response bad = Http.json("POST", url + ":prepare", key, "{\"precision\": \"FP8\"}");
            assertEquals(400, bad.status(), bad.body());
            assertTrue(bad.json().path("message").asText().contains("precision"), bad.body());

            Http.Response started = Http.json("POST", url + ":prepare", key, "{\"precision\": \"Q8_0\"}");
            assertEquals(200, started.status(), started.body());
            assertEquals("READY", started.json().path("state").asText());
            assertEquals("preparing Q8_0", started.json().path("status").path("message").asText());
            JsonNode prepared = await(url, key, m -> m.path("supportedPrecisions").toString().contains("Q8_0"));
            assertEquals("OK", prepared.path("status").path("code").asText(), prepared.toString());
            assertTrue(prepared.path("status").path("message").isMissingNode() || prepared.path("status").path("message").isNull(),
                    prepared.toString());
            Path q8 = server.home().resolve("blobs").resolve(ModelFiles.artifact("local", "tiny", "Q8_0"));
            assertTrue(Files.size(q8) > 0 && Files.size(q8) < Files.size(tiny), "Q8_0 is smaller than F16");

            // Break the uploaded F16 file (the best source) so the next quantization fails in its child process.
            Path source = server.home().resolve("blobs").resolve(ModelFiles.uploaded("local", "tiny", "tiny.gguf"));
            Files.write(source, new byte[] {'G', 'G', 'U', 'F', 3, 0, 0, 0});
            assertEquals(200, Http.json("POST", url + ":prepare", key, "{\"precision\": \"Q4_0\"}").status());
            JsonNode failed = await(url, key, m -> m.path("status").path("code").asText().equals("INTERNAL"));
            assertEquals("READY", failed.path("state").asText());
            assertTrue(failed.path("status").path("message").asText().startsWith("preparing Q4_0 failed: "), failed.toString());
            assertTrue(!failed.path("status").path("message").asText().contains("/blobs/"), "no server paths: " + failed);
            assertTrue(!failed.path("supportedPrecisions").toString().contains("Q4_0"), failed.toString());
        }
    }

    private static JsonNode await(String url, String key, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        JsonNode model;
        do {
            Thread.sleep(200);
            model = Http.get(url, key).json();
        } while (!done.test(model) && System.nanoTime() < deadline);
        assertTrue(done.test(model), "timed out; last: " + model);
        return model;
    }
}
