package dev.hearth.server.deployments;

import dev.hearth.api.Deployment;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.models.ModelRow;
import dev.hearth.server.resource.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a client's deployment configuration and fills in the documented defaults. What a CPU installation cannot
 * honour (accelerators it lacks, speculative decoding, direct routes, hot load, regions) is refused by field.
 */
final class DeploymentSpecs {
    static final Duration DEFAULT_SCALE_UP = Duration.ofSeconds(30);
    static final Duration DEFAULT_SCALE_DOWN = Duration.ofMinutes(10);
    static final Duration DEFAULT_SCALE_TO_ZERO = Duration.ofHours(1);
    static final Duration MAX_WINDOW = Duration.ofHours(1);
    static final Duration MIN_SCALE_TO_ZERO = Duration.ofMinutes(5);
    /** The precisions a deployment may ask for: the documented FP16 and the GGUF types a model can be prepared in. */
    static final Map<String, String> PRECISION_ALIASES = Map.of("FP16", "F16", "FP32", "F32");

    private DeploymentSpecs() {}

    /** The configuration a deployment keeps, checked against its base model and the shape it names. */
    record Checked(Deployment spec, int min, int max, Long expireTime) {}

    /** @param accelerators what the launcher can give a replica (type to most per replica); empty on CPU */
    static Checked check(Deployment body, ModelRow base, List<String> readyPrecisions, String baseModelName,
            Map<String, Integer> accelerators) {
        rejectUnsupported(body);
        checkHardware(body, accelerators);
        int min = body.minReplicaCount() == null ? 0 : body.minReplicaCount();
        if (min < 0) {
            throw ApiError.invalid("minReplicaCount", "must not be negative, got " + min);
        }
        int max = body.maxReplicaCount() == null ? Math.max(min, 1) : body.maxReplicaCount();
        if (max < 0) {
            throw ApiError.invalid("maxReplicaCount", "must not be negative, got " + max);
        }
        if (max < min) {
            throw ApiError.invalid("maxReplicaCount", "must be at least minReplicaCount (" + min + "), got " + max);
        }
        Shapes.Shape shape = body.deploymentShape() == null || body.deploymentShape().isBlank() ? null
                : Shapes.resolve("deploymentShape", body.deploymentShape(), baseModelName);
        Integer context = body.maxContextLength();
        if (context != null && context < 0) {
            throw ApiError.invalid("maxContextLength", "must not be negative, got " + context);
        }
        if ((context == null || context == 0) && shape != null && shape.contextPerSequence() > 0) {
            context = shape.contextPerSequence();
        }
        Integer modelContext = base.spec().contextLength();
        if (context != null && context > 0 && modelContext != null && context > modelContext) {
            throw ApiError.invalid("maxContextLength", "is " + context + " but " + base.name() + " has a context of " + modelContext
                    + " tokens");
        }
        String precision = precision(body.precision(), base, readyPrecisions);
        Long expire = expireTime(body.expireTime());
        if (body.displayName() != null && body.displayName().length() >= 64) {
            throw ApiError.invalid("displayName", "must be shorter than 64 characters");
        }
        if (body.description() != null && body.description().length() >= 1000) {
            throw ApiError.invalid("description", "must be shorter than 1000 characters");
        }
        Deployment.Placement placement = placement(body.placement());
        Deployment spec = new Deployment(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, policy(body.autoscalingPolicy(), min), null, null, null, precision, null,
                Boolean.TRUE.equals(body.enableAddons()), null, null, null, Boolean.TRUE.equals(body.enableSessionAffinity()),
                null, null, null, null, null, null, placement, null, context == null || context == 0 ? null : context, null,
                null, null, null, null, null, null, shape == null ? null : shape.versionName(), null, null,
                body.annotations() == null || body.annotations().isEmpty() ? null : Map.copyOf(body.annotations()));
        return new Checked(spec, min, max, expire);
    }

    /** The replica settings of a stored spec: sequences decoded together and context per sequence (0 = the model's). */
    static int parallel(Deployment spec) {
        if (spec.deploymentShape() == null) {
            return 4;
        }
        String id = spec.deploymentShape().replaceFirst("^accounts/[^/]+/deploymentShapes/", "").replaceFirst("/versions/.*$", "");
        return Shapes.find(id).map(Shapes.Shape::parallel).orElse(4);
    }

    static Autoscaler.Policy policy(Deployment spec, int min, int max) {
        Deployment.AutoscalingPolicy p = spec.autoscalingPolicy();
        return new Autoscaler.Policy(min, max, ProtoDurations.parse("autoscalingPolicy.scaleUpWindow", p.scaleUpWindow()),
                ProtoDurations.parse("autoscalingPolicy.scaleDownWindow", p.scaleDownWindow()),
                ProtoDurations.parse("autoscalingPolicy.scaleToZeroWindow", p.scaleToZeroWindow()), p.loadTargets());
    }

    private static Deployment.AutoscalingPolicy policy(Deployment.AutoscalingPolicy given, int min) {
        Duration up = window(given == null ? null : given.scaleUpWindow(), "scaleUpWindow", DEFAULT_SCALE_UP);
        Duration down = window(given == null ? null : given.scaleDownWindow(), "scaleDownWindow", DEFAULT_SCALE_DOWN);
        Duration toZero = window(given == null ? null : given.scaleToZeroWindow(), "scaleToZeroWindow", DEFAULT_SCALE_TO_ZERO);
        if (up.compareTo(MAX_WINDOW) > 0) {
            throw ApiError.invalid("autoscalingPolicy.scaleUpWindow", "must be at most 1h, got " + ProtoDurations.human(up));
        }
        if (down.compareTo(MAX_WINDOW) > 0) {
            throw ApiError.invalid("autoscalingPolicy.scaleDownWindow", "must be at most 1h, got " + ProtoDurations.human(down));
        }
        if (toZero.compareTo(MIN_SCALE_TO_ZERO) < 0) {
            throw ApiError.invalid("autoscalingPolicy.scaleToZeroWindow", "must be at least 5m, got " + ProtoDurations.human(toZero));
        }
        Map<String, Double> targets = new LinkedHashMap<>();
        if (given != null && given.loadTargets() != null) {
            for (var e : given.loadTargets().entrySet()) {
                String field = "autoscalingPolicy.loadTargets." + e.getKey();
                if (!Autoscaler.LOAD_KEYS.contains(e.getKey())) {
                    throw ApiError.invalid(field, "unknown load target; one of " + Autoscaler.LOAD_KEYS.stream().sorted().toList());
                }
                if (e.getValue() == null || !(e.getValue() > 0)) {
                    throw ApiError.invalid(field, "must be positive, got " + e.getValue());
                }
                if (e.getKey().equals("default") && e.getValue() > 1) {
                    throw ApiError.invalid(field, "is a fraction of a replica's capacity, between 0 and 1; got " + e.getValue());
                }
                targets.put(e.getKey(), e.getValue());
            }
        }
        if (targets.isEmpty()) {
            targets.put("default", 0.8);
        }
        return new Deployment.AutoscalingPolicy(ProtoDurations.format(up), ProtoDurations.format(down),
                ProtoDurations.format(toZero), Map.copyOf(targets));
    }

    private static Duration window(String value, String name, Duration fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        Duration d = ProtoDurations.parse("autoscalingPolicy." + name, value);
        if (d.isNegative()) {
            throw ApiError.invalid("autoscalingPolicy." + name, "must not be negative");
        }
        return d;
    }

    private static String precision(String requested, ModelRow base, List<String> ready) {
        if (requested == null || requested.isBlank() || requested.equals("PRECISION_UNSPECIFIED")) {
            String preferred = base.spec().baseModelDetails() == null ? null : base.spec().baseModelDetails().defaultPrecision();
            if (ready.isEmpty()) {
                throw ApiError.failedPrecondition("model " + base.name() + " has no prepared weights yet");
            }
            return ready.contains(preferred) ? preferred : ready.getFirst();
        }
        String upper = requested.strip().toUpperCase(Locale.ROOT);
        String gguf = PRECISION_ALIASES.getOrDefault(upper, upper);
        if (!ready.contains(gguf)) {
            throw ApiError.invalid("precision", "\"" + requested + "\" is not available for " + base.name() + "; it is prepared in "
                    + ready + (upper.startsWith("FP8") || upper.startsWith("FP4") || upper.equals("BF16") || upper.equals("NF4")
                            ? " (" + upper + " needs a GPU kernel this CPU installation does not have)"
                            : "; add one with firectl prepare-model " + base.name() + " --precision " + gguf));
        }
        return gguf;
    }

    private static Long expireTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiError.invalid("expireTime", "\"" + value + "\" is not an RFC 3339 timestamp such as 2026-12-31T00:00:00Z");
        }
        return Times.toMicros(at);
    }

    private static Deployment.Placement placement(Deployment.Placement p) {
        if (p == null) {
            return null;
        }
        int set = (p.region() != null ? 1 : 0) + (p.multiRegion() != null ? 1 : 0) + (p.regions() != null && !p.regions().isEmpty() ? 1 : 0);
        if (set > 1) {
            throw ApiError.invalid("placement", "set exactly one of region, multiRegion and regions");
        }
        if (p.multiRegion() != null && (p.multiRegion().equals("GLOBAL") || p.multiRegion().equals("MULTI_REGION_UNSPECIFIED"))) {
            return new Deployment.Placement(null, "GLOBAL", null);
        }
        if (set == 0) {
            return null;
        }
        throw ApiError.invalid(p.multiRegion() != null ? "placement.multiRegion" : p.region() != null ? "placement.region"
                : "placement.regions", "this Hearth installation runs in one place; placement may only be the GLOBAL multi-region");
    }

    /** Asking for an accelerator the launcher does not have is an error, never a silent CPU run. */
    private static void checkHardware(Deployment b, Map<String, Integer> accelerators) {
        String offered = accelerators.isEmpty() ? "its launcher runs replicas on CPU only, so leave it unset"
                : "its launcher offers " + accelerators;
        String type = b.acceleratorType();
        boolean typed = type != null && !type.isBlank() && !type.equals("ACCELERATOR_TYPE_UNSPECIFIED");
        if (typed && !accelerators.containsKey(type)) {
            throw ApiError.invalid("acceleratorType", "this Hearth installation has no " + type + " accelerators: " + offered);
        }
        int count = b.acceleratorCount() == null ? 0 : b.acceleratorCount();
        int most = typed ? accelerators.get(type) : 0;
        if (count < 0 || count > most) {
            throw ApiError.invalid("acceleratorCount", count + " is more than this installation can give a replica: " + offered);
        }
    }

    /** Fields that describe features this installation does not have are refused, never ignored. */
    static void rejectUnsupported(Deployment b) {
        unsupported("draftModel", b.draftModel() != null && !b.draftModel().isBlank(), "speculative decoding with a draft model");
        unsupported("draftTokenCount", b.draftTokenCount() != null && b.draftTokenCount() != 0, "speculative decoding");
        unsupported("ngramSpeculationLength", b.ngramSpeculationLength() != null && b.ngramSpeculationLength() != 0, "n-gram speculation");
        unsupported("enableMtp", Boolean.TRUE.equals(b.enableMtp()), "multi-token prediction");
        unsupported("directRouteType", b.directRouteType() != null && !b.directRouteType().equals("DIRECT_ROUTE_TYPE_UNSPECIFIED"),
                "direct routing (clients reach replicas through the gateway)");
        unsupported("directRouteApiKeys", b.directRouteApiKeys() != null && !b.directRouteApiKeys().isEmpty(), "direct routing");
        unsupported("enableHotLoad", Boolean.TRUE.equals(b.enableHotLoad()), "hot-loading weights from a bucket");
        unsupported("hotLoadBucketType", b.hotLoadBucketType() != null && !b.hotLoadBucketType().equals("BUCKET_TYPE_UNSPECIFIED"),
                "hot-loading weights from a bucket");
        unsupported("hotLoadBucketUrl", b.hotLoadBucketUrl() != null && !b.hotLoadBucketUrl().isBlank(), "hot-loading weights");
        unsupported("enableHotReloadLatestAddon", Boolean.TRUE.equals(b.enableHotReloadLatestAddon()),
                "hot-reloading add-ons merged into the base (load them with deployedModels instead)");
        unsupported("autoTune.longPrompt", b.autoTune() != null && Boolean.TRUE.equals(b.autoTune().longPrompt()),
                "long-prompt tuning (set maxContextLength instead)");
        unsupported("deploymentTemplate", b.deploymentTemplate() != null && !b.deploymentTemplate().isBlank(), "deployment templates");
        unsupported("cluster", b.cluster() != null && !b.cluster().isBlank(), "BYOC clusters");
        unsupported("pricingPlanId", b.pricingPlanId() != null && !b.pricingPlanId().isBlank(), "pricing plans");
        unsupported("maxWithRevocableReplicaCount", b.maxWithRevocableReplicaCount() != null && b.maxWithRevocableReplicaCount() != 0,
                "revocable capacity");
        unsupported("disableDeploymentSizeValidation", Boolean.TRUE.equals(b.disableDeploymentSizeValidation()),
                "skipping size validation");
        unsupported("activeModelVersion", b.activeModelVersion() != null, "model versions (use deploymentShape)");
        unsupported("targetModelVersion", b.targetModelVersion() != null, "model versions (use deploymentShape)");
        if (b.name() != null || b.state() != null || b.status() != null || b.createTime() != null || b.updateTime() != null
                || b.deleteTime() != null || b.purgeTime() != null || b.createdBy() != null || b.desiredReplicaCount() != null
                || b.replicaCount() != null || b.replicaStats() != null || b.region() != null || b.directRouteHandle() != null
                || b.numPeftDeviceCached() != null) {
            throw ApiError.invalid("deployment", "name, state, status, createTime, updateTime, deleteTime, purgeTime, createdBy, "
                    + "desiredReplicaCount, replicaCount, replicaStats, region, directRouteHandle and numPeftDeviceCached are set "
                    + "by the server");
        }
    }

    private static void unsupported(String field, boolean set, String feature) {
        if (set) {
            throw ApiError.invalid(field, "Hearth does not support " + feature + "; leave " + field + " unset");
        }
    }
}
