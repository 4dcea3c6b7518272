package dev.hearth.server.blobs;

import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs upload and download URLs the way object stores presign them: the URL itself is the credential, valid for
 * one method on one path until it expires. The HMAC key lives in the store, so every server sharing it agrees.
 */
public final class UrlSigner {
    private final byte[] key;
    private final Clock clock;

    public UrlSigner(byte[] key, Clock clock) {
        this.key = key.clone();
        this.clock = clock;
    }

    /** Loads the shared signing key from the store, creating it on first use. */
    public static UrlSigner fromStore(Database db, Clock clock) {
        String secret = db.jdbi().inTransaction(h -> {
            var existing = h.createQuery("SELECT secret FROM server_secrets WHERE name = 'url-signing'").mapTo(String.class).findOne();
            if (existing.isPresent()) {
                return existing.get();
            }
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            String hex = HexFormat.of().formatHex(fresh);
            Database.insertUnique(() -> h.createUpdate("INSERT INTO server_secrets (name, secret, create_time) VALUES ('url-signing', ?, ?)")
                    .bind(0, hex).bind(1, Times.nowMicros()).execute(), () -> new IllegalStateException("signing key raced"));
            return hex;
        });
        return new UrlSigner(HexFormat.of().parseHex(secret), clock);
    }

    /** The query string ({@code expires=...&signature=...}) that authorizes {@code method} on {@code path}. */
    public String sign(String method, String path, Duration validFor) {
        long expires = clock.instant().plus(validFor).getEpochSecond();
        return "expires=" + expires + "&signature=" + mac(method, path, expires);
    }

    /** Null when the signature is good and unexpired, otherwise the reason it is refused. */
    public String refusal(String method, String path, String expires, String signature) {
        if (expires == null || signature == null) {
            return "the URL is not signed (expires and signature are required)";
        }
        long at;
        try {
            at = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return "the URL's expires parameter is not a number";
        }
        byte[] expected = mac(method, path, at).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII))) {
            return "the URL's signature does not match this " + method + " and path";
        }
        if (clock.instant().getEpochSecond() > at) {
            return "the signed URL expired at " + java.time.Instant.ofEpochSecond(at) + "; request a new one";
        }
        return null;
    }

    private String mac(String method, String path, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] out = mac.doFinal((method + "\n" + path + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(out);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
