package dev.hearth.server.accounts;

import dev.hearth.server.resource.Field;
import dev.hearth.server.resource.FieldType;
import dev.hearth.server.resource.ResourceFields;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for the accounts table. */
public final class AccountStore {
    public static final ResourceFields FIELDS = new ResourceFields("Account", List.of(
            Field.of("name", "('accounts/' || account_id)", FieldType.STRING),
            Field.of("displayName", "display_name", FieldType.STRING),
            Field.of("email", "email", FieldType.STRING),
            Field.enumeration("accountType", "account_type", List.of("ACCOUNT_TYPE_UNSPECIFIED", "ENTERPRISE")),
            Field.enumeration("state", "state", List.of("STATE_UNSPECIFIED", "CREATING", "READY", "UPDATING", "DELETING")),
            Field.enumeration("suspendState", "suspend_state", List.of("UNSUSPENDED", "FAILED_PAYMENTS",
                    "CREDIT_DEPLETED", "MONTHLY_SPEND_LIMIT_EXCEEDED", "BLOCKED_BY_ABUSE_RULE")),
            Field.of("createTime", "create_time", FieldType.TIMESTAMP),
            Field.of("updateTime", "update_time", FieldType.TIMESTAMP)));

    public static final RowMapper<AccountRow> MAPPER = (rs, ctx) -> new AccountRow(
            rs.getString("account_id"), rs.getString("display_name"), rs.getString("email"),
            rs.getString("account_type"), rs.getString("state"), rs.getString("suspend_state"),
            rs.getLong("create_time"), rs.getLong("update_time"), rs.getLong("version"));

    private AccountStore() {}

    public static void insert(Handle h, AccountRow row) {
        h.createUpdate("""
                INSERT INTO accounts (account_id, display_name, email, account_type, state, suspend_state,
                                      create_time, update_time, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .bind(0, row.accountId()).bind(1, row.displayName()).bind(2, row.email())
                .bind(3, row.accountType()).bind(4, row.state()).bind(5, row.suspendState())
                .bind(6, row.createTime()).bind(7, row.updateTime()).bind(8, row.version())
                .execute();
    }

    public static Optional<AccountRow> find(Handle h, String accountId) {
        return h.createQuery("SELECT * FROM accounts WHERE account_id = ?").bind(0, accountId).map(MAPPER).findOne();
    }

    public static List<AccountRow> all(Handle h) {
        return h.createQuery("SELECT * FROM accounts ORDER BY account_id").map(MAPPER).list();
    }

    public static boolean delete(Handle h, String accountId) {
        // Child rows go first so the delete does not depend on the database enforcing ON DELETE CASCADE.
        h.createUpdate("DELETE FROM api_keys WHERE account_id = ?").bind(0, accountId).execute();
        h.createUpdate("DELETE FROM users WHERE account_id = ?").bind(0, accountId).execute();
        return h.createUpdate("DELETE FROM accounts WHERE account_id = ?").bind(0, accountId).execute() > 0;
    }

    public static boolean any(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one() > 0;
    }
}
