package dev.hearth.server.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.blobs.UrlSigner;
import dev.hearth.server.store.Database;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Models API over real HTTP: the upload flow, the catalog, tenancy, and every bad upload we know of. */
class ModelsApiTest {
    @TempDir
    static Path dir;
    static Path tiny;

    @BeforeAll
    static void writeModel() throws Exception {
        tiny = dir.resolve("tiny.gguf");
        SyntheticModelWriter.write(SynthPreset.TINY.spec(null), tiny, (a, b, c, d) -> {
            throw new IllegalStateException();
        });
    }

    @ParameterizedTest
    @EnumSource(TestDatabases.class)
    void uploadValidateGetListUpdateDelete(TestDatabases db) throws Exception {
        try (TestServer server = TestServer.start(db)) {
            String base = server.baseUrl();
            String key = server.adminKey();
            Http.Response created = ModelTestUploads.create(base, key, "local", "my-tiny", "{\"displayName\": \"Tiny\"}");
            assertEquals(200, created.status(), created.body());
            assertEquals("UPLOADING", created.json().path("state").asText());
            assertEquals("accounts/local/models/my-tiny", created.json().path("name").asText());

            Http.Response validated = ModelTestUploads.upload(base, key, "local", "my-tiny", tiny);
            assertEquals(200, validated.status(), validated.body());
            assertTrue(validated.json().path("warnings").isArray());

            JsonNode model = Http.get(base + "/v1/accounts/local/models/my-tiny", key).json();
            assertEquals("READY", model.path("state").asText());
            assertEquals("HF_BASE_MODEL", model.path("kind").asText());
            assertEquals("NATIVE", model.path("baseModelDetails").path("checkpointFormat").asText());
            assertEquals("llama", model.path("baseModelDetails").path("modelType").asText());
            assertEquals(2048, model.path("contextLength").asInt());
            assertEquals("F16", model.path("supportedPrecisions").path(0).asText());
            assertTrue(model.path("supportsServerless").asBoolean());

            JsonNode list = Http.get(base + "/v1/accounts/local/models?filter=state%3DREADY", key).json();
            assertEquals(1, list.path("totalSize").asInt());
            Http.Response patched = Http.json("PATCH", base + "/v1/accounts/local/models/my-tiny?updateMask=description", key,
                    "{\"description\": \"a tiny model\"}");
            assertEquals(200, patched.status(), patched.body());
            assertEquals("a tiny model", patched.json().path("description").asText());
            assertEquals("Tiny", patched.json().path("displayName").asText());
            Http.Response badMask = Http.json("PATCH", base + "/v1/accounts/local/models/my-tiny?updateMask=state", key, "{}");
            assertEquals(400, badMask.status());

            // The download endpoint hands back the exact bytes.
            JsonNode downloads = Http.get(base + "/v1/accounts/local/models/my-tiny:getDownloadEndpoint", key).json();
            String url = downloads.path("filenameToSignedUrls").path("tiny.gguf").asText();
            HttpResponse<byte[]> got = ModelTestUploads.HTTP.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, got.statusCode());
            assertArrayEquals(Files.readAllBytes(tiny), got.body());
            assertEquals(ModelTestUploads.sha256(got.body()), got.headers().firstValue(ModelUploads.SHA256_HEADER).orElseThrow());

            assertEquals(200, Http.call("DELETE", base + "/v1/accounts/local/models/my-tiny", key, null, null).status());
            assertEquals(404, Http.get(base + "/v1/accounts/local/models/my-tiny", key).status());
            assertFalse(Files.exists(server.home().resolve("blobs/models/local/my-tiny")));
        }
    }

    @Test
    void catalogIsVisibleToEveryAccountAndOtherAccountsAreNot() throws Exception {
        try (TestServer server = TestServer.start(TestDatabases.SQLITE)) {
            String base = server.baseUrl();
            String other = server.createAccount("acme");
            JsonNode catalog = Http.get(base + "/v1/accounts/fireworks/models", other).json();
            assertEquals(3, catalog.path("totalSize").asInt(), catalog.toString());
            JsonNode minilm = Http.get(base + "/v1/accounts/fireworks/models/all-minilm-l6-v2", other).json();
            assertEquals("EMBEDDING_MODEL", minilm.path("kind").asText());
            assertTrue(minilm.path("supportsServerless").asBoolean());
            // Catalog models are read-only for tenants.
            assertEquals(404, Http.json("PATCH", base + "/v1/accounts/fireworks/models/all-minilm-l6-v2", other,
                    "{\"description\": \"x\"}").status());
            assertEquals(404, Http.call("DELETE", base + "/v1/accounts/fireworks/models/all-minilm-l6-v2", other, null, null).status());

            assertEquals(200, ModelTestUploads.create(base, server.adminKey(), "local", "private-one", "{}").status());
            assertEquals(404, Http.get(base + "/v1/accounts/local/models/private-one", other).status());
            assertEquals(0, Http.get(base + "/v1/accounts/local/models", other).json().path("totalSize").asInt());
            assertEquals(404, Http.json("POST", base + "/v1/accounts/local/models/private-one:getUploadEndpoint", other,
                    "{\"filenameToSize\": {\"a.gguf\": \"10\"}}").status());
        }
    }

    @Test
    void badUploadsAreRefusedWithTheirReason() throws Exception {
        try (TestServer server = TestServer.start(TestDatabases.SQLITE)) {
            String base = server.baseUrl();
            String key = server.adminKey();
            assertEquals(200, ModelTestUploads.create(base, key, "local", "m", "{}").status());
            assertEquals(200, ModelTestUploads.create(base, key, "local", "other", "{}").status());

            // Path tricks in file names.
            for (String name : new String[] {"../x.gguf", "a/b.gguf", ".hidden", "..", "a\\\\b"}) {
                Http.Response r = Http.json("POST", base + "/v1/accounts/local/models/m:getUploadEndpoint", key,
                        "{\"filenameToSize\": {\"" + name + "\": \"10\"}}");
                assertEquals(400, r.status(), name + ": " + r.body());
                assertTrue(r.message().contains("filenameToSize"), r.message());
            }
            Http.Response badSize = Http.json("POST", base + "/v1/accounts/local/models/m:getUploadEndpoint", key,
                    "{\"filenameToSize\": {\"a.gguf\": \"ten\"}}");
            assertEquals(400, badSize.status());

            byte[] bytes = Files.readAllBytes(tiny);
            JsonNode urls = ModelTestUploads.uploadUrls(base, key, "local", "m", Map.of("model.gguf", (long) bytes.length));
            String url = urls.path("model.gguf").asText();
            // Wrong size: fewer and more bytes than announced.
            HttpResponse<String> shortPut = ModelTestUploads.put(url, Arrays.copyOf(bytes, bytes.length - 1), Map.of());
            assertEquals(400, shortPut.statusCode(), shortPut.body());
            assertTrue(shortPut.body().contains("announced"), shortPut.body());
            HttpResponse<String> longPut = ModelTestUploads.put(url, Arrays.copyOf(bytes, bytes.length + 5), Map.of());
            assertEquals(400, longPut.statusCode());
            // A checksum that does not match.
            HttpResponse<String> corrupt = ModelTestUploads.put(url, bytes, Map.of(ModelUploads.SHA256_HEADER, "00".repeat(32)));
            assertEquals(400, corrupt.statusCode());
            assertTrue(corrupt.body().contains("SHA-256"), corrupt.body());
            // The URL used for another model, with a forged signature, and after expiry.
            HttpResponse<String> otherModel = ModelTestUploads.put(url.replace("/local/m/", "/local/other/"), bytes, Map.of());
            assertEquals(403, otherModel.statusCode(), otherModel.body());
            HttpResponse<String> forged = ModelTestUploads.put(url.replaceAll("signature=[0-9a-f]{4}", "signature=0000"), bytes, Map.of());
            assertEquals(403, forged.statusCode());
            try (Database db = Database.open(server.dbUrl())) {
                UrlSigner past = UrlSigner.fromStore(db, Clock.offset(Clock.systemUTC(), Duration.ofHours(-2)));
                String path = "/uploads/models/local/m/model.gguf";
                HttpResponse<String> expired = ModelTestUploads.put(base + path + "?" + past.sign("PUT", path, Duration.ofHours(1)),
                        bytes, Map.of());
                assertEquals(403, expired.statusCode());
                assertTrue(expired.body().contains("expired"), expired.body());
            }
            // Validation before all files arrived, then a corrupt GGUF: the model goes FAILED with the reason.
            Http.Response early = Http.get(base + "/v1/accounts/local/models/m:validateUpload", key);
            assertEquals(400, early.status());
            assertTrue(early.message().contains("not uploaded"), early.message());
            byte[] garbage = new byte[bytes.length];
            Arrays.fill(garbage, (byte) 7);
            assertEquals(200, ModelTestUploads.put(url, garbage, Map.of()).statusCode());
            Http.Response invalid = Http.get(base + "/v1/accounts/local/models/m:validateUpload", key);
            assertEquals(400, invalid.status());
            assertTrue(invalid.message().startsWith("model.gguf: not a usable GGUF file"), invalid.message());
            JsonNode failed = Http.get(base + "/v1/accounts/local/models/m", key).json();
            assertEquals("FAILED", failed.path("state").asText());
            assertTrue(failed.path("status").path("message").asText().contains("model.gguf"));

            // A retry with a truncated GGUF also fails; the good file then makes it READY.
            urls = ModelTestUploads.uploadUrls(base, key, "local", "m", Map.of("model.gguf", (long) bytes.length / 2));
            assertEquals(200, ModelTestUploads.put(urls.path("model.gguf").asText(), Arrays.copyOf(bytes, bytes.length / 2), Map.of()).statusCode());
            Http.Response truncated = Http.get(base + "/v1/accounts/local/models/m:validateUpload", key);
            assertEquals(400, truncated.status());
            assertTrue(truncated.message().contains("truncated"), truncated.message());
            Http.Response ok = ModelTestUploads.upload(base, key, "local", "m", tiny);
            assertEquals(400, ok.status(), "tiny.gguf joins model.gguf: two GGUFs are refused: " + ok.body());
        }
    }

    @Test
    void resumableUploadContinuesWhereItStopped() throws Exception {
        try (TestServer server = TestServer.start(TestDatabases.SQLITE)) {
            String base = server.baseUrl();
            String key = server.adminKey();
            assertEquals(200, ModelTestUploads.create(base, key, "local", "r", "{}").status());
            byte[] bytes = Files.readAllBytes(tiny);
            int total = bytes.length;
            String url = ModelTestUploads.uploadUrls(base, key, "local", "r", Map.of("m.gguf", (long) total)).path("m.gguf").asText();
            int half = total / 2;
            HttpResponse<String> first = ModelTestUploads.put(url, Arrays.copyOf(bytes, half),
                    Map.of("Content-Range", "bytes 0-" + (half - 1) + "/" + total));
            assertEquals(308, first.statusCode(), first.body());
            // The client lost track: it asks, and is told how much arrived.
            HttpResponse<String> status = ModelTestUploads.put(url, new byte[0], Map.of("Content-Range", "bytes */" + total));
            assertEquals(308, status.statusCode());
            assertEquals("bytes=0-" + (half - 1), status.headers().firstValue("Range").orElseThrow());
            HttpResponse<String> gap = ModelTestUploads.put(url, Arrays.copyOfRange(bytes, half + 1, total),
                    Map.of("Content-Range", "bytes " + (half + 1) + "-" + (total - 1) + "/" + total));
            assertEquals(409, gap.statusCode(), gap.body());
            HttpResponse<String> rest = ModelTestUploads.put(url, Arrays.copyOfRange(bytes, half, total),
                    Map.of("Content-Range", "bytes " + half + "-" + (total - 1) + "/" + total,
                            ModelUploads.SHA256_HEADER, ModelTestUploads.sha256(bytes)));
            assertEquals(200, rest.statusCode(), rest.body());
            Http.Response validated = Http.get(base + "/v1/accounts/local/models/r:validateUpload", key);
            assertEquals(200, validated.status(), validated.body());
        }
    }
    @Test
    void announcingAFileAgainKeepsWhatArrivedUnlessItsSizeChanged() throws Exception {
        try (TestServer server = TestServer.start(TestDatabases.SQLITE)) {
            String base = server.baseUrl();
            String key = server.adminKey();
            assertEquals(200, ModelTestUploads.create(base, key, "local", "again", "{}").status());
            byte[] bytes = Files.readAllBytes(tiny);
            byte[] notes = "notes for the model\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int total = bytes.length;
            int half = total / 2;
            Map<String, Long> sizes = Map.of("m.gguf", (long) total, "notes.txt", (long) notes.length);
            JsonNode urls = ModelTestUploads.uploadUrls(base, key, "local", "again", sizes);
            assertEquals(200, ModelTestUploads.put(urls.path("notes.txt").asText(), notes, Map.of()).statusCode());
            assertEquals(308, ModelTestUploads.put(urls.path("m.gguf").asText(), Arrays.copyOf(bytes, half),
                    Map.of("Content-Range", "bytes 0-" + (half - 1) + "/" + total)).statusCode());

            // A client resuming the upload announces the same files again: the finished one stays finished, and the
            // partial one keeps its bytes.
            urls = ModelTestUploads.uploadUrls(base, key, "local", "again", sizes);
            HttpResponse<String> finished = ModelTestUploads.put(urls.path("notes.txt").asText(), new byte[0],
                    Map.of("Content-Range", "bytes */" + notes.length));
            assertEquals(200, finished.statusCode(), finished.body());
            assertEquals(ModelTestUploads.sha256(notes), finished.headers().firstValue(ModelUploads.SHA256_HEADER).orElseThrow());
            HttpResponse<String> partial = ModelTestUploads.put(urls.path("m.gguf").asText(), new byte[0],
                    Map.of("Content-Range", "bytes */" + total));
            assertEquals(308, partial.statusCode());
            assertEquals("bytes=0-" + (half - 1), partial.headers().firstValue("Range").orElseThrow());
            assertEquals(200, ModelTestUploads.put(urls.path("m.gguf").asText(), Arrays.copyOfRange(bytes, half, total),
                    Map.of("Content-Range", "bytes " + half + "-" + (total - 1) + "/" + total)).statusCode());
            Http.Response validated = Http.get(base + "/v1/accounts/local/models/again:validateUpload", key);
            assertEquals(200, validated.status(), validated.body());

            // A new size is a new file: what arrived before is dropped.
            assertEquals(200, ModelTestUploads.create(base, key, "local", "resized", "{}").status());
            urls = ModelTestUploads.uploadUrls(base, key, "local", "resized", Map.of("m.gguf", (long) total));
            assertEquals(308, ModelTestUploads.put(urls.path("m.gguf").asText(), Arrays.copyOf(bytes, half),
                    Map.of("Content-Range", "bytes 0-" + (half - 1) + "/" + total)).statusCode());
            urls = ModelTestUploads.uploadUrls(base, key, "local", "resized", Map.of("m.gguf", (long) total + 1));
            HttpResponse<String> reset = ModelTestUploads.put(urls.path("m.gguf").asText(), new byte[0],
                    Map.of("Content-Range", "bytes */" + (total + 1)));
            assertEquals(308, reset.statusCode());
            assertTrue(reset.headers().firstValue("Range").isEmpty(), reset.headers().toString());
        }
    }
}
