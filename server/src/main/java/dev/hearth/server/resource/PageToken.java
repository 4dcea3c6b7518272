package dev.hearth.server.resource;

import dev.hearth.server.http.ApiError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Opaque page tokens: the offset of the next page bound to a fingerprint of the query that produced it,
 * so a token replayed against another filter, order or parent is refused rather than silently misread.
 */
public final class PageToken {
    private static final String VERSION = "p1";

    private PageToken() {}

    public static String encode(long offset, String fingerprint) {
        String raw = VERSION + "." + offset + "." + fingerprint;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token stands for; 0 for an absent token. */
    public static long decode(String token, String fingerprint) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        String raw;
        try {
            raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("pageToken", "not a page token issued by this server");
        }
        String[] parts = raw.split("\\.", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw ApiError.invalid("pageToken", "not a page token issued by this server");
        }
        if (!parts[2].equals(fingerprint)) {
            throw ApiError.invalid("pageToken",
                    "was issued for a different query; filter, orderBy and the other parameters must match the first call");
        }
        try {
            long offset = Long.parseLong(parts[1]);
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw ApiError.invalid("pageToken", "not a page token issued by this server");
        }
    }

    /** A short digest of the query's parameters (everything but pageSize and pageToken). */
    public static String fingerprint(String... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                digest.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
