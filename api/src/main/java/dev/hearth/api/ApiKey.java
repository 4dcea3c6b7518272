package dev.hearth.api;

/** An API key. {@code key} is filled only in the create response; the server keeps a salted hash. */
public record ApiKey(
        String keyId,
        String displayName,
        String key,
        String createTime,
        Boolean secure,
        String email,
        String prefix,
        String expireTime) {}
