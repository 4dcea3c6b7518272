package dev.hearth.server.auth;

import dev.hearth.server.http.ApiError;

/** The caller behind an API key: the key's account and owner, acting with the owner's role. */
public record Principal(String accountId, String userId, String email, Role role, String keyId) {
    public void requireAdmin(String action) {
        if (!role.isAdmin()) {
            throw ApiError.permissionDenied("role \"" + role.wire + "\" may not " + action + "; it needs an admin");
        }
    }
}
