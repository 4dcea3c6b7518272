package dev.hearth.api;

/** {@code accounts/{id}}. */
public record Account(
        String name,
        String displayName,
        String email,
        String accountType,
        String state,
        Status status,
        String suspendState,
        String createTime,
        String updateTime,
        String etag) {}
