package dev.hearth.server.accounts;

import dev.hearth.server.apikeys.ApiKeys;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.Role;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.resource.ListRequest;
import dev.hearth.server.resource.Lister;
import dev.hearth.server.resource.Page;
import dev.hearth.server.resource.ResourceIds;
import dev.hearth.server.resource.SqlCondition;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import dev.hearth.server.users.UserRow;
import dev.hearth.server.users.UserStore;
import java.util.List;
import java.util.Optional;

/** Accounts: what a key may see of them, and what an operator does with them from the server side. */
public final class Accounts {
    private final Database db;

    public Accounts(Database db) {
        this.db = db;
    }

    /** A new tenant: its account, its first admin, and that admin's API key (shown once). */
    public record Tenant(AccountRow account, UserRow admin, String apiKey) {}

    public AccountRow get(Principal caller, String accountId) {
        // A key sees only its own account; any other is "not found" so existence is not revealed.
        if (!caller.accountId().equals(accountId)) {
            throw ApiError.notFound("account accounts/" + accountId + " not found");
        }
        return db.jdbi().withHandle(h -> AccountStore.find(h, accountId))
                .orElseThrow(() -> ApiError.notFound("account accounts/" + accountId + " not found"));
    }

    public Page<AccountRow> list(Principal caller, ListRequest request) {
        return Lister.list(db.jdbi(), "accounts", new SqlCondition("account_id = ?", List.of(caller.accountId())),
                request, AccountStore.FIELDS, "account_id ASC", "account_id ASC", AccountStore.MAPPER);
    }

    /** Creates an account with one admin user and an API key for it, atomically. */
    public Tenant createTenant(String accountId, String adminEmail, String adminUserId) {
        ResourceIds.validate("account ID", accountId);
        ResourceIds.validate("admin user ID", adminUserId);
        long now = Times.nowMicros();
        AccountRow account = new AccountRow(accountId, accountId, adminEmail, "ACCOUNT_TYPE_UNSPECIFIED", "READY",
                "UNSUSPENDED", now, now, 1);
        UserRow admin = new UserRow(accountId, adminUserId, "", adminEmail, Role.ADMIN, false, "READY", now, now, 1);
        return db.jdbi().inTransaction(h -> {
            if (AccountStore.find(h, accountId).isPresent()) {
                throw ApiError.alreadyExists("account accounts/" + accountId + " already exists");
            }
            Database.insertUnique(() -> AccountStore.insert(h, account),
                    () -> ApiError.alreadyExists("account accounts/" + accountId + " already exists"));
            UserStore.insert(h, admin);
            String key = ApiKeys.insert(h, admin, "default", null).key();
            return new Tenant(account, admin, key);
        });
    }

    /** Creates the {@code local} tenant on a store that has no accounts at all; empty when it has some. */
    public Optional<Tenant> bootstrap() {
        if (db.jdbi().withHandle(AccountStore::any)) {
            return Optional.empty();
        }
        try {
            return Optional.of(createTenant("local", "admin@local", "admin"));
        } catch (ApiError e) {
            // Another server sharing the store bootstrapped first.
            return Optional.empty();
        }
    }

    public List<AccountRow> all() {
        return db.jdbi().withHandle(AccountStore::all);
    }

    public boolean delete(String accountId) {
        return db.jdbi().inTransaction(h -> AccountStore.delete(h, accountId));
    }
}
