package dev.hearth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.server.http.Access;
import dev.hearth.server.http.Route;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Walks the whole route table: every route but the health checks refuses a request without a valid key. */
class RouteAuthTest {
    @Test
    void everyNonHealthRouteRejectsMissingAndInvalidKeys() {
        try (TestServer server = TestServer.start(TestDatabases.SQLITE)) {
            List<Route> routes = server.server().routes().routes();
            assertTrue(routes.size() >= 14, "route table looks incomplete: " + routes);
            for (Route route : routes) {
                String url = server.baseUrl() + route.path()
                        .replace("{account_id}", "local")
                        .replaceAll("\\{[a-z_]+}", "x");
                String method = route.method().name();
                byte[] body = method.equals("GET") || method.equals("DELETE") ? null : "{}".getBytes();
                Http.Response anonymous = Http.call(method, url, null, body == null ? null : "application/json", body);
                if (route.access() == Access.SIGNED) {
                    // No key is needed, but without a valid signature the URL authorizes nothing.
                    assertEquals(403, anonymous.status(), method + " " + route.path() + " unsigned: " + anonymous.body());
                    continue;
                }
                if (route.access() == Access.PUBLIC) {
                    assertEquals(200, anonymous.status(), method + " " + route.path());
                    assertTrue(route.path().equals("/healthz") || route.path().equals("/readyz"), "only health checks are public");
                    continue;
                }
                assertEquals(401, anonymous.status(), method + " " + route.path() + " without a key: " + anonymous.body());
                if (route.path().startsWith("/inference/")) {
                    // The inference API answers in the OpenAI error shape its SDKs parse.
                    assertEquals("authentication_error", anonymous.json().path("error").path("type").asText(), route.path());
                } else {
                    assertEquals(16, anonymous.json().path("code").asInt());
                }
                Http.Response forged = Http.call(method, url, "fw_" + "x".repeat(32), body == null ? null : "application/json", body);
                assertEquals(401, forged.status(), method + " " + route.path() + " with a forged key");
            }
        }
    }
}
