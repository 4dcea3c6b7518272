package dev.hearth.server.apikeys;

import dev.hearth.api.ApiKey;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.resource.ListRequest;
import dev.hearth.server.resource.Lister;
import dev.hearth.server.resource.Page;
import dev.hearth.server.resource.SqlCondition;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import dev.hearth.server.users.UserRow;
import dev.hearth.server.users.UserStore;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * API keys: created for oneself (any role) or, by an admin, for a service account; listed and deleted by their
 * owner or an admin. Only a salted hash is stored; the key is returned once, at creation.
 */
public final class ApiKeys {
    /** The user ID that stands for "every user" in {@code users/-/apiKeys}. */
    public static final String ALL_USERS = "-";

    private final Database db;
    private final Runnable credentialsChanged;

    /** @param credentialsChanged told after a key is deleted, so cached authentications are dropped */
    public ApiKeys(Database db, Runnable credentialsChanged) {
        this.db = db;
        this.credentialsChanged = credentialsChanged;
    }

    /** A created key: the stored row and the plaintext key, which is never available again. */
    public record Created(ApiKeyRow row, String key) {
        public ApiKey toWire() {
            return row.toWire(key);
        }
    }

    public Created create(Principal caller, String userId, ApiKey body) {
        String displayName = body == null || body.displayName() == null || body.displayName().isEmpty()
                ? "default" : body.displayName();
        if (displayName.length() >= 64) {
            throw ApiError.invalid("apiKey.displayName", "must be fewer than 64 characters, got " + displayName.length());
        }
        Long expireTime = body == null ? null : parseExpireTime(body.expireTime());
        return db.jdbi().inTransaction(h -> {
            UserRow owner = owner(h, caller, userId);
            if (!owner.userId().equals(caller.userId())) {
                if (!owner.serviceAccount()) {
                    throw ApiError.permissionDenied("API keys can be created only for yourself or, by an admin, for a service account");
                }
                caller.requireAdmin("create API keys for service accounts");
            }
            return insert(h, owner, displayName, expireTime);
        });
    }

    /** Inserts a new key for {@code owner} inside the caller's transaction. */
    public static Created insert(Handle h, UserRow owner, String displayName, Long expireTime) {
        String key = KeyMaterial.newKey();
        String salt = KeyMaterial.newSalt();
        ApiKeyRow row = new ApiKeyRow(owner.accountId(), KeyMaterial.newKeyId(), owner.userId(), displayName,
                KeyMaterial.prefix(key), salt, KeyMaterial.hash(salt, key), Times.nowMicros(), expireTime, owner.email());
        ApiKeyStore.insert(h, row);
        return new Created(row, key);
    }

    /** Lists one user's keys, or with {@link #ALL_USERS} every key in the account (admins only). */
    public Page<ApiKeyRow> list(Principal caller, String userId, ListRequest request) {
        SqlCondition scope;
        if (ALL_USERS.equals(userId)) {
            caller.requireAdmin("list the API keys of all users");
            scope = new SqlCondition("account_id = ?", List.of(caller.accountId()));
        } else {
            db.jdbi().useHandle(h -> requireSelfOrAdmin(caller, owner(h, caller, userId), "list another user's API keys"));
            scope = new SqlCondition("account_id = ? AND user_id = ?", List.of(caller.accountId(), userId));
        }
        return Lister.list(db.jdbi(), ApiKeyStore.WITH_OWNER, scope, request, ApiKeyStore.FIELDS,
                "create_time ASC", "key_id ASC", ApiKeyStore.MAPPER);
    }

    /** Deletes a key. {@code userId} null means the old account-level path: any key the caller may delete. */
    public void delete(Principal caller, String userId, String keyId) {
        if (keyId == null || keyId.isEmpty()) {
            throw ApiError.invalid("keyId", "is required");
        }
        db.jdbi().useTransaction(h -> {
            ApiKeyRow key = ApiKeyStore.find(h, caller.accountId(), keyId)
                    .filter(k -> userId == null || k.userId().equals(userId))
                    .orElseThrow(() -> ApiError.notFound("API key " + keyId + " not found"));
            if (!key.userId().equals(caller.userId())) {
                caller.requireAdmin("delete another user's API keys");
            }
            ApiKeyStore.delete(h, caller.accountId(), keyId);
        });
        credentialsChanged.run();
    }

    private static UserRow owner(Handle h, Principal caller, String userId) {
        return UserStore.find(h, caller.accountId(), userId)
                .orElseThrow(() -> ApiError.notFound("user accounts/" + caller.accountId() + "/users/" + userId + " not found"));
    }

    private static void requireSelfOrAdmin(Principal caller, UserRow owner, String action) {
        if (!owner.userId().equals(caller.userId())) {
            caller.requireAdmin(action);
        }
    }

    private static Long parseExpireTime(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.invalid("apiKey.expireTime", "\"" + value + "\" is not an RFC 3339 timestamp such as 2030-01-01T00:00:00Z");
        }
        if (!instant.isAfter(Instant.now())) {
            throw ApiError.invalid("apiKey.expireTime", value + " is not in the future");
        }
        return Times.toMicros(instant);
    }
}
