package dev.hearth.server.users;

import dev.hearth.api.User;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.Role;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.resource.FieldMask;
import dev.hearth.server.resource.ListRequest;
import dev.hearth.server.resource.Lister;
import dev.hearth.server.resource.Page;
import dev.hearth.server.resource.ResourceIds;
import dev.hearth.server.resource.SqlCondition;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/** Users and service accounts of an account: who may do what, and the rules on their fields. */
public final class Users {
    /** The fields a PATCH may change; with no updateMask all of them are replaced. */
    static final Set<String> MUTABLE = Set.of("displayName", "role");
    static final Set<String> ALL_FIELDS = Set.of("name", "displayName", "email", "role", "serviceAccount", "state",
            "status", "createTime", "updateTime", "etag");

    private final Database db;
    private final Runnable credentialsChanged;

    /** @param credentialsChanged told after a role change or delete, so cached authentications are dropped */
    public Users(Database db, Runnable credentialsChanged) {
        this.db = db;
        this.credentialsChanged = credentialsChanged;
    }

    public UserRow create(Principal caller, String requestedId, User body) {
        caller.requireAdmin("add users");
        boolean serviceAccount = Boolean.TRUE.equals(body.serviceAccount());
        String displayName = validDisplayName(body.displayName());
        // Service accounts default to the user role; everyone else must be given one, as the API requires.
        Role role = serviceAccount && (body.role() == null || body.role().isEmpty())
                ? Role.USER : Role.parse("role", body.role());
        String email = body.email() == null || body.email().isEmpty() ? null : validEmail(body.email());
        String userId;
        if (requestedId != null && !requestedId.isEmpty()) {
            userId = ResourceIds.validate("userId", requestedId);
        } else if (email != null) {
            userId = idFromEmail(email);
        } else {
            throw ApiError.invalid("userId", "is required when user.email is empty");
        }
        if (email == null) {
            if (!serviceAccount) {
                throw ApiError.invalid("email", "is required for a user that is not a service account");
            }
            email = userId + "@" + caller.accountId() + ".sa.hearth.local";
        }
        long now = Times.nowMicros();
        UserRow row = new UserRow(caller.accountId(), userId, displayName, email, role, serviceAccount, "READY", now, now, 1);
        String finalEmail = email;
        return db.jdbi().inTransaction(h -> {
            if (UserStore.find(h, row.accountId(), userId).isPresent()) {
                throw ApiError.alreadyExists("user " + row.name() + " already exists");
            }
            if (UserStore.emailTaken(h, row.accountId(), finalEmail)) {
                throw ApiError.alreadyExists("a user with email " + finalEmail + " already exists in account " + row.accountId());
            }
            Database.insertUnique(() -> UserStore.insert(h, row), () -> ApiError.alreadyExists("user " + row.name() + " already exists"));
            return row;
        });
    }

    public UserRow get(Principal caller, String userId) {
        return db.jdbi().withHandle(h -> require(h, caller.accountId(), userId));
    }

    public Page<UserRow> list(Principal caller, ListRequest request) {
        return Lister.list(db.jdbi(), "users", new SqlCondition("account_id = ?", List.of(caller.accountId())),
                request, UserStore.FIELDS, "user_id ASC", "user_id ASC", UserStore.MAPPER);
    }

    /**
     * Updates a user. With an updateMask only the named fields change; without one every mutable field is
     * replaced from the body, as the Fireworks docs describe. A non-empty etag must match the stored one.
     */
    public UserRow update(Principal caller, String userId, User body, String updateMask, String etag) {
        caller.requireAdmin("modify users");
        FieldMask mask = FieldMask.parse("updateMask", updateMask, ALL_FIELDS);
        if (!mask.isAll()) {
            for (String path : mask.paths()) {
                if (!MUTABLE.contains(path)) {
                    throw ApiError.invalid("updateMask", "field \"" + path + "\" cannot be updated; updatable: display_name, role");
                }
            }
        }
        String displayName = mask.includes("displayName") ? validDisplayName(body.displayName()) : null;
        Role role = mask.includes("role") ? Role.parse("role", body.role()) : null;
        UserRow result = db.jdbi().inTransaction(h -> {
            UserRow current = require(h, caller.accountId(), userId);
            checkEtag(etag, current.version(), current.name());
            Role newRole = role == null ? current.role() : role;
            if (current.role() == Role.ADMIN && newRole != Role.ADMIN && UserStore.countAdmins(h, current.accountId()) <= 1) {
                throw ApiError.failedPrecondition("user " + current.name() + " is the account's last admin; "
                        + "make another user admin first");
            }
            UserRow updated = new UserRow(current.accountId(), current.userId(),
                    displayName == null ? current.displayName() : displayName, current.email(), newRole,
                    current.serviceAccount(), current.state(), current.createTime(),
                    Math.max(Times.nowMicros(), current.updateTime()), current.version() + 1);
            if (!UserStore.update(h, updated, current.version())) {
                throw ApiError.aborted("user " + current.name() + " was changed concurrently; read it again and retry");
            }
            return updated;
        });
        credentialsChanged.run();
        return result;
    }

    public void delete(Principal caller, String userId) {
        caller.requireAdmin("delete users");
        db.jdbi().useTransaction(h -> {
            UserRow current = require(h, caller.accountId(), userId);
            if (current.role() == Role.ADMIN && UserStore.countAdmins(h, current.accountId()) <= 1) {
                throw ApiError.failedPrecondition("user " + current.name() + " is the account's last admin and cannot be deleted");
            }
            UserStore.delete(h, current.accountId(), current.userId());
        });
        credentialsChanged.run();
    }

    static UserRow require(Handle h, String accountId, String userId) {
        return UserStore.find(h, accountId, userId)
                .orElseThrow(() -> ApiError.notFound("user accounts/" + accountId + "/users/" + userId + " not found"));
    }

    /** An etag from the body or If-Match must equal the stored version, or the write is refused with ABORTED. */
    public static void checkEtag(String etag, long version, String name) {
        if (etag == null || etag.isEmpty() || etag.equals("*")) {
            return;
        }
        String bare = etag.startsWith("W/") ? etag.substring(2) : etag;
        bare = bare.replace("\"", "");
        if (!bare.equals(Long.toString(version))) {
            throw ApiError.aborted("etag \"" + etag + "\" is stale: " + name + " is at etag \"" + version + "\"; read it again and retry");
        }
    }

    static String validDisplayName(String displayName) {
        if (displayName == null) {
            return "";
        }
        if (displayName.length() >= 64) {
            throw ApiError.invalid("displayName", "must be fewer than 64 characters, got " + displayName.length());
        }
        return displayName;
    }

    static String validEmail(String email) {
        int at = email.indexOf('@');
        if (email.length() > 320 || at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1
                || email.chars().anyMatch(Character::isWhitespace)) {
            throw ApiError.invalid("email", "\"" + email + "\" is not an email address");
        }
        return email;
    }

    /** A stable ID from an email: its local part made ID-safe plus six hex digits of the address's hash. */
    static String idFromEmail(String email) {
        String local = email.substring(0, email.indexOf('@')).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        local = local.replaceAll("^[^a-z]+", "").replaceAll("-+$", "");
        if (local.isEmpty()) {
            local = "user";
        }
        if (local.length() > 56) {
            local = local.substring(0, 56).replaceAll("-+$", "");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
            return local + "-" + HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
