package dev.hearth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.server.testing.Http;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hearth serve} and {@code hearth admin} as real child processes: bootstrap, restart, SIGTERM, bad stores. */
class ServerProcessTest {
    private static final Pattern LISTENING = Pattern.compile("hearth: listening on (http://\\S+)");

    @TempDir
    Path home;

    private static ProcessBuilder hearth(String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    /** A started server and everything it printed up to "listening on". */
    private record Running(Process process, String baseUrl, List<String> output, BufferedReader reader) {
        List<String> stop() throws Exception {
            // Process.destroy() would also close our end of the pipe, so send SIGTERM the way an operator does.
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "server did not stop on SIGTERM");
            List<String> rest = new ArrayList<>(output);
            for (String line; (line = reader.readLine()) != null; ) {
                rest.add(line);
            }
            return rest;
        }
    }

    private Running serve(String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("serve", "--home", home.toString(), "--port", "0"));
        args.addAll(List.of(extra));
        Process process = hearth(args.toArray(String[]::new)).start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> output = new ArrayList<>();
        for (String line; (line = reader.readLine()) != null; ) {
            output.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new Running(process, m.group(1), output, reader);
            }
        }
        throw new AssertionError("server exited before listening: " + output);
    }

    @Test
    void firstStartPrintsCredentialsOnceAndSigtermStopsGracefully() throws Exception {
        Running first = serve();
        String key = first.output().stream().filter(l -> l.startsWith("FIREWORKS_API_KEY=")).findFirst()
                .orElseThrow(() -> new AssertionError("no key printed: " + first.output())).substring("FIREWORKS_API_KEY=".length());
        assertTrue(first.output().contains("FIREWORKS_ACCOUNT_ID=local"), first.output().toString());
        assertTrue(first.output().contains("FIREWORKS_BASE_URL=" + first.baseUrl()), first.output().toString());
        Path keyFile = home.resolve("admin-api-key");
        assertEquals(key, Files.readString(keyFile).strip());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(keyFile));
        assertEquals(200, Http.get(first.baseUrl() + "/v1/accounts/local/users", key).status());
        List<String> all = first.stop();
        assertTrue(all.contains("hearth: stopped"), all.toString());

        Running second = serve();
        assertFalse(second.output().stream().anyMatch(l -> l.startsWith("FIREWORKS_API_KEY")), second.output().toString());
        assertEquals(key, Files.readString(keyFile).strip(), "a later start must not change the key");
        assertEquals(200, Http.get(second.baseUrl() + "/v1/accounts/local/users", key).status(), "the key survives a restart");
        second.stop();
    }

    @Test
    void unreachableDatabaseAtStartIsAClearErrorAndNonZeroExit() throws Exception {
        Process process = hearth("serve", "--home", home.toString(), "--port", "0",
                "--db", "jdbc:postgresql://127.0.0.1:1/nowhere?user=postgres&connectTimeout=2").start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, process.exitValue());
        assertTrue(output.contains("hearth: cannot open the store at jdbc:postgresql://127.0.0.1:1/nowhere"), output);
        assertFalse(output.contains("\tat "), "no stack trace: " + output);
    }

    @Test
    void operatorsManageAccountsFromTheServerSide() throws Exception {
        Process create = hearth("admin", "account", "create", "acme", "--admin-email", "ops@acme.test", "--home", home.toString()).start();
        String created = new String(create.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, create.waitFor(), created);
        String key = created.lines().filter(l -> l.startsWith("FIREWORKS_API_KEY=")).findFirst()
                .orElseThrow(() -> new AssertionError(created)).substring("FIREWORKS_API_KEY=".length());

        Process duplicate = hearth("admin", "account", "create", "acme", "--home", home.toString()).start();
        String dupOutput = new String(duplicate.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, duplicate.waitFor(), dupOutput);
        assertTrue(dupOutput.contains("already exists"), dupOutput);

        Process badId = hearth("admin", "account", "create", "Bad_Id", "--home", home.toString()).start();
        String badOutput = new String(badId.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, badId.waitFor());
        assertTrue(badOutput.contains("account ID"), badOutput);

        Running server = serve();
        assertEquals(200, Http.get(server.baseUrl() + "/v1/accounts/acme/users/admin", key).status());
        assertEquals("ops@acme.test", Http.get(server.baseUrl() + "/v1/accounts/acme/users/admin", key).json().path("email").asText());
        server.stop();

        Process list = hearth("admin", "account", "list", "--home", home.toString()).start();
        String listed = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, list.waitFor());
        // The store already had an account when the server first started, so no "local" was bootstrapped.
        assertTrue(listed.startsWith("acme\tops@acme.test\t") && !listed.contains("\nlocal\t"), listed);

        Process delete = hearth("admin", "account", "delete", "acme", "--home", home.toString()).start();
        assertEquals(0, delete.waitFor());
        Running again = serve();
        assertEquals(401, Http.get(again.baseUrl() + "/v1/accounts/acme/users", key).status(), "a deleted account's key is gone");
        again.stop();
    }
}
