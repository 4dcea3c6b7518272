package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hearth.api.Json;
import org.junit.jupiter.api.Test;

class PrettyJsonTest {
    @Test
    void indentsWithoutPaddingEmptyContainers() throws Exception {
        String written = PrettyJson.write(Json.MAPPER.readTree("{\"users\":[],\"status\":{\"code\":\"OK\"},\"labels\":{}}"));

        assertEquals("""
                {
                  "users": [],
                  "status": {
                    "code": "OK"
                  },
                  "labels": {}
                }""", written);
    }

    @Test
    void emptyObjectIsBraces() throws Exception {
        assertEquals("{}", PrettyJson.write(Json.MAPPER.createObjectNode()));
    }
}
