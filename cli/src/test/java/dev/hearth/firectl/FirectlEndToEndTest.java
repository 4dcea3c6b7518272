package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** firectl against a real Hearth server on SQLite (the server's own suite covers PostgreSQL), run in-process. */
class FirectlEndToEndTest {
    @TempDir
    static Path configDir;

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(TestDatabases.SQLITE);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** The environment of an admin of account {@code local}, with no auth.ini. */
    private static Map<String, String> adminEnv() {
        return new HashMap<>(Map.of(
                "FIREWORKS_BASE_URL", server.baseUrl(),
                "FIREWORKS_API_KEY", server.adminKey(),
                "FIREWORKS_ACCOUNT_ID", "local",
                Settings.CONFIG_DIR_VARIABLE, configDir.toString()));
    }

    private static CliResult firectl(String... args) {
        return CliResult.run(adminEnv(), args);
    }

    private static CliResult firectlWithKey(String apiKey, String... args) {
        Map<String, String> env = adminEnv();
        env.put("FIREWORKS_API_KEY", apiKey);
        return CliResult.run(env, args);
    }

    /** Asserts a failure with the given status and exactly one {@code firectl: ...} line on stderr. */
    private static String assertFails(int status, CliResult result) {
        assertEquals(status, result.status(), () -> "unexpected status; stdout: " + result.out() + " stderr: " + result.err());
        assertTrue(result.err().startsWith("firectl: "), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        return result.err().strip();
    }

    @Test
    void userRoundTripInBothCommandOrders() {
        CliResult created = firectl("user", "create", "--email", "bob@example.com", "--user-id", "bob",
                "--display-name", "Bob B").ok();
        assertEquals("accounts/local/users/bob", created.field("Name"));
        assertEquals("Bob B", created.field("Display Name"));
        assertEquals("bob@example.com", created.field("Email"));
        assertEquals("user", created.field("Role"));
        assertEquals("false", created.field("Service Account"));
        assertEquals("OK", created.field("Status"));

        JsonNode carol = firectl("create", "user", "--email", "carol@example.com", "--role", "contributor", "-o", "json")
                .ok().json();
        assertTrue(carol.path("name").asText().startsWith("accounts/local/users/carol-"), carol.toString());
        assertEquals("contributor", carol.path("role").asText());
        String carolName = carol.path("name").asText();

        assertEquals("bob@example.com", firectl("get", "user", "bob").ok().field("Email"));
        assertEquals("contributor", firectl("user", "get", carolName, "-o", "json").ok().json().path("role").asText());

        CliResult table = firectl("list", "users").ok();
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.getFirst().matches("NAME +EMAIL +ROLE +SERVICE ACCOUNT +CREATE TIME"), lines.getFirst());
        assertTrue(lines.stream().anyMatch(line -> line.matches("accounts/local/users/bob +bob@example.com +user +false +\\S+Z")),
                table.out());
        JsonNode listed = firectl("ls", "user", "-o", "json").ok().json();
        List<String> names = new ArrayList<>();
        listed.path("users").forEach(user -> names.add(user.path("name").asText()));
        assertTrue(names.containsAll(List.of("accounts/local/users/admin", "accounts/local/users/bob", carolName)), names.toString());

        CliResult updated = firectl("update", "user", "bob", "--role", "admin", "--display-name", "Robert").ok();
        assertEquals("admin", updated.field("Role"));
        assertEquals("Robert", updated.field("Display Name"));
        assertEquals("Robert", firectl("user", "update", "accounts/local/users/bob", "--role", "user", "-o", "json")
                .ok().json().path("displayName").asText());
        assertEquals("firectl: nothing to update: pass --role and/or --display-name", assertFails(2, firectl("user", "update", "bob")));

        assertEquals("Deleted user accounts/local/users/bob\n", firectl("user", "delete", "bob").ok().out());
        assertEquals("{}\n", firectl("delete", "user", carolName, "-o", "json").ok().out());
        assertEquals("firectl: user accounts/local/users/bob not found", assertFails(1, firectl("user", "get", "bob")));
    }

    @Test
    void listsPageAndFollowPages() {
        for (String id : List.of("page-a", "page-b", "page-c")) {
            firectl("user", "create", "--email", id + "@example.com", "--user-id", id).ok();
        }
        String pageUsers = "email=\"page-a@example.com\" OR email=\"page-b@example.com\" OR email=\"page-c@example.com\"";

        CliResult firstPage = firectl("user", "list", "--filter", pageUsers, "--page-size", "2").ok();
        assertEquals(4, firstPage.out().lines().count(), firstPage.out());
        String token = firstPage.field("Next page token");
        CliResult secondPage = firectl("list", "users", "--filter", pageUsers, "--page-size", "2", "--page-token", token).ok();
        assertTrue(secondPage.out().contains("accounts/local/users/page-c "), secondPage.out());
        assertFalse(secondPage.out().contains("Next page token"), secondPage.out());

        JsonNode all = firectl("user", "list", "--filter", pageUsers, "--order-by", "name desc", "--page-size", "1",
                "--no-paginate", "-o", "json").ok().json();
        assertEquals(List.of("accounts/local/users/page-c", "accounts/local/users/page-b", "accounts/local/users/page-a"),
                all.path("users").findValuesAsText("name"));
        assertFalse(all.has("nextPageToken"), all.toString());
    }

    @Test
    void apiKeyRoundTrip() {
        CliResult created = firectl("api-key", "create", "--key-name", "quick-start").ok();
        List<String> lines = created.out().lines().toList();
        assertTrue(lines.getFirst().matches("Key Id: \\S+"), created.out());
        assertEquals("Display Name: quick-start", lines.get(1));
        assertTrue(lines.get(lines.size() - 3).matches("Key: fw_\\S+"), created.out());
        assertEquals(List.of("Secure: true", "Be sure to save this key. It will not be shown again."),
                lines.subList(lines.size() - 2, lines.size()));
        String keyId = created.field("Key Id");
        String key = created.field("Key");

        assertEquals("accounts/local", firectlWithKey(key, "account", "get").ok().field("Name"));
        assertEquals("accounts/local", firectl("--api-key", key, "get", "account").ok().field("Name"));

        CliResult table = firectl("api-key", "list").ok();
        assertTrue(table.out().lines().findFirst().orElseThrow().matches("KEY ID +DISPLAY NAME +PREFIX +EMAIL +CREATE TIME +EXPIRE TIME"),
                table.out());
        assertTrue(table.out().lines().anyMatch(line -> line.matches(keyId + " +quick-start +\\S+ +admin@local +\\S+")), table.out());
        JsonNode everyone = firectl("list", "api-keys", "--all-users", "-o", "json").ok().json();
        assertTrue(everyone.path("apiKeys").findValuesAsText("keyId").contains(keyId), everyone.toString());

        assertEquals("Deleted API key " + keyId + "\n", firectl("api-key", "delete", keyId).ok().out());
        assertEquals("firectl: invalid API key", assertFails(1, firectlWithKey(key, "account", "get")));
        assertEquals("firectl: API key " + keyId + " not found", assertFails(1, firectl("delete", "api-key", keyId)));
    }

    @Test
    void apiKeyWithExpiryInJson() {
        JsonNode key = firectl("create", "api-key", "--key-name", "temporary", "--expire-time", "2099-12-31 23:59:59", "-o", "json")
                .ok().json();

        assertEquals("temporary", key.path("displayName").asText());
        assertEquals("2099-12-31T23:59:59Z", key.path("expireTime").asText());
        assertTrue(key.path("key").asText().startsWith("fw_"), key.toString());
        firectl("api-key", "delete", key.path("keyId").asText()).ok();
    }

    @Test
    void serviceAccountKeysAndRoles() {
        CliResult account = firectl("user", "create", "--user-id", "viewer", "--service-account", "--role", "inference-user").ok();
        assertEquals("true", account.field("Service Account"));
        assertEquals("inference-user", account.field("Role"));
        String viewerKey = firectl("api-key", "create", "--service-account", "viewer", "-o", "json").ok().json().path("key").asText();

        assertEquals("accounts/local/users/viewer", firectlWithKey(viewerKey, "user", "get", "viewer").ok().field("Name"));
        String denied = assertFails(1, firectlWithKey(viewerKey, "user", "create", "--email", "eve@example.com"));
        assertTrue(denied.startsWith("firectl: role \"inference-user\" may not add users"), denied);
        assertEquals(0, firectl("user", "list", "--filter", "email=\"eve@example.com\"", "-o", "json").ok().json()
                .path("users").size());
    }

    @Test
    void accountsGetAndList() {
        assertEquals("accounts/local", firectl("account", "get").ok().field("Name"));
        assertEquals("accounts/local", firectl("get", "account", "accounts/local", "-o", "json").ok().json().path("name").asText());
        CliResult table = firectl("account", "list").ok();
        assertTrue(table.out().lines().findFirst().orElseThrow().matches("NAME +DISPLAY NAME +EMAIL +STATE"), table.out());
        assertTrue(table.out().lines().anyMatch(line -> line.startsWith("accounts/local ")), table.out());
    }

    @Test
    void flagOutputCanBeFedBack() {
        CliResult admin = firectl("user", "get", "admin", "-o", "flag").ok();

        assertTrue(admin.out().lines().toList().containsAll(List.of("--name=accounts/local/users/admin", "--role=admin",
                "--service-account=false")), admin.out());
        assertTrue(admin.out().lines().allMatch(line -> line.startsWith("--")), admin.out());
    }

    @Test
    void dryRunPrintsTheRequestAndSendsNothing() {
        CliResult dryRun = firectl("user", "create", "--email", "dry@example.com", "--user-id", "dry", "--dry-run");

        assertEquals("POST " + server.baseUrl() + "/v1/accounts/local/users?userId=dry\n"
                + "{\n  \"email\": \"dry@example.com\",\n  \"role\": \"user\"\n}\n", dryRun.ok().out());
        assertEquals("firectl: user accounts/local/users/dry not found", assertFails(1, firectl("user", "get", "dry")));
        assertEquals("POST " + server.baseUrl() + "/v1/accounts/local/apiKeys:delete\n{\n  \"keyId\": \"key_x\"\n}\n",
                firectl("--dry-run", "api-key", "delete", "key_x").ok().out());
    }

    @Test
    void settingsComeFromAProfile(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("auth.ini"), "[default]\napi_key = wrong\n\n[hearth]\napi_key = " + server.adminKey()
                + "\naccount_id = local\nbase_url = " + server.baseUrl() + "\n");
        Map<String, String> env = Map.of(Settings.CONFIG_DIR_VARIABLE, home.toString());

        assertEquals("accounts/local", CliResult.run(env, "-p", "hearth", "account", "get").ok().field("Name"));
        CliResult wrongKey = CliResult.run(env, "account", "get", "--base-url", server.baseUrl(), "-a", "local");
        assertEquals("firectl: invalid API key", assertFails(1, wrongKey));
    }

    @Test
    void missingApiKeyNamesWhatToSet() {
        Map<String, String> env = adminEnv();
        env.remove("FIREWORKS_API_KEY");

        String error = assertFails(2, CliResult.run(env, "account", "get"));

        assertEquals("firectl: no API key: pass --api-key, set FIREWORKS_API_KEY, or set api_key in "
                + configDir.resolve("auth.ini") + " [default]", error);
    }

    @Test
    void unreachableServerIsOneLine() {
        String error = assertFails(1, firectl("--base-url", "http://127.0.0.1:1", "account", "get"));

        assertTrue(error.startsWith("firectl: cannot reach http://127.0.0.1:1"), error);
    }
}
