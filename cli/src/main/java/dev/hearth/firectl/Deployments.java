package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.ApiException;
import dev.hearth.api.Json;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/** What the deployment commands share: {@code --region}, the text view of a deployment, and what {@code --wait} waits for. */
final class Deployments {
    static final List<String> LIST_COLUMNS = List.of("name", "displayName", "baseModel", "state", "replicaCount", "createTime");

    private static final int NOT_FOUND = 404;
    private static final Set<String> MULTI_REGIONS = Set.of("GLOBAL", "US", "EUROPE", "APAC");
    private static final List<String> DURATIONS = List.of("scaleUpWindow", "scaleDownWindow", "scaleToZeroWindow");

    private Deployments() {}

    /**
     * {@code --region}: {@code global} or a region group ({@code us}, {@code europe}, {@code apac}) is a multi-region
     * placement; anything else names one region, {@code us-iowa-1} as {@code US_IOWA_1}.
     */
    static ObjectNode placement(String region) {
        String value = region.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (value.isEmpty()) {
            throw new UsageException("--region: give global, a region group (us, europe, apac) or a region such as us-iowa-1");
        }
        ObjectNode placement = Json.MAPPER.createObjectNode();
        placement.put(MULTI_REGIONS.contains(value) ? "multiRegion" : "region", value);
        return placement;
    }

    /** The deployment as text output shows it: the autoscaling windows in Go's format ({@code 300s} as {@code 5m0s}). */
    static JsonNode forText(JsonNode deployment) {
        if (!(deployment.path("autoscalingPolicy") instanceof ObjectNode)) {
            return deployment;
        }
        ObjectNode copy = deployment.deepCopy();
        ObjectNode policy = (ObjectNode) copy.get("autoscalingPolicy");
        for (String field : DURATIONS) {
            if (policy.path(field).isTextual()) {
                policy.put(field, GoDuration.reformat(policy.get(field).textValue()));
            }
        }
        return copy;
    }

    /** Until the deployment is READY; FAILED ends the wait with the server's reason. */
    static JsonNode untilReady(CommandContext context, ResourceName name, Duration timeout) {
        return context.waiter().until(() -> context.call(ApiRequest.get(ApiPaths.deployment(name))),
                deployment -> state(deployment).equals("READY"), Deployments::failure, Deployments::describe, timeout,
                "deployment " + name.fullName("deployments") + " to be READY");
    }

    /** Until the deployment is DELETED, or gone (404), which is what a hard delete ends in. */
    static JsonNode untilDeleted(CommandContext context, ResourceName name, boolean hard, Duration timeout) {
        return context.waiter().until(orMissing(() -> context.call(ApiRequest.get(ApiPaths.deployment(name)))),
                deployment -> deployment.isMissingNode() || !hard && state(deployment).equals("DELETED"),
                Deployments::failure, Deployments::describe, timeout,
                "deployment " + name.fullName("deployments") + (hard ? " to be gone" : " to be DELETED"));
    }

    /** A read that gives a missing node for a 404 instead of failing. */
    static Supplier<JsonNode> orMissing(Supplier<JsonNode> read) {
        return () -> {
            try {
                return read.get();
            } catch (ApiException e) {
                if (e.httpStatus() == NOT_FOUND) {
                    return MissingNode.getInstance();
                }
                throw e;
            }
        };
    }

    private static String state(JsonNode deployment) {
        return deployment.path("state").asText("");
    }

    private static String failure(JsonNode deployment) {
        if (!state(deployment).equals("FAILED")) {
            return null;
        }
        return "deployment " + deployment.path("name").asText() + " is FAILED: " + TextFormat.status(deployment.path("status"));
    }

    static String describe(JsonNode resource) {
        if (resource.isMissingNode()) {
            return "gone";
        }
        String status = resource.path("status").path("message").asText("");
        return resource.path("state").asText("in no state") + (status.isEmpty() ? "" : " (" + status + ")");
    }
}
