package dev.hearth.server.auth;

import dev.hearth.server.apikeys.ApiKeyStore;
import dev.hearth.server.apikeys.KeyMaterial;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;

/** Turns an API key into a {@link Principal}, or refuses it with UNAUTHENTICATED. */
public final class Authenticator {
    private final Database db;

    public Authenticator(Database db) {
        this.db = db;
    }

    public Principal authenticate(String key) {
        if (key == null || key.isEmpty()) {
            throw ApiError.unauthenticated("missing API key: send \"Authorization: Bearer <API key>\"");
        }
        if (!KeyMaterial.wellFormed(key)) {
            throw ApiError.unauthenticated("invalid API key");
        }
        var candidates = db.jdbi().withHandle(h -> ApiKeyStore.findByPrefix(h, KeyMaterial.prefix(key)));
        for (ApiKeyStore.Credential credential : candidates) {
            var row = credential.key();
            if (KeyMaterial.matches(row.salt(), row.keyHash(), key)) {
                if (row.expireTime() != null && row.expireTime() <= Times.nowMicros()) {
                    throw ApiError.unauthenticated("API key " + row.keyId() + " expired at " + Times.format(row.expireTime()));
                }
                return new Principal(row.accountId(), row.userId(), row.email(), credential.role(), row.keyId());
            }
        }
        throw ApiError.unauthenticated("invalid API key");
    }
}
