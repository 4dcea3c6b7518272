package dev.hearth.api;

/** Request bodies of the API-key endpoints. */
public final class ApiKeyRequests {
    private ApiKeyRequests() {}

    public record Create(ApiKey apiKey) {}

    public record Delete(String keyId) {}
}
