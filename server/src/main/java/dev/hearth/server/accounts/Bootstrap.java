package dev.hearth.server.accounts;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * First start on an empty store: account {@code local}, admin {@code admin@local} and an API key, printed once as the
 * environment a client needs and written to {@code $HEARTH_HOME/admin-api-key} (mode 0600). Later starts do nothing.
 */
public final class Bootstrap {
    public static final String KEY_FILE = "admin-api-key";

    private Bootstrap() {}

    public static Optional<Accounts.Tenant> run(Accounts accounts, Path home, String baseUrl, PrintStream out) throws IOException {
        Optional<Accounts.Tenant> tenant = accounts.bootstrap();
        if (tenant.isEmpty()) {
            return tenant;
        }
        String key = tenant.get().apiKey();
        Files.createDirectories(home);
        Path file = home.resolve(KEY_FILE);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, key + "\n");
        out.println("Created account \"local\" with admin user admin@local. Its API key is shown only this once");
        out.println("(and saved to " + file + "):");
        out.println();
        out.println("FIREWORKS_API_KEY=" + key);
        out.println("FIREWORKS_ACCOUNT_ID=local");
        out.println("FIREWORKS_BASE_URL=" + baseUrl);
        out.println();
        out.flush();
        return tenant;
    }
}
