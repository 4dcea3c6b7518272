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

    /** Creates the first tenant on an empty store and saves its key; runs before the server accepts requests. */
    public static Optional<Accounts.Tenant> createIfEmpty(Accounts accounts, Path home) throws IOException {
        Optional<Accounts.Tenant> tenant = accounts.bootstrap();
        if (tenant.isPresent()) {
            Files.createDirectories(home);
            Path file = home.resolve(KEY_FILE);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, tenant.get().apiKey() + "\n");
        }
        return tenant;
    }

    /** Prints the one-time environment lines, once the server's address is known. */
    public static void print(Accounts.Tenant tenant, Path home, String baseUrl, PrintStream out) {
        out.println("Created account \"local\" with admin user admin@local. Its API key is shown only this once");
        out.println("(and saved to " + home.resolve(KEY_FILE) + "):");
        out.println();
        out.println("FIREWORKS_API_KEY=" + tenant.apiKey());
        out.println("FIREWORKS_ACCOUNT_ID=local");
        out.println("FIREWORKS_BASE_URL=" + baseUrl);
        out.println();
        out.flush();
    }
}
