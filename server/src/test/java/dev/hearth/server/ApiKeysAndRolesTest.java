package dev.hearth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.Http.Response;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.sql.DriverManager;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** API keys under both paths, authentication failures, the four roles, and tenant isolation. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.class)
class ApiKeysAndRolesTest {
    private final TestDatabases db;
    private TestServer server;
    private String base;
    private String admin;

    ApiKeysAndRolesTest(TestDatabases db) {
        this.db = db;
    }

    @BeforeEach
    void start() {
        server = TestServer.start(db);
        base = server.baseUrl() + "/v1/accounts/local";
        admin = server.adminKey();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Creates a user with a role; for a service account also an admin-made key, which is returned. */
    private String userWithKey(String id, String role, boolean serviceAccount) {
        String body = serviceAccount ? "{\"serviceAccount\":true,\"role\":\"" + role + "\"}"
                : "{\"email\":\"" + id + "@example.com\",\"role\":\"" + role + "\"}";
        assertEquals(200, Http.json("POST", base + "/users?userId=" + id, admin, body).status());
        // An admin may mint keys for service accounts only; a human user makes their own.
        Response key = Http.json("POST", base + "/users/" + id + "/apiKeys", admin, "{\"apiKey\":{\"displayName\":\"k\"}}");
        if (serviceAccount) {
            assertEquals(200, key.status(), key.body());
            return key.json().path("key").asText();
        }
        assertEquals(403, key.status(), key.body());
        return null;
    }

    private static void assertError(Response response, int status, int code, String fragment) {
        assertEquals(status, response.status(), response.body());
        assertEquals(code, response.json().path("code").asInt(), response.body());
        assertTrue(response.message().contains(fragment), response.body());
    }

    @Test
    void keyLifecycleOnTheCurrentPath() {
        Response created = Http.json("POST", base + "/users/admin/apiKeys", admin,
                "{\"apiKey\":{\"displayName\":\"quick-start\"}}");
        assertEquals(200, created.status(), created.body());
        JsonNode key = created.json();
        String plaintext = key.path("key").asText();
        assertTrue(plaintext.startsWith("fw_"), plaintext);
        assertTrue(key.path("keyId").asText().startsWith("key_"));
        assertTrue(key.path("secure").asBoolean());
        assertEquals("admin@local", key.path("email").asText());
        assertEquals(plaintext.substring(0, key.path("prefix").asText().length()), key.path("prefix").asText());
        assertEquals(200, Http.get(base + "/users", plaintext).status());

        JsonNode listed = Http.get(base + "/users/admin/apiKeys", admin).json();
        assertEquals(2, listed.path("totalSize").asInt());
        listed.path("apiKeys").forEach(k -> assertFalse(k.has("key"), "a listed key must not carry the secret"));

        Response deleted = Http.json("POST", base + "/users/admin/apiKeys:delete", admin,
                "{\"keyId\":\"" + key.path("keyId").asText() + "\"}");
        assertEquals(200, deleted.status(), deleted.body());
        assertEquals("{}", deleted.body());
        assertError(Http.get(base + "/users", plaintext), 401, 16, "invalid API key");
        assertError(Http.json("POST", base + "/users/admin/apiKeys:delete", admin, "{\"keyId\":\"" + key.path("keyId").asText() + "\"}"),
                404, 5, "not found");
    }

    @Test
    void keyLifecycleOnTheOlderAccountPath() {
        Response created = Http.json("POST", base + "/apiKeys", admin, "{\"apiKey\":{}}");
        assertEquals(200, created.status(), created.body());
        assertEquals("default", created.json().path("displayName").asText());
        String keyId = created.json().path("keyId").asText();
        JsonNode mine = Http.get(base + "/apiKeys", admin).json();
        assertEquals(2, mine.path("apiKeys").size());
        assertEquals(200, Http.json("POST", base + "/apiKeys:delete", admin, "{\"keyId\":\"" + keyId + "\"}").status());
        assertEquals(1, Http.get(base + "/apiKeys", admin).json().path("apiKeys").size());
    }

    @Test
    void keysAreStoredOnlyAsSaltedHashes() throws Exception {
        String plaintext = Http.json("POST", base + "/apiKeys", admin, "{\"apiKey\":{}}").json().path("key").asText();
        String url = server.server().database().describe();
        try (var connection = DriverManager.getConnection(url)) {
            var rows = connection.createStatement().executeQuery("SELECT * FROM api_keys");
            int count = 0;
            while (rows.next()) {
                count++;
                for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                    String value = rows.getString(c);
                    assertFalse(value != null && (value.contains(plaintext) || value.contains(admin)),
                            "column " + rows.getMetaData().getColumnName(c) + " holds a key in clear");
                }
                assertEquals(32, rows.getString("salt").length());
                assertEquals(64, rows.getString("key_hash").length());
            }
            assertEquals(2, count);
        }
    }

    @Test
    void missingMalformedExpiredAndUnknownKeysAre401() throws Exception {
        assertError(Http.get(base + "/users", null), 401, 16, "missing API key");
        assertError(Http.get(base + "/users", "fw_" + "A".repeat(32)), 401, 16, "invalid API key");
        assertError(Http.get(base + "/users", "not-a-key"), 401, 16, "invalid API key");
        Response basic = Http.call("GET", base + "/users", null, null, null);
        assertEquals(401, basic.status());

        String soon = Instant.now().plusSeconds(2).toString();
        Response expiring = Http.json("POST", base + "/apiKeys", admin, "{\"apiKey\":{\"expireTime\":\"" + soon + "\"}}");
        assertEquals(200, expiring.status(), expiring.body());
        String key = expiring.json().path("key").asText();
        assertEquals(200, Http.get(base + "/users", key).status());
        Thread.sleep(2500);
        assertError(Http.get(base + "/users", key), 401, 16, "expired");

        assertError(Http.json("POST", base + "/apiKeys", admin, "{\"apiKey\":{\"expireTime\":\"2001-01-01T00:00:00Z\"}}"),
                400, 3, "apiKey.expireTime");
        assertError(Http.json("POST", base + "/apiKeys", admin, "{\"apiKey\":{\"expireTime\":\"tomorrow\"}}"),
                400, 3, "apiKey.expireTime");
        assertError(Http.json("POST", base + "/apiKeys", admin, "{}"), 400, 3, "apiKey");
    }

    @Test
    void rolesDecideWhatAKeyMayDo() {
        String inference = userWithKey("reader", "inference-user", true);
        String contributor = userWithKey("builder", "contributor", true);
        String user = userWithKey("operator", "user", true);
        userWithKey("alice", "user", false);

        for (String key : new String[] {inference, contributor, user}) {
            assertEquals(200, Http.get(base + "/users", key).status(), "every role may view users");
            assertEquals(200, Http.get(base, key).status(), "every role may view its account");
            assertError(Http.json("POST", base + "/users?userId=x", key, "{\"email\":\"x@example.com\",\"role\":\"user\"}"),
                    403, 7, "admin");
            assertError(Http.json("PATCH", base + "/users/alice?updateMask=role", key, "{\"role\":\"admin\"}"), 403, 7, "admin");
            assertError(Http.call("DELETE", base + "/users/alice", key, null, null), 403, 7, "admin");
            assertError(Http.get(base + "/users/-/apiKeys", key), 403, 7, "admin");
            assertError(Http.get(base + "/users/admin/apiKeys", key), 403, 7, "admin");
            // Everyone manages their own keys.
            Response own = Http.json("POST", base + "/apiKeys", key, "{\"apiKey\":{\"displayName\":\"mine\"}}");
            assertEquals(200, own.status(), own.body());
            assertEquals(200, Http.json("POST", base + "/apiKeys:delete", key,
                    "{\"keyId\":\"" + own.json().path("keyId").asText() + "\"}").status());
        }
        // Deleting someone else's key needs an admin; an admin may.
        String adminKeyId = Http.get(base + "/apiKeys", admin).json().path("apiKeys").get(0).path("keyId").asText();
        assertError(Http.json("POST", base + "/apiKeys:delete", user, "{\"keyId\":\"" + adminKeyId + "\"}"), 403, 7, "admin");
        String readerKeyId = Http.get(base + "/users/reader/apiKeys", admin).json().path("apiKeys").get(0).path("keyId").asText();
        assertEquals(200, Http.json("POST", base + "/users/reader/apiKeys:delete", admin, "{\"keyId\":\"" + readerKeyId + "\"}").status());
        assertEquals(401, Http.get(base + "/users", inference).status());

        JsonNode all = Http.get(base + "/users/-/apiKeys?filter=" + java.net.URLEncoder.encode("email:\"sa\"", java.nio.charset.StandardCharsets.UTF_8), admin).json();
        assertEquals(2, all.path("totalSize").asInt(), all.toString());
    }

    @Test
    void anAccountNeverSeesAnother() {
        String acme = server.createAccount("acme");
        String acmeBase = server.baseUrl() + "/v1/accounts/acme";
        assertEquals(200, Http.json("POST", acmeBase + "/users?userId=carol", acme, "{\"email\":\"carol@acme.test\",\"role\":\"user\"}").status());

        assertError(Http.get(acmeBase, admin), 404, 5, "not found");
        assertError(Http.get(acmeBase + "/users", admin), 404, 5, "not found");
        assertError(Http.get(acmeBase + "/users/carol", admin), 404, 5, "not found");
        assertError(Http.json("POST", acmeBase + "/users?userId=mallory", admin, "{\"email\":\"m@x.test\",\"role\":\"admin\"}"), 404, 5, "not found");
        assertError(Http.get(base + "/users/carol", admin), 404, 5, "not found");
        assertError(Http.get(base, acme), 404, 5, "not found");

        JsonNode accounts = Http.get(server.baseUrl() + "/v1/accounts", acme).json();
        assertEquals(1, accounts.path("totalSize").asInt());
        assertEquals("accounts/acme", accounts.path("accounts").get(0).path("name").asText());
        assertEquals(1, Http.get(base + "/users", admin).json().path("totalSize").asInt());

        String acmeKeyId = Http.get(acmeBase + "/apiKeys", acme).json().path("apiKeys").get(0).path("keyId").asText();
        assertError(Http.json("POST", base + "/apiKeys:delete", admin, "{\"keyId\":\"" + acmeKeyId + "\"}"), 404, 5, "not found");
        assertEquals(200, Http.get(acmeBase + "/users", acme).status(), "acme's key still works");
    }
}
