package dev.hearth.server.apikeys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * API key secrets. A key is {@code fw_} plus 32 random base62 characters (about 190 bits), so a fast salted
 * SHA-256 is enough: no password-style stretching is needed against guessing, and auth stays cheap per request.
 */
public final class KeyMaterial {
    static final String KEY_PREFIX = "fw_";
    /** How many characters of a key are kept in clear, to find candidate rows and to show in lists. */
    static final int VISIBLE_PREFIX = 8;
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMaterial() {}

    public static String newKey() {
        return KEY_PREFIX + random(32);
    }

    public static String newKeyId() {
        return "key_" + random(16);
    }

    public static String newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return HexFormat.of().formatHex(salt);
    }

    public static String prefix(String key) {
        return key.substring(0, Math.min(VISIBLE_PREFIX, key.length()));
    }

    public static String hash(String salt, String key) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt.getBytes(StandardCharsets.UTF_8));
            digest.update(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static boolean matches(String salt, String expectedHash, String key) {
        return MessageDigest.isEqual(
                hash(salt, key).getBytes(StandardCharsets.US_ASCII), expectedHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** True when {@code key} has the shape of a key this server issues. */
    public static boolean wellFormed(String key) {
        if (key.length() != KEY_PREFIX.length() + 32 || !key.startsWith(KEY_PREFIX)) {
            return false;
        }
        for (int i = KEY_PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c) || c > 'z') {
                return false;
            }
        }
        return true;
    }

    private static String random(int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = BASE62[RANDOM.nextInt(BASE62.length)];
        }
        return new String(out);
    }
}
