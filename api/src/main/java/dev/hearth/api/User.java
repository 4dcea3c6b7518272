package dev.hearth.api;

/** {@code accounts/{account}/users/{id}}. Role is one of admin, user, contributor, inference-user. */
public record User(
        String name,
        String displayName,
        String email,
        String role,
        Boolean serviceAccount,
        String state,
        Status status,
        String createTime,
        String updateTime,
        String etag) {}
