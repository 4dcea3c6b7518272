package dev.hearth.server.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import dev.hearth.server.testing.Http;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test-side model upload over real HTTP: create, get signed URLs, PUT each file, validate. */
public final class ModelTestUploads {
    public static final HttpClient HTTP = HttpClient.newHttpClient();

    private ModelTestUploads() {}

    public static Http.Response create(String base, String key, String account, String modelId, String modelJson) {
        return Http.json("POST", base + "/v1/accounts/" + account + "/models", key,
                "{\"modelId\": \"" + modelId + "\", \"model\": " + modelJson + "}");
    }

    public static JsonNode uploadUrls(String base, String key, String account, String modelId, Map<String, Long> sizes) throws IOException {
        Map<String, String> sizeStrings = new LinkedHashMap<>();
        sizes.forEach((k, v) -> sizeStrings.put(k, Long.toString(v)));
        Http.Response response = Http.json("POST", base + "/v1/accounts/" + account + "/models/" + modelId + ":getUploadEndpoint",
                key, Json.MAPPER.writeValueAsString(Map.of("filenameToSize", sizeStrings)));
        if (response.status() != 200) {
            throw new AssertionError("getUploadEndpoint: " + response.status() + " " + response.body());
        }
        return response.json().path("filenameToSignedUrls");
    }

    public static HttpResponse<String> put(String url, byte[] body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads every file of a directory (or one file) and validates; returns the validateUpload response. */
    public static Http.Response upload(String base, String key, String account, String modelId, Path... files) throws Exception {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Path f : files) {
            sizes.put(f.getFileName().toString(), Files.size(f));
        }
        JsonNode urls = uploadUrls(base, key, account, modelId, sizes);
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            HttpResponse<String> r = put(urls.path(f.getFileName().toString()).asText(), bytes,
                    Map.of(ModelUploads.SHA256_HEADER, sha256(bytes)));
            if (r.statusCode() != 200) {
                throw new AssertionError("PUT " + f + ": " + r.statusCode() + " " + r.body());
            }
        }
        return Http.get(base + "/v1/accounts/" + account + "/models/" + modelId + ":validateUpload", key);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
