package dev.hearth.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Locale;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The store: a pooled connection to SQLite (embedded default) or PostgreSQL, migrated by Flyway, used through Jdbi.
 * Both databases run the same migrations and the same SQL.
 */
public final class Database implements AutoCloseable {
    public enum Kind {
        SQLITE,
        POSTGRESQL
    }

    private final String url;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Database(String url, HikariDataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /**
     * Opens the store at a JDBC URL and applies pending migrations.
     *
     * @throws StoreUnavailableException when the database cannot be reached or migrated
     */
    public static Database open(String url) {
        Kind kind = kindOf(url);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName("hearth-store");
        config.setConnectionTimeout(5_000);
        config.setValidationTimeout(2_000);
        config.setInitializationFailTimeout(1);
        if (kind == Kind.SQLITE) {
            createParentDirectory(url);
            // WAL lets readers run beside the writer; IMMEDIATE makes a writing transaction take the lock up front,
            // so two writers wait on busy_timeout instead of failing with SQLITE_BUSY on lock upgrade.
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "NORMAL");
            config.addDataSourceProperty("busy_timeout", "10000");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            config.setMaximumPoolSize(8);
        } else {
            config.setMaximumPoolSize(16);
        }
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("cannot open the store at " + redact(url) + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw new StoreUnavailableException("cannot migrate the store at " + redact(url) + ": " + rootMessage(e), e);
        }
        return new Database(url, dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The URL without credentials, for messages. */
    public String describe() {
        return redact(url);
    }

    /** True when a trivial query answers within two seconds. */
    public boolean ping() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    public static Kind kindOf(String url) {
        if (url.startsWith("jdbc:sqlite:")) {
            return Kind.SQLITE;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Kind.POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL " + redact(url)
                + ": use jdbc:sqlite:<file> or jdbc:postgresql://host:port/db");
    }

    /** Runs an insert; a unique-key violation (a concurrent create won the race) becomes {@code conflict}'s error. */
    public static void insertUnique(Runnable insert, java.util.function.Supplier<? extends RuntimeException> conflict) {
        try {
            insert.run();
        } catch (RuntimeException e) {
            if (isUniqueViolation(e)) {
                throw conflict.get();
            }
            throw e;
        }
    }

    /** True when {@code e} (or a cause) is a primary-key or unique-index violation on either database. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage()).toUpperCase(Locale.ROOT);
                if (message.contains("SQLITE_CONSTRAINT_PRIMARYKEY") || message.contains("SQLITE_CONSTRAINT_UNIQUE")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void createParentDirectory(String url) {
        String file = url.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (java.io.IOException e) {
            throw new StoreUnavailableException("cannot create " + parent + ": " + e.getMessage(), e);
        }
    }

    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
