package dev.hearth.firectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WaiterTest {
    private final AtomicLong now = new AtomicLong();
    private final List<Duration> sleeps = new ArrayList<>();
    private final Waiter waiter = new Waiter(Duration.ofSeconds(1), duration -> {
        sleeps.add(duration);
        now.addAndGet(duration.toNanos());
    }, now::get);

    private static JsonNode model(String state, String message) {
        ObjectNode model = Json.MAPPER.createObjectNode().put("name", "accounts/a/models/m").put("state", state);
        model.putObject("status").put("code", message == null ? "OK" : "INVALID_ARGUMENT").put("message", message);
        return model;
    }

    private JsonNode waitFor(Iterator<JsonNode> readings, Duration timeout) {
        return waiter.until(readings::next, m -> m.path("state").asText().equals("READY"),
                m -> m.path("state").asText().equals("FAILED") ? "failed: " + TextFormat.status(m.path("status")) : null,
                m -> m.path("state").asText(), timeout, "model m to be READY");
    }

    @Test
    void pollsUntilDone() {
        JsonNode ready = model("READY", null);
        assertEquals(ready, waitFor(List.of(model("UPLOADING", null), model("UPLOADING", null), ready).iterator(), Duration.ofMinutes(1)));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void aFailureEndsTheWaitWithItsReason() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> waitFor(
                List.of(model("UPLOADING", null), model("FAILED", "config.json: no architectures")).iterator(), Duration.ofMinutes(1)));
        assertEquals("failed: INVALID_ARGUMENT: config.json: no architectures", e.getMessage());
    }

    @Test
    void theTimeoutNamesTheGoalAndTheLastState() {
        Iterator<JsonNode> forever = new Iterator<>() {
            public boolean hasNext() {
                return true;
            }

            public JsonNode next() {
                return model("UPLOADING", null);
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> waitFor(forever, Duration.ofMillis(2500)));
        assertEquals("timed out after 2.5s waiting for model m to be READY; it is UPLOADING", e.getMessage());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(500)), sleeps);
    }
}
