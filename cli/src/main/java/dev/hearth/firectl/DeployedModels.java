package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Locale;

/** What {@code --wait} waits for on a deployed model (a LoRA loaded on a deployment). */
final class DeployedModels {
    private DeployedModels() {}

    /**
     * Until the deployed model is DEPLOYED. A status other than OK whose message starts with "failed" (the server's
     * word for a load that will not happen) ends the wait with that message.
     */
    static JsonNode untilDeployed(CommandContext context, ResourceName name, Duration timeout) {
        return context.waiter().until(() -> context.call(ApiRequest.get(ApiPaths.deployedModel(name))),
                deployed -> deployed.path("state").asText("").equals("DEPLOYED"), DeployedModels::failure,
                Deployments::describe, timeout, "deployed model " + name.fullName("deployedModels") + " to be DEPLOYED");
    }

    /** Until reading the deployed model answers 404. */
    static JsonNode untilGone(CommandContext context, ResourceName name, Duration timeout) {
        return context.waiter().until(Deployments.orMissing(() -> context.call(ApiRequest.get(ApiPaths.deployedModel(name)))),
                JsonNode::isMissingNode, deployed -> null, Deployments::describe, timeout,
                "deployed model " + name.fullName("deployedModels") + " to be unloaded");
    }

    private static String failure(JsonNode deployed) {
        String code = deployed.path("status").path("code").asText("");
        String message = deployed.path("status").path("message").asText("");
        if (code.isEmpty() || code.equals("OK") || !message.toLowerCase(Locale.ROOT).startsWith("failed")) {
            return null;
        }
        return "deployed model " + deployed.path("name").asText() + " did not load: " + TextFormat.status(deployed.path("status"));
    }
}
