package dev.hearth.api;

import java.util.List;
import java.util.Map;

/**
 * {@code accounts/{account}/deployments/{id}}: dedicated replicas of one base model, kept at the right size by the
 * autoscaler. Durations are written as protobuf JSON durations ({@code "30s"}); Go forms ({@code "10m0s"}) are read too.
 * Fields Hearth cannot honour (speculative decoding, direct routes, hot load, MTP, long-prompt tuning) are accepted
 * only at their zero values; anything else is refused with a 400 that names the field.
 */
public record Deployment(
        String name,
        String displayName,
        String description,
        String createTime,
        String updateTime,
        String expireTime,
        String deleteTime,
        String purgeTime,
        String createdBy,
        String state,
        Status status,
        Integer minReplicaCount,
        Integer maxReplicaCount,
        Integer maxWithRevocableReplicaCount,
        Integer desiredReplicaCount,
        Integer replicaCount,
        ReplicaStats replicaStats,
        AutoscalingPolicy autoscalingPolicy,
        String baseModel,
        Integer acceleratorCount,
        String acceleratorType,
        String precision,
        String cluster,
        Boolean enableAddons,
        Integer draftTokenCount,
        String draftModel,
        Integer ngramSpeculationLength,
        Boolean enableSessionAffinity,
        String directRouteType,
        List<String> directRouteApiKeys,
        String directRouteHandle,
        Integer numPeftDeviceCached,
        String deploymentTemplate,
        AutoTune autoTune,
        Placement placement,
        String region,
        Integer maxContextLength,
        Boolean disableDeploymentSizeValidation,
        Boolean enableMtp,
        String pricingPlanId,
        Boolean enableHotLoad,
        String hotLoadBucketType,
        String hotLoadBucketUrl,
        Boolean enableHotReloadLatestAddon,
        String deploymentShape,
        String activeModelVersion,
        String targetModelVersion,
        Map<String, String> annotations) {

    public record AutoscalingPolicy(String scaleUpWindow, String scaleDownWindow, String scaleToZeroWindow,
            Map<String, Double> loadTargets) {}

    public record ReplicaStats(Integer pendingSchedulingReplicaCount, Integer downloadingModelReplicaCount,
            Integer initializingReplicaCount, Integer readyReplicaCount) {}

    public record Placement(String region, String multiRegion, List<String> regions) {}

    public record AutoTune(Boolean longPrompt) {}

    /** The body of {@code PATCH .../deployments/{id}:scale}. */
    public record ScaleRequest(Integer replicaCount) {}
}
