package dev.hearth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.server.http.Access;
import dev.hearth.server.http.Route;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The served OpenAPI document lists exactly the routes the server has, with the right security. */
class OpenApiTest {
    @Test
    void documentMatchesTheRouteTable() {
        try (TestServer server = TestServer.start(TestDatabases.SQLITE)) {
            Http.Response response = Http.get(server.baseUrl() + "/openapi.json", server.adminKey());
            assertEquals(200, response.status());
            JsonNode doc = response.json();
            assertEquals("3.1.0", doc.path("openapi").asText());

            Set<String> documented = new TreeSet<>();
            Set<String> publicOps = new TreeSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                    Map.Entry<String, JsonNode> op = ops.next();
                    if (op.getKey().equals("parameters")) {
                        continue;
                    }
                    String id = op.getKey().toUpperCase() + " " + path.getKey();
                    documented.add(id);
                    assertTrue(op.getValue().hasNonNull("summary"), id + " has no summary");
                    assertTrue(op.getValue().has("responses"), id + " has no responses");
                    if (op.getValue().path("security").isArray() && op.getValue().path("security").isEmpty()) {
                        publicOps.add(id);
                    }
                }
            }
            Set<String> routed = new TreeSet<>();
            Set<String> publicRoutes = new TreeSet<>();
            for (Route route : server.server().routes().routes()) {
                String id = route.method().name() + " " + route.path();
                routed.add(id);
                if (route.access() == Access.PUBLIC || route.access() == Access.SIGNED) {
                    publicRoutes.add(id);
                }
            }
            assertEquals(routed, documented, "openapi.json and the route table disagree");
            assertEquals(publicRoutes, publicOps, "public operations must be exactly the public routes");
            assertTrue(doc.path("components").path("securitySchemes").has("BearerAuth"));
        }
    }
}
