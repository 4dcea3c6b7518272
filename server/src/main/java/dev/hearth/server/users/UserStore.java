package dev.hearth.server.users;

import dev.hearth.server.auth.Role;
import dev.hearth.server.resource.Field;
import dev.hearth.server.resource.FieldType;
import dev.hearth.server.resource.ResourceFields;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for the users table. */
public final class UserStore {
    public static final ResourceFields FIELDS = new ResourceFields("User", List.of(
            Field.of("name", "('accounts/' || account_id || '/users/' || user_id)", FieldType.STRING),
            Field.of("displayName", "display_name", FieldType.STRING),
            Field.of("email", "email", FieldType.STRING),
            Field.enumeration("role", "role", Arrays.stream(Role.values()).map(r -> r.wire).toList()),
            Field.of("serviceAccount", "service_account", FieldType.BOOL),
            Field.enumeration("state", "state", List.of("STATE_UNSPECIFIED", "CREATING", "READY", "UPDATING", "DELETING")),
            Field.of("createTime", "create_time", FieldType.TIMESTAMP),
            Field.of("updateTime", "update_time", FieldType.TIMESTAMP)));

    public static final RowMapper<UserRow> MAPPER = (rs, ctx) -> new UserRow(
            rs.getString("account_id"), rs.getString("user_id"), rs.getString("display_name"),
            rs.getString("email"), Role.parse("role", rs.getString("role")), rs.getBoolean("service_account"),
            rs.getString("state"), rs.getLong("create_time"), rs.getLong("update_time"), rs.getLong("version"));

    private UserStore() {}

    public static void insert(Handle h, UserRow row) {
        h.createUpdate("""
                INSERT INTO users (account_id, user_id, display_name, email, role, service_account, state,
                                   create_time, update_time, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, row.accountId()).bind(1, row.userId()).bind(2, row.displayName()).bind(3, row.email())
                .bind(4, row.role().wire).bind(5, row.serviceAccount()).bind(6, row.state())
                .bind(7, row.createTime()).bind(8, row.updateTime()).bind(9, row.version())
                .execute();
    }

    public static Optional<UserRow> find(Handle h, String accountId, String userId) {
        return h.createQuery("SELECT * FROM users WHERE account_id = ? AND user_id = ?")
                .bind(0, accountId).bind(1, userId).map(MAPPER).findOne();
    }

    public static boolean emailTaken(Handle h, String accountId, String email) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE account_id = ? AND email = ?")
                .bind(0, accountId).bind(1, email).mapTo(Long.class).one() > 0;
    }

    /** Writes the mutable fields if the row is still at {@code expectedVersion}; false when it moved on. */
    public static boolean update(Handle h, UserRow row, long expectedVersion) {
        return h.createUpdate("""
                UPDATE users SET display_name = ?, role = ?, update_time = ?, version = ?
                WHERE account_id = ? AND user_id = ? AND version = ?""")
                .bind(0, row.displayName()).bind(1, row.role().wire).bind(2, row.updateTime()).bind(3, row.version())
                .bind(4, row.accountId()).bind(5, row.userId()).bind(6, expectedVersion)
                .execute() == 1;
    }

    public static boolean delete(Handle h, String accountId, String userId) {
        h.createUpdate("DELETE FROM api_keys WHERE account_id = ? AND user_id = ?").bind(0, accountId).bind(1, userId).execute();
        return h.createUpdate("DELETE FROM users WHERE account_id = ? AND user_id = ?")
                .bind(0, accountId).bind(1, userId).execute() > 0;
    }

    public static long countAdmins(Handle h, String accountId) {
        return h.createQuery("SELECT COUNT(*) FROM users WHERE account_id = ? AND role = ?")
                .bind(0, accountId).bind(1, Role.ADMIN.wire).mapTo(Long.class).one();
    }
}
