package dev.hearth.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking client for the Hearth/Fireworks REST API, used by firectl and the tests. */
public final class HearthClient {
    private final HttpClient http;
    private final String baseUrl;
    private final String apiKey;

    public HearthClient(String baseUrl, String apiKey) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Sends one request; a non-2xx answer becomes an {@link ApiException} carrying the server's message. */
    public JsonNode send(String method, String path, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(5))
                .header("Accept", "application/json");
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(write(body)));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + baseUrl + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw error(response.statusCode(), response.body());
        }
        JsonNode json = parse(response.body());
        return json == null ? Json.MAPPER.createObjectNode() : json;
    }

    /** The exception for a non-2xx answer: the message of the error body (either shape), else the HTTP status. */
    public static ApiException error(int httpStatus, String body) {
        JsonNode json = parse(body);
        String message = json != null && json.hasNonNull("message") ? json.get("message").asText()
                : json != null && json.path("error").hasNonNull("message") ? json.path("error").get("message").asText()
                : "HTTP " + httpStatus;
        int code = json != null && json.path("code").canConvertToInt() ? json.path("code").asInt() : 0;
        return new ApiException(httpStatus, code, message);
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String write(Object body) {
        try {
            return body instanceof String s ? s : Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode request body", e);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return Json.MAPPER.createObjectNode().put("message", text.strip());
        }
    }
}
