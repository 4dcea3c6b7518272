package dev.hearth.server.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * The two stores every integration test runs against. PostgreSQL is required, never skipped: point
 * HEARTH_TEST_PG_URL elsewhere if it does not run at 127.0.0.1:5432 (./hearth test starts the local one).
 */
public enum TestDatabases {
    SQLITE,
    POSTGRESQL;

    public static final String PG_URL = System.getenv().getOrDefault("HEARTH_TEST_PG_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    /** A fresh, empty PostgreSQL schema; returns a JDBC URL whose current schema is it. */
    public static String newPostgresSchema() {
        String schema = "hearth_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        try (Connection c = DriverManager.getConnection(PG_URL)) {
            c.createStatement().execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is required by the test suite and is not reachable at " + PG_URL
                    + " (" + e.getMessage() + "). Start it, or set HEARTH_TEST_PG_URL.", e);
        }
        return PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public static void dropPostgresSchema(String url) {
        String schema = url.substring(url.indexOf("currentSchema=") + "currentSchema=".length());
        try (Connection c = DriverManager.getConnection(PG_URL)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            // The schema name is unique per run; a leftover one does no harm to later runs.
        }
    }
}
