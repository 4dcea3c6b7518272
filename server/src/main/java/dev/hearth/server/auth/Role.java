package dev.hearth.server.auth;

import dev.hearth.server.http.ApiError;
import java.util.Arrays;

/** The four documented roles, by their API strings. */
public enum Role {
    ADMIN("admin"),
    USER("user"),
    CONTRIBUTOR("contributor"),
    INFERENCE_USER("inference-user");

    public final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public static Role parse(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw ApiError.invalid(field, "is required; one of " + names());
        }
        for (Role role : values()) {
            if (role.wire.equals(value)) {
                return role;
            }
        }
        throw ApiError.invalid(field, "\"" + value + "\" is not a role; one of " + names());
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(r -> r.wire).toList());
    }

    /** May add, modify and delete users, create service-account keys and delete others' keys. */
    public boolean isAdmin() {
        return this == ADMIN;
    }
}
