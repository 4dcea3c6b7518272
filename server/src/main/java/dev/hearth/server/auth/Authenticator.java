package dev.hearth.server.auth;

import dev.hearth.server.apikeys.ApiKeyStore;
import dev.hearth.server.apikeys.KeyMaterial;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an API key into a {@link Principal}, or refuses it with UNAUTHENTICATED.
 *
 * <p>Verified keys are remembered for {@link #CACHE_NANOS} so a busy client costs one store lookup a second, not one
 * per request. This server forgets them at once when a key, user or role changes ({@link #forgetAll}); a change made
 * by another process sharing the store takes effect within that second.
 */
public final class Authenticator {
    static final long CACHE_NANOS = 1_000_000_000L;
    private static final int CACHE_LIMIT = 10_000;

    private record Cached(Principal principal, Long expireTime, long verifiedAt) {}

    private final Database db;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

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
        // The cache is keyed by a digest so plaintext keys are not kept in memory.
        String digest = digest(key);
        Cached cached = cache.get(digest);
        long now = System.nanoTime();
        if (cached == null || now - cached.verifiedAt() > CACHE_NANOS) {
            cached = lookup(key, now);
            if (cache.size() >= CACHE_LIMIT) {
                cache.clear();
            }
            cache.put(digest, cached);
        }
        if (cached.expireTime() != null && cached.expireTime() <= Times.nowMicros()) {
            throw ApiError.unauthenticated("API key " + cached.principal().keyId() + " expired at " + Times.format(cached.expireTime()));
        }
        return cached.principal();
    }

    /** Drops every remembered key; called after any change to keys, users or roles. */
    public void forgetAll() {
        cache.clear();
    }

    private Cached lookup(String key, long now) {
        var candidates = db.jdbi().withHandle(h -> ApiKeyStore.findByPrefix(h, KeyMaterial.prefix(key)));
        for (ApiKeyStore.Credential credential : candidates) {
            var row = credential.key();
            if (KeyMaterial.matches(row.salt(), row.keyHash(), key)) {
                return new Cached(new Principal(row.accountId(), row.userId(), row.email(), credential.role(), row.keyId()),
                        row.expireTime(), now);
            }
        }
        throw ApiError.unauthenticated("invalid API key");
    }

    private static String digest(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
