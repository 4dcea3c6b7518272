package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFormatTest {
    private static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void labelsAreTitleCase() {
        assertEquals("Create Time", TextFormat.label("createTime"));
        assertEquals("Key Id", TextFormat.label("keyId"));
        assertEquals("Service Account", TextFormat.label("serviceAccount"));
        assertEquals("Name", TextFormat.label("name"));
    }

    @Test
    void fieldsPrintInOrderAndEmptyOnesAreLeftOut() throws Exception {
        JsonNode user = json("""
                {"name":"accounts/a/users/u","displayName":"","email":"u@x.test","serviceAccount":false,
                 "state":"READY","status":{"code":"OK"},"etag":null,"tags":[]}""");

        assertEquals("""
                Name: accounts/a/users/u
                Email: u@x.test
                Service Account: false
                State: READY
                Status: OK
                """, TextFormat.render(user));
    }

    @Test
    void statusWithAMessage() throws Exception {
        assertEquals("Status: FAILED_PRECONDITION: not ready\n",
                TextFormat.render(json("{\"status\":{\"code\":\"FAILED_PRECONDITION\",\"message\":\"not ready\"}}")));
    }

    @Test
    void nestedMessagesAreIndented() throws Exception {
        JsonNode deployment = json("""
                {"state":"CREATING","autoscalingPolicy":{"scaleUpWindow":"30s","scaleDownWindow":"5m0s"},"minReplicaCount":0}""");

        assertEquals("""
                State: CREATING
                Autoscaling Policy:
                  Scale Up Window: 30s
                  Scale Down Window: 5m0s
                Min Replica Count: 0
                """, TextFormat.render(deployment));
    }

    @Test
    void repeatedMessagesLookLikeTheDocs() throws Exception {
        JsonNode model = json("""
                {"deployedModelRefs":[{"name":"accounts/a/deployedModels/d1","state":"DEPLOYED","default":true},
                                      {"name":"accounts/a/deployedModels/d2"}],
                 "tunable":true}""");

        assertEquals("""
                Deployed Model Refs:
                  [{
                    Name: accounts/a/deployedModels/d1
                    State: DEPLOYED
                    Default: true
                  },
                  {
                    Name: accounts/a/deployedModels/d2
                  },
                ]
                Tunable: true
                """, TextFormat.render(model));
    }

    @Test
    void repeatedScalarsOnOneLine() throws Exception {
        assertEquals("Regions: [US_IOWA_1, EU_FRANKFURT_1]\n",
                TextFormat.render(json("{\"regions\":[\"US_IOWA_1\",\"EU_FRANKFURT_1\"]}")));
    }

    @Test
    void tableAlignsColumnsUnderUpperCaseHeaders() throws Exception {
        JsonNode users = json("""
                [{"name":"accounts/a/users/admin","email":"admin@a","role":"admin","serviceAccount":false},
                 {"name":"accounts/a/users/ci","email":"ci@a.sa","role":"user","serviceAccount":true,"createTime":"2030-01-01T00:00:00Z"}]""");

        assertEquals("""
                NAME                     EMAIL     ROLE    SERVICE ACCOUNT   CREATE TIME
                accounts/a/users/admin   admin@a   admin   false
                accounts/a/users/ci      ci@a.sa   user    true              2030-01-01T00:00:00Z
                """,
                TableFormat.render(users, List.of("name", "email", "role", "serviceAccount", "createTime")));
    }

    @Test
    void flagsAreKebabCaseAndShellQuoted() throws Exception {
        JsonNode user = json("""
                {"name":"accounts/a/users/u","displayName":"Alice O'Hara","serviceAccount":true,"status":{"code":"OK"},"etag":""}""");

        assertEquals("""
                --name=accounts/a/users/u
                --display-name='Alice O'\\''Hara'
                --service-account=true
                """, FlagFormat.render(user));
    }
}
