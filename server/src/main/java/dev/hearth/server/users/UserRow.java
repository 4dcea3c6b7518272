package dev.hearth.server.users;

import dev.hearth.api.Status;
import dev.hearth.api.User;
import dev.hearth.server.auth.Role;
import dev.hearth.server.resource.Times;

/** A user (or service account) as stored. */
public record UserRow(String accountId, String userId, String displayName, String email, Role role,
        boolean serviceAccount, String state, long createTime, long updateTime, long version) {

    public String name() {
        return "accounts/" + accountId + "/users/" + userId;
    }

    public User toWire() {
        return new User(name(), displayName, email, role.wire, serviceAccount, state, Status.OK,
                Times.format(createTime), Times.format(updateTime), Long.toString(version));
    }
}
