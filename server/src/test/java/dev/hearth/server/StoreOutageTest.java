package dev.hearth.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.TcpProxy;
import dev.hearth.server.testing.TestDatabases;
import dev.hearth.server.testing.TestServer;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** PostgreSQL going away under a running server: requests get 503 UNAVAILABLE, never a stack trace. */
class StoreOutageTest {
    @Test
    void aLostDatabaseIs503() throws Exception {
        String schemaUrl = TestDatabases.newPostgresSchema();
        try (TcpProxy proxy = TcpProxy.to("127.0.0.1", 5432)) {
            String viaProxy = schemaUrl.replace("127.0.0.1:5432", "127.0.0.1:" + proxy.port());
            try (TestServer server = TestServer.start(Files.createTempDirectory("hearth-outage-"), viaProxy)) {
                String users = server.baseUrl() + "/v1/accounts/local/users";
                assertEquals(200, Http.get(users, server.adminKey()).status());

                proxy.close();
                Http.Response during = Http.get(users, server.adminKey());
                assertEquals(503, during.status(), during.body());
                assertEquals(14, during.json().path("code").asInt());
                assertFalse(during.body().contains("Exception") || during.body().contains("\tat "), during.body());
                assertEquals(503, Http.get(server.baseUrl() + "/readyz", null).status());
                assertEquals(200, Http.get(server.baseUrl() + "/healthz", null).status());
            }
        } finally {
            TestDatabases.dropPostgresSchema(schemaUrl);
        }
    }
}
