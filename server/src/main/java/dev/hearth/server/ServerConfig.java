package dev.hearth.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the server listens and keeps its state.
 *
 * @param home the state directory: the SQLite store, blobs and the bootstrap admin key live here
 * @param dbUrl a JDBC URL; null means the SQLite file {@code home/hearth.db}
 */
public record ServerConfig(String host, int port, Path home, String dbUrl, Duration shutdownGrace) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;

    public String effectiveDbUrl() {
        return dbUrl != null && !dbUrl.isBlank() ? dbUrl : "jdbc:sqlite:" + home.resolve("hearth.db");
    }

    public Path blobs() {
        return home.resolve("blobs");
    }

    public static Path defaultHome() {
        return Path.of(System.getProperty("user.home"), ".hearth");
    }
}
