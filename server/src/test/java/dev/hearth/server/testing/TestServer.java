package dev.hearth.server.testing;

import dev.hearth.server.HearthServer;
import dev.hearth.server.ServerConfig;
import dev.hearth.server.accounts.Accounts;
import dev.hearth.server.accounts.Bootstrap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A real Hearth server on a loopback port with a temporary home, on SQLite or on a fresh PostgreSQL schema.
 * It bootstraps account {@code local} like a first start does; {@link #createAccount} adds more tenants.
 */
public final class TestServer implements AutoCloseable {
    private final HearthServer server;
    private final Path home;
    private final String dbUrl;
    private final String adminKey;
    private final String bootstrapOutput;

    private TestServer(HearthServer server, Path home, String dbUrl, String adminKey, String bootstrapOutput) {
        this.server = server;
        this.home = home;
        this.dbUrl = dbUrl;
        this.adminKey = adminKey;
        this.bootstrapOutput = bootstrapOutput;
    }

    public static TestServer start(TestDatabases db) {
        return start(db, HearthServer.Options.defaults());
    }

    /** With a settable clock, a faster deployment controller or other limits. */
    public static TestServer start(TestDatabases db, HearthServer.Options options) {
        try {
            Path home = Files.createTempDirectory("hearth-test-");
            String url = db == TestDatabases.POSTGRESQL ? TestDatabases.newPostgresSchema() : null;
            return start(home, url, options);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts on a given home and store URL (null = SQLite in the home). */
    public static TestServer start(Path home, String dbUrl) throws IOException {
        return start(home, dbUrl, HearthServer.Options.defaults());
    }

    public static TestServer start(Path home, String dbUrl, HearthServer.Options options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HearthServer server = HearthServer.start(
                new ServerConfig("127.0.0.1", 0, home, dbUrl, Duration.ofSeconds(5)),
                new PrintStream(out, true, StandardCharsets.UTF_8), options);
        Path keyFile = home.resolve(Bootstrap.KEY_FILE);
        String key = Files.exists(keyFile) ? Files.readString(keyFile).strip() : null;
        return new TestServer(server, home, dbUrl, key, out.toString(StandardCharsets.UTF_8));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** The bootstrap admin key of account {@code local}. */
    public String adminKey() {
        return adminKey;
    }

    /** Creates another account with an admin user {@code admin}; returns that admin's API key. */
    public String createAccount(String accountId) {
        Accounts.Tenant tenant = server.accounts().createTenant(accountId, "admin@" + accountId + ".test", "admin");
        return tenant.apiKey();
    }

    /** The JDBC URL of this server's store. */
    public String dbUrl() {
        return dbUrl != null ? dbUrl : "jdbc:sqlite:" + home.resolve("hearth.db");
    }

    public HearthServer server() {
        return server;
    }

    public Path home() {
        return home;
    }

    public String bootstrapOutput() {
        return bootstrapOutput;
    }

    /** Stops the server but keeps its home and store, so a new one can start on them (a restart). */
    public void stopKeepingState() {
        server.close();
    }

    @Override
    public void close() {
        server.close();
        if (dbUrl != null && dbUrl.startsWith("jdbc:postgresql:")) {
            TestDatabases.dropPostgresSchema(dbUrl);
        }
        try (Stream<Path> files = Files.walk(home)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp directory left behind is harmless.
        }
    }
}
