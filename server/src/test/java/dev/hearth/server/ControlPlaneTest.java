package dev.hearth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.Http.Response;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Users, accounts and the list/patch conventions over real HTTP, on SQLite and on PostgreSQL. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestDatabases.class)
class ControlPlaneTest {
    private final TestDatabases db;
    private TestServer server;
    private String base;
    private String key;

    ControlPlaneTest(TestDatabases db) {
        this.db = db;
    }

    @BeforeEach
    void start() {
        server = TestServer.start(db);
        base = server.baseUrl() + "/v1/accounts/local";
        key = server.adminKey();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Response createUser(String query, String body) {
        return Http.json("POST", base + "/users" + query, key, body);
    }

    private static void assertError(Response response, int status, int code, String... fragments) {
        assertEquals(status, response.status(), response.body());
        JsonNode json = response.json();
        assertEquals(code, json.path("code").asInt(), response.body());
        assertTrue(json.path("details").isArray(), response.body());
        for (String fragment : fragments) {
            assertTrue(json.path("message").asText().contains(fragment), "message lacks \"" + fragment + "\": " + response.body());
        }
    }

    @Test
    void firstStartBootstrapsTheLocalAccount() {
        assertTrue(server.bootstrapOutput().contains("FIREWORKS_API_KEY=" + key));
        assertTrue(server.bootstrapOutput().contains("FIREWORKS_ACCOUNT_ID=local"));
        assertTrue(server.bootstrapOutput().contains("FIREWORKS_BASE_URL=" + server.baseUrl()));
        JsonNode accounts = Http.get(server.baseUrl() + "/v1/accounts", key).json();
        assertEquals(1, accounts.path("totalSize").asInt());
        assertEquals("accounts/local", accounts.path("accounts").get(0).path("name").asText());
        JsonNode account = Http.get(base, key).json();
        assertEquals("READY", account.path("state").asText());
        assertEquals("admin@local", account.path("email").asText());
        JsonNode admin = Http.get(base + "/users/admin", key).json();
        assertEquals("admin", admin.path("role").asText());
        assertEquals("admin@local", admin.path("email").asText());
    }

    @Test
    void userLifecycle() {
        Response created = createUser("?userId=alice", "{\"email\":\"alice@example.com\",\"role\":\"user\",\"displayName\":\"Alice\"}");
        assertEquals(200, created.status(), created.body());
        JsonNode alice = created.json();
        assertEquals("accounts/local/users/alice", alice.path("name").asText());
        assertEquals("READY", alice.path("state").asText());
        assertEquals("OK", alice.path("status").path("code").asText());
        assertTrue(alice.path("createTime").asText().endsWith("Z"));

        Response derived = createUser("", "{\"email\":\"Bob.Smith@example.com\",\"role\":\"contributor\"}");
        assertEquals(200, derived.status(), derived.body());
        assertTrue(derived.json().path("name").asText().matches("accounts/local/users/bob-smith-[0-9a-f]{6}"), derived.body());

        Response sa = createUser("?userId=ci-bot", "{\"serviceAccount\":true}");
        assertEquals(200, sa.status(), sa.body());
        assertEquals("user", sa.json().path("role").asText());
        assertTrue(sa.json().path("serviceAccount").asBoolean());

        Response patched = Http.json("PATCH", base + "/users/alice?updateMask=role", key, "{\"role\":\"admin\",\"displayName\":\"ignored\"}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("admin", patched.json().path("role").asText());
        assertEquals("Alice", patched.json().path("displayName").asText());

        // No mask: every mutable field is replaced, so the absent displayName is cleared.
        Response replaced = Http.json("PATCH", base + "/users/alice", key, "{\"role\":\"user\"}");
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals("", replaced.json().path("displayName").asText());
        assertEquals("user", replaced.json().path("role").asText());

        assertError(Http.json("PATCH", base + "/users/alice?updateMask=email", key, "{\"email\":\"x@y.z\"}"), 400, 3, "updateMask", "email");

        assertEquals(200, Http.call("DELETE", base + "/users/alice", key, null, null).status());
        assertError(Http.get(base + "/users/alice", key), 404, 5, "accounts/local/users/alice");
    }

    @Test
    void duplicatesAreAlreadyExists() {
        assertEquals(200, createUser("?userId=alice", "{\"email\":\"alice@example.com\",\"role\":\"user\"}").status());
        assertError(createUser("?userId=alice", "{\"email\":\"other@example.com\",\"role\":\"user\"}"), 409, 6, "already exists");
        assertError(createUser("?userId=alice2", "{\"email\":\"alice@example.com\",\"role\":\"user\"}"), 409, 6, "alice@example.com");
    }

    @Test
    void staleEtagIsAborted() {
        JsonNode alice = createUser("?userId=alice", "{\"email\":\"alice@example.com\",\"role\":\"user\"}").json();
        String etag = alice.path("etag").asText();
        Response first = Http.json("PATCH", base + "/users/alice?updateMask=display_name", key,
                "{\"displayName\":\"A\",\"etag\":\"" + etag + "\"}");
        assertEquals(200, first.status(), first.body());
        assertError(Http.json("PATCH", base + "/users/alice?updateMask=display_name", key,
                "{\"displayName\":\"B\",\"etag\":\"" + etag + "\"}"), 409, 10, "stale");
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/users/alice?updateMask=display_name"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("If-Match", "\"" + etag + "\"")
                .method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"displayName\":\"C\"}")).build();
        try {
            var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(409, response.statusCode(), response.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertEquals("A", Http.get(base + "/users/alice", key).json().path("displayName").asText());
    }

    @Test
    void listsPageFilterOrderAndMask() {
        for (int i = 0; i < 6; i++) {
            String role = i % 2 == 0 ? "user" : "contributor";
            assertEquals(200, createUser("?userId=u" + i, "{\"email\":\"u" + i + "@example.com\",\"role\":\"" + role + "\"}").status());
        }
        assertEquals(200, createUser("?userId=bot", "{\"serviceAccount\":true,\"role\":\"inference-user\"}").status());

        List<String> names = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            JsonNode page = Http.get(base + "/users?pageSize=3" + (token == null ? "" : "&pageToken=" + token), key).json();
            assertEquals(8, page.path("totalSize").asInt());
            page.path("users").forEach(u -> names.add(u.path("name").asText()));
            token = page.hasNonNull("nextPageToken") ? page.path("nextPageToken").asText() : null;
            pages++;
        } while (token != null);
        assertEquals(3, pages);
        assertEquals(8, names.size());
        assertEquals(8, names.stream().distinct().count());

        JsonNode contributors = Http.get(base + "/users?filter=" + enc("role = contributor"), key).json();
        assertEquals(3, contributors.path("totalSize").asInt());
        JsonNode bots = Http.get(base + "/users?filter=" + enc("service_account=true"), key).json();
        assertEquals(1, bots.path("users").size());
        assertEquals("accounts/local/users/bot", bots.path("users").get(0).path("name").asText());
        JsonNode combined = Http.get(base + "/users?filter=" + enc("role=user AND NOT email:\"u0\"") + "&order_by=" + enc("email desc"), key).json();
        assertEquals(List.of("u4@example.com", "u2@example.com"),
                combined.path("users").findValuesAsText("email"));

        JsonNode ordered = Http.get(base + "/users?orderBy=" + enc("create_time desc") + "&pageSize=1", key).json();
        assertEquals("accounts/local/users/bot", ordered.path("users").get(0).path("name").asText());

        JsonNode masked = Http.get(base + "/users?readMask=name,email&pageSize=2", key).json();
        JsonNode first = masked.path("users").get(0);
        assertEquals(2, first.size(), first.toString());
        assertTrue(first.has("name") && first.has("email"));
        JsonNode one = Http.get(base + "/users/u1?readMask=role", key).json();
        assertEquals("{\"role\":\"contributor\"}", one.toString());
    }

    @Test
    void badListParametersAreRejected() {
        JsonNode page = Http.get(base + "/users?pageSize=1", key).json();
        String token = page.path("nextPageToken").asText(null);
        if (token == null) {
            assertEquals(200, createUser("?userId=extra", "{\"email\":\"e@example.com\",\"role\":\"user\"}").status());
            token = Http.get(base + "/users?pageSize=1", key).json().path("nextPageToken").asText();
        }
        assertError(Http.get(base + "/users?pageSize=1&pageToken=" + token + "&filter=" + enc("role=admin"), key), 400, 3, "pageToken");
        assertError(Http.get(base + "/users?pageToken=garbage!!", key), 400, 3, "pageToken");
        assertError(Http.get(base + "/users?pageSize=lots", key), 400, 3, "pageSize");
        assertError(Http.get(base + "/users?pageSize=-1", key), 400, 3, "pageSize");
        assertError(Http.get(base + "/users?filter=" + enc("colour=red"), key), 400, 3, "filter", "colour");
        assertError(Http.get(base + "/users?filter=" + enc("role=wizard"), key), 400, 3, "filter", "wizard");
        assertError(Http.get(base + "/users?filter=" + enc("(role=admin"), key), 400, 3, "filter");
        assertError(Http.get(base + "/users?orderBy=" + enc("shoe_size"), key), 400, 3, "orderBy");
        assertError(Http.get(base + "/users?readMask=shoe_size", key), 400, 3, "readMask", "shoe_size");
        assertEquals(200, Http.get(base + "/users?pageSize=1000", key).status());
    }

    @Test
    void malformedBodiesAreRejectedWithTheFieldNamed() {
        assertError(createUser("", "{\"email\": \"a@b.c\", "), 400, 3, "malformed JSON");
        assertError(createUser("", "{\"email\":\"a@b.c\",\"role\":\"user\",\"favouriteColour\":\"red\"}"), 400, 3, "favouriteColour", "unknown field");
        assertError(createUser("", "{\"email\":\"a@b.c\",\"role\":\"user\",\"serviceAccount\":\"yes\"}"), 400, 3, "serviceAccount", "boolean");
        assertError(createUser("", "{\"email\":42,\"role\":\"user\"}"), 400, 3, "email", "string");
        assertError(createUser("", "[1,2]"), 400, 3, "request body");
        assertError(createUser("", ""), 400, 3, "request body");
        assertError(createUser("", "{\"email\":\"a@b.c\"}"), 400, 3, "role", "required");
        assertError(createUser("", "{\"email\":\"a@b.c\",\"role\":\"wizard\"}"), 400, 3, "role", "wizard");
        assertError(createUser("", "{\"email\":\"not-an-email\",\"role\":\"user\"}"), 400, 3, "email");
        assertError(createUser("", "{\"email\":\"a@b.c\",\"role\":\"user\",\"displayName\":\"" + "x".repeat(64) + "\"}"), 400, 3, "displayName");
        assertError(Http.call("POST", base + "/users", key, "text/plain", "{}".getBytes(StandardCharsets.UTF_8)), 415, 3, "Content-Type");
        assertError(Http.call("POST", base + "/users", key, null, "{}".getBytes(StandardCharsets.UTF_8)), 415, 3, "Content-Type");
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertError(Http.call("POST", base + "/users", key, "application/json", huge), 413, 3, "request body");
    }

    @Test
    void idsThatBreakARuleAreRejected() {
        for (String bad : List.of("Alice", "al_ice", "9lives", "-lead", "trail-", "a".repeat(64), "sp ace")) {
            Response response = createUser("?userId=" + enc(bad), "{\"email\":\"" + "x" + Math.abs(bad.hashCode()) + "@example.com\",\"role\":\"user\"}");
            assertError(response, 400, 3, "userId");
        }
        assertEquals(200, createUser("?userId=" + "a".repeat(63), "{\"email\":\"long@example.com\",\"role\":\"user\"}").status());
        assertEquals(200, createUser("?userId=a", "{\"email\":\"short@example.com\",\"role\":\"user\"}").status());
    }

    @Test
    void theLastAdminCannotBeRemoved() {
        assertError(Http.json("PATCH", base + "/users/admin?updateMask=role", key, "{\"role\":\"user\"}"), 400, 9, "last admin");
        assertError(Http.call("DELETE", base + "/users/admin", key, null, null), 400, 9, "last admin");
    }

    @Test
    void unknownEndpointsAnd404sUseTheErrorShape() {
        assertError(Http.get(server.baseUrl() + "/v1/nothing-here", key), 404, 5);
        assertError(Http.get(base + "/users/nobody", key), 404, 5, "nobody");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void metricsNeedAKeyAndCountRequests() {
        assertEquals(401, Http.get(server.baseUrl() + "/metrics", null).status());
        Http.get(base + "/users", key);
        Response metrics = Http.get(server.baseUrl() + "/metrics", key);
        assertEquals(200, metrics.status());
        assertTrue(metrics.body().contains("http_server_requests_seconds_count{method=\"GET\",status=\"200\",uri=\"/v1/accounts/{account_id}/users\"}"),
                metrics.body());
        assertEquals(200, Http.get(server.baseUrl() + "/healthz", null).status());
        assertEquals(200, Http.get(server.baseUrl() + "/readyz", null).status());
        assertFalse(metrics.body().contains(key));
    }
}
