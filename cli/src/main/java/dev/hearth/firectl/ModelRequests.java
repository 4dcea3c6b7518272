package dev.hearth.firectl;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import java.util.Map;

/** Request and response bodies of the Models API's custom verbs, as firectl sends and reads them. */
final class ModelRequests {
    private ModelRequests() {}

    /** {@code POST .../models}; {@code model} holds only the fields the flags set. */
    record Create(String modelId, JsonNode model) {}

    /** {@code :getUploadEndpoint}: file names and their sizes in bytes (int64 as strings). */
    record GetUploadEndpoint(Map<String, String> filenameToSize, Boolean enableResumableUpload) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UploadEndpoint(Map<String, String> filenameToSignedUrls) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DownloadEndpoint(Map<String, String> filenameToSignedUrls) {}

    record Prepare(String precision) {}

    static <T> T read(JsonNode response, Class<T> type) {
        try {
            return Json.MAPPER.treeToValue(response, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unexpected " + type.getSimpleName() + " response: " + e.getOriginalMessage(), e);
        }
    }
}
