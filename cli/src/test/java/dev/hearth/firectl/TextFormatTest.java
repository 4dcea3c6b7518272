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
    void deploymentLooksLikeTheDocsExampleWithGoDurations() throws Exception {
        JsonNode deployment = json("""
                {"name":"accounts/local/deployments/d1","createTime":"2030-01-01T00:00:00Z","expireTime":"2030-02-01T00:00:00Z",
                 "createdBy":"admin@local","state":"CREATING","status":{"code":"OK"},"minReplicaCount":0,"maxReplicaCount":1,
                 "desiredReplicaCount":0,"replicaCount":0,
                 "autoscalingPolicy":{"scaleUpWindow":"30s","scaleDownWindow":"300s","scaleToZeroWindow":"300s",
                                      "loadTargets":{"default":0.8}},
                 "baseModel":"accounts/fireworks/models/synthetic-tiny-chat","region":"US_IOWA_1"}""");

        assertEquals("""
                Name: accounts/local/deployments/d1
                Create Time: 2030-01-01T00:00:00Z
                Expire Time: 2030-02-01T00:00:00Z
                Created By: admin@local
                State: CREATING
                Status: OK
                Min Replica Count: 0
                Max Replica Count: 1
                Desired Replica Count: 0
                Replica Count: 0
                Autoscaling Policy:
                  Scale Up Window: 30s
                  Scale Down Window: 5m0s
                  Scale To Zero Window: 5m0s
                  Load Targets:
                    Default: 0.8
                Base Model: accounts/fireworks/models/synthetic-tiny-chat
                Region: US_IOWA_1
                """, TextFormat.render(Deployments.forText(deployment)));
        // Only the text view changes: the resource itself, which -o json prints, keeps the server's durations.
        assertEquals("300s", deployment.path("autoscalingPolicy").path("scaleDownWindow").asText());
    }

    @Test
    void serverDurationsPrintAsGoDoes() {
        assertEquals("1h0m0s", GoDuration.reformat("3600s"));
        assertEquals("1m30s", GoDuration.reformat("90s"));
        assertEquals("1.5s", GoDuration.reformat("1.5s"));
        assertEquals("0s", GoDuration.reformat("0s"));
        assertEquals("10m0s", GoDuration.reformat("10m0s"));
        assertEquals("soon", GoDuration.reformat("soon"));
        assertEquals("5400s", GoDuration.protobuf(GoDuration.parse("1h30m")));
        assertEquals("0.5s", GoDuration.protobuf(GoDuration.parse("500ms")));
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
