package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code --wait} waits for on a model: READY, or a prepared precision; FAILED (or, for a precision, the failure
 * the server reports in the status of the still READY model) ends the wait with the reason.
 */
final class ModelWait {
    private ModelWait() {}

    static JsonNode untilReady(CommandContext context, ResourceName name, Duration timeout) {
        return context.waiter().until(() -> context.call(ApiRequest.get(ApiPaths.model(name))),
                model -> state(model).equals("READY"), ModelWait::failure, ModelWait::describe, timeout,
                "model " + name.fullName("models") + " to be READY");
    }

    /** Until {@code supportedPrecisions} lists the precision (FP16 is F16, as the server reads it). */
    static JsonNode untilPrecision(CommandContext context, ResourceName name, String precision, Duration timeout) {
        String wanted = precision.strip().toUpperCase(Locale.ROOT).equals("FP16") ? "F16" : precision.strip().toUpperCase(Locale.ROOT);
        return context.waiter().until(() -> context.call(ApiRequest.get(ApiPaths.model(name))),
                model -> precisions(model).contains(wanted),
                model -> preparationFailure(model, wanted), ModelWait::describe, timeout,
                "model " + name.fullName("models") + " to be prepared as " + wanted);
    }

    private static List<String> precisions(JsonNode model) {
        List<String> precisions = new ArrayList<>();
        model.path("supportedPrecisions").forEach(p -> precisions.add(p.asText()));
        return precisions;
    }

    private static String state(JsonNode model) {
        return model.path("state").asText("");
    }

    private static String failure(JsonNode model) {
        if (!state(model).equals("FAILED")) {
            return null;
        }
        return "model " + model.path("name").asText() + " is FAILED: " + TextFormat.status(model.path("status"));
    }

    /** The server keeps a model READY when adding a precision fails, and says so in its status. */
    private static String preparationFailure(JsonNode model, String precision) {
        String message = model.path("status").path("message").asText("");
        if (message.startsWith("preparing " + precision + " failed: ")) {
            return "model " + model.path("name").asText() + ": " + message;
        }
        return failure(model);
    }

    private static String describe(JsonNode model) {
        String status = model.path("status").path("message").asText("");
        return state(model) + (status.isEmpty() ? "" : " (" + status + ")");
    }
}
