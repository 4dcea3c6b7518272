package dev.hearth.server.apikeys;

import dev.hearth.server.auth.Role;
import dev.hearth.server.resource.Field;
import dev.hearth.server.resource.FieldType;
import dev.hearth.server.resource.ResourceFields;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for the api_keys table. */
public final class ApiKeyStore {
    /** Keys joined with their owners, so lists and filters can use the owner's email. */
    public static final String WITH_OWNER = "(SELECT k.*, u.email AS email, u.role AS role FROM api_keys k "
            + "JOIN users u ON u.account_id = k.account_id AND u.user_id = k.user_id) keys_with_owner";

    public static final ResourceFields FIELDS = new ResourceFields("ApiKey", List.of(
            Field.of("keyId", "key_id", FieldType.STRING),
            Field.of("displayName", "display_name", FieldType.STRING),
            Field.of("email", "email", FieldType.STRING),
            Field.of("prefix", "prefix", FieldType.STRING),
            Field.of("createTime", "create_time", FieldType.TIMESTAMP),
            Field.of("expireTime", "expire_time", FieldType.TIMESTAMP)));

    public static final RowMapper<ApiKeyRow> MAPPER = (rs, ctx) -> {
        long expire = rs.getLong("expire_time");
        Long expireTime = rs.wasNull() ? null : expire;
        return new ApiKeyRow(rs.getString("account_id"), rs.getString("key_id"), rs.getString("user_id"),
                rs.getString("display_name"), rs.getString("prefix"), rs.getString("salt"), rs.getString("key_hash"),
                rs.getLong("create_time"), expireTime, rs.getString("email"));
    };

    /** A key row with its owner's role, for authentication. */
    public record Credential(ApiKeyRow key, Role role) {}

    private ApiKeyStore() {}

    public static void insert(Handle h, ApiKeyRow row) {
        h.createUpdate("""
                INSERT INTO api_keys (account_id, key_id, user_id, display_name, prefix, salt, key_hash,
                                      create_time, expire_time)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, row.accountId()).bind(1, row.keyId()).bind(2, row.userId()).bind(3, row.displayName())
                .bind(4, row.prefix()).bind(5, row.salt()).bind(6, row.keyHash()).bind(7, row.createTime())
                .bind(8, row.expireTime())
                .execute();
    }

    public static List<Credential> findByPrefix(Handle h, String prefix) {
        return h.createQuery("SELECT * FROM " + WITH_OWNER + " WHERE prefix = ?")
                .bind(0, prefix)
                .map((rs, ctx) -> new Credential(MAPPER.map(rs, ctx), Role.parse("role", rs.getString("role"))))
                .list();
    }

    public static Optional<ApiKeyRow> find(Handle h, String accountId, String keyId) {
        return h.createQuery("SELECT * FROM " + WITH_OWNER + " WHERE account_id = ? AND key_id = ?")
                .bind(0, accountId).bind(1, keyId).map(MAPPER).findOne();
    }

    public static boolean delete(Handle h, String accountId, String keyId) {
        return h.createUpdate("DELETE FROM api_keys WHERE account_id = ? AND key_id = ?")
                .bind(0, accountId).bind(1, keyId).execute() > 0;
    }
}
