package dev.hearth.firectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The deployment fields that {@code deployment create} sets and {@code deployment update} changes, one flag each.
 * Only the flags given are sent; the server refuses what it cannot honour.
 */
final class DeploymentFieldOptions {
    @Option(names = "--display-name", paramLabel = "string",
            description = "Human-readable name of the deployment. Must be fewer than 64 characters long.")
    String displayName;

    @Option(names = "--description", paramLabel = "string", description = "Description of the deployment.")
    String description;

    @Option(names = "--min-replica-count", paramLabel = "int32",
            description = "Minimum number of replicas for the deployment. If min-replica-count < max-replica-count the "
                    + "deployment will automatically scale between the two replica counts based on load.")
    Integer minReplicaCount;

    @Option(names = "--max-replica-count", paramLabel = "int32",
            description = "Maximum number of replicas for the deployment. If not specified, the server uses "
                    + "max(min-replica-count, 1).")
    Integer maxReplicaCount;

    @Option(names = "--scale-up-window", paramLabel = "duration", converter = GoDuration.class,
            description = "The duration the autoscaler will wait before scaling up a deployment after observing "
                    + "increased load. Default is 30s.")
    Duration scaleUpWindow;

    @Option(names = "--scale-down-window", paramLabel = "duration", converter = GoDuration.class,
            description = "The duration the autoscaler will wait before scaling down a deployment after observing "
                    + "decreased load. Default is 10m.")
    Duration scaleDownWindow;

    @Option(names = "--scale-to-zero-window", paramLabel = "duration", converter = GoDuration.class,
            description = "The duration after which there are no requests that the deployment will be scaled down to "
                    + "zero replicas, if min-replica-count is 0. Default 1h.")
    Duration scaleToZeroWindow;

    @Option(names = "--load-targets", paramLabel = "Map", split = ",", mapFallbackValue = "", hideParamSyntax = true,
            description = "Map of autoscaling load metric names to their target utilization factors, such as "
                    + "default=0.8 or requests_per_second=5,concurrent_requests=5.")
    Map<String, String> loadTargets;

    @Option(names = "--accelerator-type", paramLabel = "string",
            description = "The type of accelerator to use, such as NVIDIA_H100_80GB.")
    String acceleratorType;

    @Option(names = "--accelerator-count", paramLabel = "int32",
            description = "The number of accelerators to use per replica.")
    Integer acceleratorCount;

    @Option(names = "--precision", paramLabel = "string",
            description = "The precision with which the model is served, such as FP16, FP8 or BF16.")
    String precision;

    @Option(names = "--deployment-shape", paramLabel = "string",
            description = "The deployment shape to use for this deployment: a shape name "
                    + "(accounts/fireworks/deploymentShapes/SHAPE) or a shorthand such as fast, throughput or cost.")
    String deploymentShape;

    @Option(names = "--enable-addons", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "If true, enable addons (LoRA models loaded with load-lora) for this deployment.")
    Boolean enableAddons;

    @Option(names = "--enable-session-affinity", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "If true, does sticky routing based on the 'user' field.")
    Boolean enableSessionAffinity;

    @Option(names = "--max-context-length", paramLabel = "int32",
            description = "The maximum context length supported by the model (context window). If not specified, "
                    + "the model's default maximum context length will be used.")
    Integer maxContextLength;

    @Option(names = "--expire-time", paramLabel = "string", converter = ExpireTimeConverter.class,
            description = "If specified, the time at which the deployment will automatically be deleted. "
                    + "Specified in YYYY-MM-DD[ HH:MM:SS] format (UTC).")
    Instant expireTime;

    @Option(names = "--draft-model", paramLabel = "string",
            description = "The draft model to use for speculative decoding: a model ID of your account, or a full "
                    + "name (accounts/other-account/models/falcon-7b).")
    String draftModel;

    @Option(names = "--draft-token-count", paramLabel = "int32",
            description = "The number of tokens to generate per step for speculative decoding.")
    Integer draftTokenCount;

    @Option(names = "--ngram-speculation-length", paramLabel = "int32",
            description = "The length of previous input sequence to be considered for N-gram speculation.")
    Integer ngramSpeculationLength;

    @Option(names = "--enable-mtp", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "If true, enable multi-token prediction for this deployment.")
    Boolean enableMtp;

    @Option(names = "--long-prompt", arity = "0..1", paramLabel = "bool", fallbackValue = "true",
            description = "Whether this deployment is optimized for long prompts.")
    Boolean longPrompt;

    @Option(names = "--direct-route-type", paramLabel = "string",
            description = "If set, this deployment will expose an endpoint that bypasses the API gateway. "
                    + "One of INTERNET, GCP_PRIVATE_SERVICE_CONNECT, AWS_PRIVATELINK.")
    String directRouteType;

    @Option(names = "--direct-route-api-keys", paramLabel = "stringArray",
            description = "The API keys for the direct route. Repeat the flag for several keys.")
    List<String> directRouteApiKeys;

    /**
     * The flags given, as deployment fields in the order the server writes them; each one's camelCase field path
     * ({@code minReplicaCount}, {@code autoscalingPolicy.scaleUpWindow}) is added to {@code mask}. A short
     * {@code --draft-model} ID is completed with {@code account}, which is asked for only then.
     */
    ObjectNode fields(List<String> mask, Supplier<String> account) {
        ObjectNode deployment = Json.MAPPER.createObjectNode();
        put(deployment, mask, "displayName", displayName);
        put(deployment, mask, "description", description);
        put(deployment, mask, "expireTime", expireTime == null ? null : expireTime.toString());
        put(deployment, mask, "minReplicaCount", minReplicaCount);
        put(deployment, mask, "maxReplicaCount", maxReplicaCount);
        put(deployment, mask, "autoscalingPolicy.scaleUpWindow", protobuf(scaleUpWindow));
        put(deployment, mask, "autoscalingPolicy.scaleDownWindow", protobuf(scaleDownWindow));
        put(deployment, mask, "autoscalingPolicy.scaleToZeroWindow", protobuf(scaleToZeroWindow));
        put(deployment, mask, "autoscalingPolicy.loadTargets", loadTargets == null ? null : loadTargets(loadTargets));
        put(deployment, mask, "acceleratorCount", acceleratorCount);
        put(deployment, mask, "acceleratorType", upper(acceleratorType));
        put(deployment, mask, "precision", upper(precision));
        put(deployment, mask, "enableAddons", enableAddons);
        put(deployment, mask, "draftTokenCount", draftTokenCount);
        put(deployment, mask, "draftModel", draftModel == null ? null
                : ResourceName.parse(draftModel, "models", account).fullName("models"));
        put(deployment, mask, "ngramSpeculationLength", ngramSpeculationLength);
        put(deployment, mask, "enableSessionAffinity", enableSessionAffinity);
        put(deployment, mask, "directRouteType", upper(directRouteType));
        put(deployment, mask, "directRouteApiKeys", directRouteApiKeys);
        put(deployment, mask, "autoTune.longPrompt", longPrompt);
        put(deployment, mask, "maxContextLength", maxContextLength);
        put(deployment, mask, "enableMtp", enableMtp);
        put(deployment, mask, "deploymentShape", deploymentShape);
        return deployment;
    }

    /** {@code default=0.8,requests_per_second=5} as {@code {"default": 0.8, "requests_per_second": 5.0}}. */
    static ObjectNode loadTargets(Map<String, String> targets) {
        ObjectNode map = Json.MAPPER.createObjectNode();
        targets.forEach((metric, target) -> {
            String key = metric.strip();
            if (key.isEmpty() || target.isBlank()) {
                throw new UsageException("--load-targets: give each target as METRIC=VALUE, such as default=0.8");
            }
            try {
                map.put(key, Double.parseDouble(target.strip()));
            } catch (NumberFormatException e) {
                throw new UsageException("--load-targets: the target of " + key + " must be a number, got \"" + target + "\"");
            }
        });
        return map;
    }

    /** Sets {@code value} at a dotted {@code path}, creating the messages on the way, and records the path. */
    static void put(ObjectNode resource, List<String> mask, String path, Object value) {
        if (value == null) {
            return;
        }
        setPath(resource, path, Json.MAPPER.valueToTree(value));
        mask.add(path);
    }

    /** Sets the field at a dotted path; a message on the way that is missing or not an object is replaced. */
    static void setPath(ObjectNode resource, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode parent = resource;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            parent = child instanceof ObjectNode object ? object : parent.putObject(parts[i]);
        }
        parent.set(parts[parts.length - 1], value);
    }

    static JsonNode getPath(JsonNode resource, String path) {
        JsonNode node = resource;
        for (String part : path.split("\\.")) {
            node = node.path(part);
        }
        return node;
    }

    private static String protobuf(Duration duration) {
        return duration == null ? null : GoDuration.protobuf(duration);
    }

    private static String upper(String value) {
        return value == null ? null : value.strip().toUpperCase(Locale.ROOT);
    }
}
