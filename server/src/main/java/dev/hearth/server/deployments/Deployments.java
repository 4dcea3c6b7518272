package dev.hearth.server.deployments;

import dev.hearth.api.DeployedModel;
import dev.hearth.api.Deployment;
import dev.hearth.server.auth.Principal;
import dev.hearth.server.auth.Role;
import dev.hearth.server.http.ApiError;
import dev.hearth.server.models.ModelNames;
import dev.hearth.server.models.ModelRow;
import dev.hearth.server.models.ModelStore;
import dev.hearth.server.models.Models;
import dev.hearth.server.resource.FieldMask;
import dev.hearth.server.resource.ListRequest;
import dev.hearth.server.resource.Lister;
import dev.hearth.server.resource.Page;
import dev.hearth.server.resource.ResourceIds;
import dev.hearth.server.resource.SqlCondition;
import dev.hearth.server.resource.Times;
import dev.hearth.server.store.Database;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The control plane of deployments and deployed models: validation and the stored state. The
 * {@link DeploymentController} acts on what is stored (replicas, add-ons, deletion) and is woken after each change.
 */
public final class Deployments {
    static final Set<String> ALL_FIELDS = Set.of("name", "displayName", "description", "createTime", "updateTime", "expireTime",
            "deleteTime", "purgeTime", "createdBy", "state", "status", "minReplicaCount", "maxReplicaCount",
            "desiredReplicaCount", "replicaCount", "replicaStats", "autoscalingPolicy", "baseModel", "acceleratorCount",
            "acceleratorType", "precision", "enableAddons", "enableSessionAffinity", "placement", "maxContextLength",
            "deploymentShape", "annotations");
    static final Set<String> DEPLOYED_MODEL_FIELDS = Set.of("name", "displayName", "description", "createTime", "updateTime",
            "model", "deployment", "default", "state", "serverless", "status", "public");
    /** What a PATCH may change in place; changing the model, hardware or placement needs a new deployment. */
    static final Set<String> MUTABLE = Set.of("displayName", "description", "expireTime", "minReplicaCount", "maxReplicaCount",
            "autoscalingPolicy", "autoscalingPolicy.scaleUpWindow", "autoscalingPolicy.scaleDownWindow",
            "autoscalingPolicy.scaleToZeroWindow", "autoscalingPolicy.loadTargets", "enableAddons", "enableSessionAffinity",
            "annotations", "precision", "maxContextLength", "deploymentShape");
    private static final Set<String> MASKABLE = union(ALL_FIELDS, MUTABLE);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * @param maxAddons         LoRA add-ons one deployment may hold
     * @param retention         how long a soft-deleted deployment can be undeleted before it is purged
     * @param recentUse         a delete without {@code ignoreChecks} is refused while the deployment served a request this recently
     * @param unusedDeleteAfter a deployment with {@code minReplicaCount} 0 is deleted after this long without requests
     *                          (the documented 7 days)
     */
    public record Limits(int maxAddons, Duration retention, Duration recentUse, Duration unusedDeleteAfter) {
        public static Limits defaults() {
            return new Limits(100, Duration.ofDays(7), Duration.ofMinutes(10), Duration.ofDays(7));
        }

        public Limits withMaxAddons(int value) {
            return new Limits(value, retention, recentUse, unusedDeleteAfter);
        }
    }

    private final Database db;
    private final Models models;
    private final InstantSource clock;
    private final Limits limits;
    private final Map<String, Integer> accelerators;
    private volatile Runnable onChange = () -> {};
    private volatile java.util.function.BiFunction<String, String, Long> lastRequest = (account, id) -> null;

    /** @param accelerators what the launcher can give a replica ({@link dev.hearth.server.runners.Launcher#accelerators()}) */
    public Deployments(Database db, Models models, InstantSource clock, Limits limits, Map<String, Integer> accelerators) {
        this.accelerators = Map.copyOf(accelerators);
        this.db = db;
        this.models = models;
        this.clock = clock;
        this.limits = limits;
    }

    /**
     * The controller registers here to act at once on every change, and to tell when a deployment last got a request
     * (it knows before the store does).
     */
    void attach(Runnable listener, java.util.function.BiFunction<String, String, Long> lastRequestOf) {
        this.onChange = listener;
        this.lastRequest = lastRequestOf;
    }

    Database db() {
        return db;
    }

    Limits limits() {
        return limits;
    }

    long now() {
        return Times.toMicros(clock.instant());
    }

    public DeploymentRow create(Principal caller, String requestedId, Deployment body, boolean validateOnly, boolean disableAutoDeploy) {
        requireWriter(caller, "create deployments");
        String id = requestedId == null || requestedId.isBlank() ? randomId() : ResourceIds.validate("deploymentId", requestedId);
        if (body.baseModel() == null || body.baseModel().isBlank()) {
            throw ApiError.invalid("baseModel", "is required: the model to deploy, e.g. accounts/fireworks/models/synthetic-tiny-chat");
        }
        Base base = base(caller, "baseModel", body.baseModel());
        rejectLiveMerge(base.row());
        DeploymentSpecs.Checked checked = DeploymentSpecs.check(body, base.row(), base.precisions(), base.row().name(), accelerators);
        long now = now();
        int desired = checked.max() == 0 ? 0 : Math.max(checked.min(), 1);
        DeploymentRow row = new DeploymentRow(caller.accountId(), id, nullToEmpty(body.displayName()),
                nullToEmpty(body.description()), DeploymentRow.CREATING, "OK", "", base.row().name(), caller.email(),
                checked.min(), checked.max(), desired, 0, 0, 1, checked.spec(), checked.expireTime(), null, null, null, now, now, 1);
        if (validateOnly) {
            return row;
        }
        db.jdbi().useTransaction(h -> {
            Database.insertUnique(() -> DeploymentStore.insert(h, row),
                    () -> ApiError.alreadyExists("deployment " + row.name() + " already exists"));
            if (!disableAutoDeploy) {
                boolean first = DeploymentStore.deploymentsOfModel(h, caller.accountId(), row.baseModel()).stream()
                        .noneMatch(DeployedModelRow::isDefault);
                DeploymentStore.insertDeployedModel(h, new DeployedModelRow(caller.accountId(), deployedModelId(base.row().modelId()),
                        row.baseModel(), id, "", "", first, false, DeployedModelRow.DEPLOYED, "OK", "", now, now, 1));
            }
            DeploymentStore.addEvent(h, row.accountId(), id, now, "CREATED", "created by " + caller.email() + " with "
                    + checked.min() + ".." + checked.max() + " replicas; starting " + desired);
        });
        onChange.run();
        return row;
    }

    public DeploymentRow get(Principal caller, String deploymentId) {
        return db.jdbi().withHandle(h -> own(h, caller, deploymentId));
    }

    public Page<DeploymentRow> list(Principal caller, ListRequest request, boolean showDeleted) {
        SqlCondition scope = showDeleted ? new SqlCondition("account_id = ?", List.of(caller.accountId()))
                : new SqlCondition("account_id = ? AND state <> ?", List.of(caller.accountId(), DeploymentRow.DELETED));
        return Lister.list(db.jdbi(), "deployments", scope, request, DeploymentStore.FIELDS, "create_time DESC",
                "deployment_id ASC", DeploymentStore.MAPPER, Boolean.toString(showDeleted));
    }

    public DeploymentRow update(Principal caller, String deploymentId, Deployment body, String updateMask) {
        requireWriter(caller, "modify deployments");
        FieldMask mask = FieldMask.parse("updateMask", updateMask, MASKABLE);
        if (!mask.isAll()) {
            for (String path : mask.paths()) {
                if (!MUTABLE.contains(path)) {
                    throw ApiError.invalid("updateMask", "field \"" + path + "\" cannot be changed in place; create a new "
                            + "deployment instead. Changeable: " + MUTABLE.stream().sorted().toList());
                }
            }
        } else if (body.baseModel() != null || body.placement() != null) {
            throw ApiError.invalid(body.baseModel() != null ? "baseModel" : "placement",
                    "cannot be changed in place; create a new deployment instead");
        }
        DeploymentRow before = get(caller, deploymentId);
        Base base = base(caller, "baseModel", before.baseModel());
        DeploymentRow updated = db.jdbi().inTransaction(h -> {
            DeploymentRow current = own(h, caller, deploymentId);
            if (current.version() != before.version()) {
                throw ApiError.aborted("deployment " + current.name() + " was changed concurrently; read it again and retry");
            }
            if (current.state().equals(DeploymentRow.DELETING) || current.state().equals(DeploymentRow.DELETED)) {
                throw ApiError.failedPrecondition("deployment " + current.name() + " is " + current.state() + "; undelete it first");
            }
            Deployment merged = merge(current, body, mask);
            DeploymentSpecs.Checked checked = DeploymentSpecs.check(merged, base.row(), base.precisions(), current.baseModel(), accelerators);
            if (!checked.spec().enableAddons() && DeploymentStore.deployedModelsOf(h, current.accountId(), deploymentId).stream()
                    .anyMatch(m -> !m.model().equals(current.baseModel()))) {
                throw ApiError.failedPrecondition("deployment " + current.name() + " has LoRA add-ons loaded; unload them before "
                        + "turning enableAddons off");
            }
            boolean roll = !java.util.Objects.equals(checked.spec().precision(), current.spec().precision())
                    || !java.util.Objects.equals(checked.spec().maxContextLength(), current.spec().maxContextLength())
                    || DeploymentSpecs.parallel(checked.spec()) != DeploymentSpecs.parallel(current.spec());
            int desired = Math.clamp(current.desiredReplicas(), checked.min(), checked.max());
            String state = roll && current.state().equals(DeploymentRow.READY) ? DeploymentRow.UPDATING : current.state();
            DeploymentRow next = new DeploymentRow(current.accountId(), deploymentId,
                    mask.includes("displayName") ? nullToEmpty(body.displayName()) : current.displayName(),
                    mask.includes("description") ? nullToEmpty(body.description()) : current.description(), state,
                    current.statusCode(), current.statusMessage(), current.baseModel(), current.createdBy(), checked.min(),
                    checked.max(), desired, current.replicaCount(), current.readyReplicas(),
                    current.generation() + (roll ? 1 : 0), checked.spec(), checked.expireTime(), null, null,
                    current.lastRequestTime(), current.createTime(), Math.max(now(), current.updateTime()), current.version() + 1);
            if (!DeploymentStore.update(h, next, current.version())) {
                throw ApiError.aborted("deployment " + current.name() + " was changed concurrently; read it again and retry");
            }
            DeploymentStore.addEvent(h, next.accountId(), deploymentId, next.updateTime(), "UPDATED", "updated by " + caller.email()
                    + (roll ? "; replicas are replaced with the new settings" : ""));
            return next;
        });
        onChange.run();
        return updated;
    }

    /** The stored spec as a request body, with the masked fields taken from {@code body} (all of them without a mask). */
    private static Deployment merge(DeploymentRow c, Deployment body, FieldMask mask) {
        Deployment s = c.spec();
        Deployment.AutoscalingPolicy p = s.autoscalingPolicy();
        Deployment.AutoscalingPolicy b = body.autoscalingPolicy();
        Deployment.AutoscalingPolicy policy;
        if (mask.includes("autoscalingPolicy")) {
            policy = b;
        } else {
            policy = new Deployment.AutoscalingPolicy(
                    mask.includes("autoscalingPolicy.scaleUpWindow") ? (b == null ? null : b.scaleUpWindow()) : p.scaleUpWindow(),
                    mask.includes("autoscalingPolicy.scaleDownWindow") ? (b == null ? null : b.scaleDownWindow()) : p.scaleDownWindow(),
                    mask.includes("autoscalingPolicy.scaleToZeroWindow") ? (b == null ? null : b.scaleToZeroWindow()) : p.scaleToZeroWindow(),
                    mask.includes("autoscalingPolicy.loadTargets") ? (b == null ? null : b.loadTargets()) : p.loadTargets());
        }
        if (!mask.isAll()) {
            DeploymentSpecs.rejectUnsupported(body);
        }
        return new Deployment(null, null, null, null, null,
                mask.includes("expireTime") ? body.expireTime() : Times.formatOrNull(c.expireTime()), null, null, null, null, null,
                mask.includes("minReplicaCount") ? body.minReplicaCount() : Integer.valueOf(c.minReplicas()),
                mask.includes("maxReplicaCount") ? body.maxReplicaCount() : Integer.valueOf(c.maxReplicas()), null, null, null,
                null, policy, null, mask.isAll() ? body.acceleratorCount() : null, mask.isAll() ? body.acceleratorType() : null,
                mask.includes("precision") ? body.precision() : s.precision(), mask.isAll() ? body.cluster() : null,
                mask.includes("enableAddons") ? body.enableAddons() : s.enableAddons(),
                mask.isAll() ? body.draftTokenCount() : null, mask.isAll() ? body.draftModel() : null,
                mask.isAll() ? body.ngramSpeculationLength() : null,
                mask.includes("enableSessionAffinity") ? body.enableSessionAffinity() : s.enableSessionAffinity(),
                mask.isAll() ? body.directRouteType() : null, mask.isAll() ? body.directRouteApiKeys() : null, null, null,
                mask.isAll() ? body.deploymentTemplate() : null, mask.isAll() ? body.autoTune() : null, s.placement(), null,
                mask.includes("maxContextLength") ? body.maxContextLength() : s.maxContextLength(),
                mask.isAll() ? body.disableDeploymentSizeValidation() : null, mask.isAll() ? body.enableMtp() : null,
                mask.isAll() ? body.pricingPlanId() : null, mask.isAll() ? body.enableHotLoad() : null,
                mask.isAll() ? body.hotLoadBucketType() : null, mask.isAll() ? body.hotLoadBucketUrl() : null,
                mask.isAll() ? body.enableHotReloadLatestAddon() : null,
                mask.includes("deploymentShape") ? body.deploymentShape() : s.deploymentShape(), null, null,
                mask.includes("annotations") ? body.annotations() : s.annotations());
    }

    /** Soft delete: DELETING until the replicas are stopped, then DELETED (undeletable until purged); hard removes it. */
    public void delete(Principal caller, String deploymentId, boolean hard, boolean ignoreChecks) {
        requireWriter(caller, "delete deployments");
        db.jdbi().useTransaction(h -> {
            DeploymentRow current = own(h, caller, deploymentId);
            if (current.state().equals(DeploymentRow.DELETED) && !hard) {
                throw ApiError.failedPrecondition("deployment " + current.name() + " is already deleted; purge it with hard=true");
            }
            long now = now();
            Long used = java.util.stream.Stream.of(current.lastRequestTime(), lastRequest.apply(current.accountId(), deploymentId))
                    .filter(java.util.Objects::nonNull).max(Long::compare).orElse(null);
            if (!ignoreChecks && used != null && now - used < limits.recentUse().toNanos() / 1000) {
                throw ApiError.failedPrecondition("deployment " + current.name() + " served requests within the last "
                        + ProtoDurations.human(limits.recentUse()) + "; delete it with ignoreChecks=true if it is no longer needed");
            }
            // A hard delete is marked by a purge time in the past; the controller stops the replicas and removes the row.
            Long purge = hard ? now : null;
            DeploymentRow next = current.withState(DeploymentRow.DELETING, "OK", "stopping replicas")
                    .withTimes(current.expireTime(), null, purge, current.lastRequestTime()).next(now);
            if (current.state().equals(DeploymentRow.DELETED)) {
                next = current.withTimes(current.expireTime(), current.deleteTime(), now, current.lastRequestTime()).next(now);
            }
            if (!DeploymentStore.update(h, next, current.version())) {
                throw ApiError.aborted("deployment " + current.name() + " was changed concurrently; retry");
            }
            DeploymentStore.addEvent(h, current.accountId(), deploymentId, now, "DELETING",
                    (hard ? "hard-deleted" : "deleted") + " by " + caller.email());
        });
        onChange.run();
    }

    public DeploymentRow undelete(Principal caller, String deploymentId) {
        requireWriter(caller, "undelete deployments");
        DeploymentRow row = db.jdbi().inTransaction(h -> {
            DeploymentRow current = own(h, caller, deploymentId);
            if (!current.state().equals(DeploymentRow.DELETED) && !current.state().equals(DeploymentRow.FAILED)) {
                throw ApiError.failedPrecondition("deployment " + current.name() + " is " + current.state()
                        + "; only DELETED or FAILED deployments can be undeleted");
            }
            if (current.purgeTime() != null && current.state().equals(DeploymentRow.DELETED) && current.purgeTime() <= now()) {
                throw ApiError.failedPrecondition("deployment " + current.name() + " is being purged");
            }
            long now = now();
            int desired = current.maxReplicas() == 0 ? 0 : Math.max(current.minReplicas(), 1);
            DeploymentRow next = new DeploymentRow(current.accountId(), deploymentId, current.displayName(), current.description(),
                    DeploymentRow.CREATING, "OK", "", current.baseModel(), current.createdBy(), current.minReplicas(),
                    current.maxReplicas(), desired, 0, 0, current.generation() + 1, current.spec(), current.expireTime(), null,
                    null, null, current.createTime(), Math.max(now, current.updateTime()), current.version() + 1);
            if (!DeploymentStore.update(h, next, current.version())) {
                throw ApiError.aborted("deployment " + current.name() + " was changed concurrently; retry");
            }
            DeploymentStore.addEvent(h, current.accountId(), deploymentId, now, "UNDELETED", "undeleted by " + caller.email());
            return next;
        });
        onChange.run();
        return row;
    }

    /** {@code :scale}: sets the replica count now; the autoscaler takes it from there. */
    public DeploymentRow scale(Principal caller, String deploymentId, Integer replicaCount) {
        requireWriter(caller, "scale deployments");
        if (replicaCount == null) {
            throw ApiError.invalid("replicaCount", "is required");
        }
        if (replicaCount < 0) {
            throw ApiError.invalid("replicaCount", "must be non-negative, got " + replicaCount);
        }
        DeploymentRow row = db.jdbi().inTransaction(h -> {
            DeploymentRow current = own(h, caller, deploymentId);
            if (!current.isLive()) {
                throw ApiError.failedPrecondition("deployment " + current.name() + " is " + current.state() + " and cannot be scaled");
            }
            if (replicaCount < current.minReplicas() || replicaCount > current.maxReplicas()) {
                throw ApiError.invalid("replicaCount", "must be between minReplicaCount (" + current.minReplicas()
                        + ") and maxReplicaCount (" + current.maxReplicas() + "), got " + replicaCount);
            }
            long now = now();
            DeploymentRow next = current.withReplicas(replicaCount, current.replicaCount(), current.readyReplicas()).next(now);
            if (!DeploymentStore.update(h, next, current.version())) {
                throw ApiError.aborted("deployment " + current.name() + " was changed concurrently; retry");
            }
            DeploymentStore.addEvent(h, current.accountId(), deploymentId, now, "SCALED", "scaled to " + replicaCount
                    + " replicas by " + caller.email());
            return next;
        });
        onChange.run();
        return row;
    }

    public List<DeploymentStore.Event> events(Principal caller, String deploymentId) {
        return db.jdbi().withHandle(h -> {
            own(h, caller, deploymentId);
            return DeploymentStore.events(h, caller.accountId(), deploymentId, 200);
        });
    }

    // ---- deployed models (LoRA add-ons) ----

    public DeployedModelRow load(Principal caller, DeployedModel body) {
        requireWriter(caller, "load models onto deployments");
        if (body.model() == null || body.model().isBlank()) {
            throw ApiError.invalid("model", "is required: the LoRA add-on to load, e.g. accounts/" + caller.accountId() + "/models/my-lora");
        }
        if (body.deployment() == null || body.deployment().isBlank()) {
            throw ApiError.invalid("deployment", "is required, e.g. accounts/" + caller.accountId() + "/deployments/my-deployment");
        }
        if (body.name() != null || body.state() != null || body.status() != null || body.createTime() != null
                || body.updateTime() != null || body.serverless() != null) {
            throw ApiError.invalid("deployedModel", "name, state, status, createTime, updateTime and serverless are set by the server");
        }
        rejectPublic(body);
        String deploymentId = deploymentId(caller, body.deployment());
        Base model = base(caller, "model", body.model());
        DeployedModelRow row = db.jdbi().inTransaction(h -> {
            DeploymentRow deployment = own(h, caller, deploymentId);
            if (!deployment.isLive()) {
                throw ApiError.failedPrecondition("deployment " + deployment.name() + " is " + deployment.state());
            }
            List<DeployedModelRow> onDeployment = DeploymentStore.deployedModelsOf(h, caller.accountId(), deploymentId);
            if (onDeployment.stream().anyMatch(m -> m.model().equals(model.row().name()))) {
                throw ApiError.alreadyExists("model " + model.row().name() + " is already deployed on " + deployment.name());
            }
            if (!model.row().name().equals(deployment.baseModel())) {
                checkAddon(deployment, model, onDeployment);
            }
            long now = now();
            boolean makeDefault = Boolean.TRUE.equals(body.isDefault())
                    || DeploymentStore.deploymentsOfModel(h, caller.accountId(), model.row().name()).stream().noneMatch(DeployedModelRow::isDefault);
            if (makeDefault) {
                clearDefault(h, caller.accountId(), model.row().name(), now);
            }
            boolean isBase = model.row().name().equals(deployment.baseModel());
            DeployedModelRow created = new DeployedModelRow(caller.accountId(), deployedModelId(model.row().modelId()),
                    model.row().name(), deploymentId, nullToEmpty(body.displayName()), nullToEmpty(body.description()), makeDefault,
                    Boolean.TRUE.equals(body.isPublic()), isBase ? DeployedModelRow.DEPLOYED : DeployedModelRow.DEPLOYING, "OK", "",
                    now, now, 1);
            DeploymentStore.insertDeployedModel(h, created);
            DeploymentStore.addEvent(h, caller.accountId(), deploymentId, now, "ADDON_LOADING", "loading " + model.row().name()
                    + " (requested by " + caller.email() + ")");
            return created;
        });
        onChange.run();
        return row;
    }

    /** Deployments serve only their own account here, so a deployed model cannot be opened to everyone. */
    private static void rejectPublic(DeployedModel body) {
        if (Boolean.TRUE.equals(body.isPublic())) {
            throw ApiError.invalid("public", "Hearth serves a deployment to its own account only; public deployed models are "
                    + "not supported");
        }
    }

    private void checkAddon(DeploymentRow deployment, Base model, List<DeployedModelRow> onDeployment) {
        ModelRow m = model.row();
        if (!m.isAdapter()) {
            throw ApiError.invalid("model", m.name() + " is not a LoRA add-on and is not the base model of " + deployment.name()
                    + " (" + deployment.baseModel() + "); deploy it on a deployment of its own");
        }
        if (!deployment.baseModel().equals(m.baseModel())) {
            throw ApiError.invalid("model", "LoRA add-on " + m.name() + " was trained for " + m.baseModel() + ", but "
                    + deployment.name() + " serves " + deployment.baseModel());
        }
        if (!Boolean.TRUE.equals(deployment.spec().enableAddons())) {
            throw ApiError.failedPrecondition("deployment " + deployment.name() + " does not have add-ons enabled; update it with "
                    + "enableAddons=true first");
        }
        if (model.precisions().isEmpty()) {
            throw ApiError.failedPrecondition("LoRA add-on " + m.name() + " has no converted adapter yet (" + m.state() + ")");
        }
        long addons = onDeployment.stream().filter(x -> !x.model().equals(deployment.baseModel())).count();
        if (addons >= limits.maxAddons()) {
            throw ApiError.failedPrecondition("deployment " + deployment.name() + " already holds " + addons
                    + " LoRA add-ons, the most this server allows per deployment (--max-addons-per-deployment " + limits.maxAddons()
                    + "); unload one first");
        }
    }

    public DeployedModelRow getDeployedModel(Principal caller, String id) {
        return db.jdbi().withHandle(h -> ownDeployedModel(h, caller, id));
    }

    public Page<DeployedModelRow> listDeployedModels(Principal caller, ListRequest request) {
        return Lister.list(db.jdbi(), "deployed_models", new SqlCondition("account_id = ?", List.of(caller.accountId())), request,
                DeploymentStore.DEPLOYED_MODEL_FIELDS, "create_time DESC", "deployed_model_id ASC",
                DeploymentStore.DEPLOYED_MODEL_MAPPER);
    }

    public DeployedModelRow updateDeployedModel(Principal caller, String id, DeployedModel body, String updateMask) {
        requireWriter(caller, "modify deployed models");
        Set<String> mutable = Set.of("displayName", "description", "default", "public");
        FieldMask mask = FieldMask.parse("updateMask", updateMask, DEPLOYED_MODEL_FIELDS);
        if (!mask.isAll()) {
            for (String path : mask.paths()) {
                if (!mutable.contains(path)) {
                    throw ApiError.invalid("updateMask", "field \"" + path + "\" cannot be updated; updatable: " + mutable);
                }
            }
        } else if (body.model() != null || body.deployment() != null) {
            throw ApiError.invalid(body.model() != null ? "model" : "deployment", "cannot be changed; unload it and load another");
        }
        if (mask.includes("public")) {
            rejectPublic(body);
        }
        return db.jdbi().inTransaction(h -> {
            DeployedModelRow current = ownDeployedModel(h, caller, id);
            long now = now();
            boolean makeDefault = mask.includes("default") ? Boolean.TRUE.equals(body.isDefault()) : current.isDefault();
            if (makeDefault && !current.isDefault()) {
                clearDefault(h, caller.accountId(), current.model(), now);
            }
            DeployedModelRow next = new DeployedModelRow(current.accountId(), id, current.model(), current.deploymentId(),
                    mask.includes("displayName") ? nullToEmpty(body.displayName()) : current.displayName(),
                    mask.includes("description") ? nullToEmpty(body.description()) : current.description(), makeDefault,
                    mask.includes("public") ? Boolean.TRUE.equals(body.isPublic()) : current.isPublic(), current.state(),
                    current.statusCode(), current.statusMessage(), current.createTime(), Math.max(now, current.updateTime()),
                    current.version() + 1);
            if (!DeploymentStore.updateDeployedModel(h, next, current.version())) {
                throw ApiError.aborted("deployed model " + current.name() + " was changed concurrently; retry");
            }
            return next;
        });
    }

    /** Unloads an add-on: UNDEPLOYING until every replica has dropped it, then gone. */
    public void unload(Principal caller, String id) {
        requireWriter(caller, "unload deployed models");
        db.jdbi().useTransaction(h -> {
            DeployedModelRow current = ownDeployedModel(h, caller, id);
            DeploymentRow deployment = own(h, caller, current.deploymentId());
            if (current.model().equals(deployment.baseModel())) {
                throw ApiError.failedPrecondition(current.name() + " is the base model of " + deployment.name()
                        + "; it goes when the deployment is deleted");
            }
            long now = now();
            if (current.isDefault()) {
                DeploymentStore.deploymentsOfModel(h, caller.accountId(), current.model()).stream()
                        .filter(m -> !m.deployedModelId().equals(id) && !m.state().equals(DeployedModelRow.UNDEPLOYING)).findFirst()
                        .ifPresent(other -> DeploymentStore.updateDeployedModel(h,
                                other.with(other.state(), other.statusCode(), other.statusMessage(), true, now), other.version()));
            }
            DeploymentStore.updateDeployedModel(h, current.with(DeployedModelRow.UNDEPLOYING, "OK", "unloading from the replicas",
                    false, now), current.version());
            DeploymentStore.addEvent(h, caller.accountId(), current.deploymentId(), now, "ADDON_UNLOADING", "unloading "
                    + current.model() + " (requested by " + caller.email() + ")");
        });
        onChange.run();
    }

    private static void clearDefault(Handle h, String accountId, String model, long now) {
        for (DeployedModelRow other : DeploymentStore.deploymentsOfModel(h, accountId, model)) {
            if (other.isDefault()) {
                DeploymentStore.updateDeployedModel(h, other.with(other.state(), other.statusCode(), other.statusMessage(), false, now),
                        other.version());
            }
        }
    }

    // ---- helpers ----

    /** A model the caller may deploy, with the precisions it is prepared in. */
    record Base(ModelRow row, List<String> precisions) {}

    private Base base(Principal caller, String field, String name) {
        ModelNames.Ref ref = ModelNames.parse(field, name, caller.accountId());
        Models.WithArtifacts found;
        try {
            found = models.getWithReadyArtifacts(caller, ref.accountId(), ref.modelId());
        } catch (ApiError e) {
            throw ApiError.invalid(field, "model " + ref.name() + " not found");
        }
        ModelRow row = found.row();
        if (!row.state().equals(ModelRow.READY)) {
            throw ApiError.failedPrecondition("model " + row.name() + " is " + row.state()
                    + (row.statusMessage().isEmpty() ? "" : " (" + row.statusMessage() + ")") + "; only READY models can be deployed");
        }
        if (row.sourceFormat().equals("ONNX")) {
            throw ApiError.invalid(field, row.name() + " is a built-in ONNX embedding model, served serverless only");
        }
        return new Base(row, found.ready().stream().map(ModelStore.ArtifactRow::precision).toList());
    }

    /** Deploying a LoRA add-on directly (live merge) is not supported: it is loaded onto a deployment of its base. */
    private static void rejectLiveMerge(ModelRow row) {
        if (row.isAdapter()) {
            throw ApiError.invalid("baseModel", row.name() + " is a LoRA add-on; deploy its base model " + row.baseModel()
                    + " with enableAddons=true and load the add-on with firectl load-lora (live-merge deployments are not supported)");
        }
    }

    static DeploymentRow own(Handle h, Principal caller, String deploymentId) {
        return DeploymentStore.find(h, caller.accountId(), deploymentId).orElseThrow(() -> ApiError.notFound(
                "deployment " + DeploymentRow.name(caller.accountId(), deploymentId) + " not found"));
    }

    private static DeployedModelRow ownDeployedModel(Handle h, Principal caller, String id) {
        return DeploymentStore.findDeployedModel(h, caller.accountId(), id).orElseThrow(() -> ApiError.notFound(
                "deployed model accounts/" + caller.accountId() + "/deployedModels/" + id + " not found"));
    }

    /** {@code accounts/A/deployments/D} (A must be the caller's account) or a bare {@code D}. */
    static String deploymentId(Principal caller, String value) {
        String[] parts = value.split("/", -1);
        if (parts.length == 1) {
            return ResourceIds.validate("deployment", value);
        }
        if (parts.length == 4 && parts[0].equals("accounts") && parts[2].equals("deployments")) {
            if (!parts[1].equals(caller.accountId())) {
                throw ApiError.notFound("deployment " + value + " not found");
            }
            return ResourceIds.validate("deployment", parts[3]);
        }
        throw ApiError.invalid("deployment", "\"" + value + "\" is not a deployment name; expected accounts/<account>/deployments/<id>");
    }

    private static String deployedModelId(String modelId) {
        return modelId + "-" + randomSuffix(8);
    }

    private static String randomId() {
        return "d" + randomSuffix(11);
    }

    private static String randomSuffix(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    static void requireWriter(Principal caller, String action) {
        if (caller.role() == Role.INFERENCE_USER) {
            throw ApiError.permissionDenied("role \"inference-user\" may not " + action);
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
