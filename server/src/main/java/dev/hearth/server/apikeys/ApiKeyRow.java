package dev.hearth.server.apikeys;

import dev.hearth.api.ApiKey;
import dev.hearth.server.resource.Times;

/** An API key as stored (never the key itself), with its owner's email. */
public record ApiKeyRow(String accountId, String keyId, String userId, String displayName, String prefix,
        String salt, String keyHash, long createTime, Long expireTime, String email) {

    /** The wire form; {@code plaintext} is set only in the create response. */
    public ApiKey toWire(String plaintext) {
        return new ApiKey(keyId, displayName, plaintext, Times.format(createTime), true, email, prefix,
                Times.formatOrNull(expireTime));
    }
}
