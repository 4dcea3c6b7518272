package dev.hearth.server.deployments;

import dev.hearth.server.blobs.BlobStore;
import dev.hearth.server.models.ModelNames;
import dev.hearth.server.models.ModelRow;
import dev.hearth.server.models.ModelStore;
import dev.hearth.server.resource.Times;
import dev.hearth.server.runners.Launcher;
import dev.hearth.server.runners.Lease;
import dev.hearth.server.runners.RunnerConfig;
import dev.hearth.server.runners.RunnerSpec;
import dev.hearth.server.runners.RunnerState;
import dev.hearth.server.runners.SupervisedRunner;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every deployment at the size its autoscaler wants: starts, health-checks (through {@link SupervisedRunner}),
 * drains and stops replicas, rolls them after an update, loads and unloads LoRA add-ons, and carries out deletes and
 * expiry. It works from the store on every pass (each {@code tick}, and at once after each change), so after a server
 * restart it brings every live deployment back to its stored size. All changes to replicas happen on one thread.
 */
public final class DeploymentController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeploymentController.class);

    /**
     * @param tick         how often the controller samples load and reconciles (default 1 s)
     * @param drainTimeout the longest a draining replica may keep finishing requests before it is stopped anyway
     */
    public record Settings(Duration tick, Duration drainTimeout) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(1), Duration.ofMinutes(10));
        }
    }

    /** Where a request to a deployment goes: the deployment, the model asked for, and the add-on (null for the base). */
    public record Route(String accountId, String deploymentId, String model, String adapter, boolean sessionAffinity) {}

    private final Deployments deployments;
    private final BlobStore blobs;
    private final Launcher launcher;
    private final RunnerConfig runnerConfig;
    private final InstantSource clock;
    private final Settings settings;
    private final ScheduledThreadPoolExecutor executor;
    private final HttpClient http;
    private final Map<String, DeploymentRuntime> runtimes = new ConcurrentHashMap<>();
    /** account + '\0' + model name to its default deployed model; rebuilt on every pass. */
    private volatile Map<String, DeployedModelRow> defaults = Map.of();
    private volatile Map<String, DeployedModelRow> deployedModels = Map.of();
    private final AtomicBoolean passQueued = new AtomicBoolean();
    private final AddonSync addons;
    private volatile boolean closed;

    public DeploymentController(Deployments deployments, BlobStore blobs, Launcher launcher, RunnerConfig runnerConfig,
            InstantSource clock, Settings settings) {
        this.deployments = deployments;
        this.blobs = blobs;
        this.launcher = launcher;
        this.runnerConfig = runnerConfig;
        this.clock = clock;
        this.settings = settings;
        this.executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "deployment-controller");
            t.setDaemon(true);
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
        this.addons = new AddonSync(deployments, blobs, http, clock, this::event, this::wake);
        deployments.attach(this::wake, (account, id) -> {
            DeploymentRuntime rt = runtimes.get(account + "/" + id);
            return rt == null ? null : rt.lastRequest;
        });
    }

    /** Starts the periodic passes; the first one brings back the replicas of every live deployment. */
    public void start() {
        executor.scheduleWithFixedDelay(this::passQuietly, 0, settings.tick().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs a pass soon (coalesced): after an API change, a replica state change, or a request to a cold deployment. */
    void wake() {
        if (!closed && passQueued.compareAndSet(false, true)) {
            executor.execute(this::passQuietly);
        }
    }

    private synchronized void passQuietly() {
        passQueued.set(false);
        if (closed) {
            return;
        }
        try {
            pass();
        } catch (RuntimeException e) {
            LOG.warn("deployment controller pass failed; retrying on the next tick", e);
        }
    }

    // ---- routing (called by the gateway on request threads) ----

    public Optional<Route> byDeployment(String accountId, String deploymentId, String model) {
        DeploymentRuntime rt = runtimes.get(accountId + "/" + deploymentId);
        if (rt == null || !rt.row.isLive() && !rt.row.state().equals(DeploymentRow.FAILED)) {
            return Optional.empty();
        }
        DeploymentRow row = rt.row;
        if (model == null || model.equals(row.baseModel())) {
            return Optional.of(new Route(accountId, deploymentId, row.baseModel(), null, affinity(row)));
        }
        boolean loaded = deployedModels.values().stream().anyMatch(m -> m.accountId().equals(accountId)
                && m.deploymentId().equals(deploymentId) && m.model().equals(model) && !m.state().equals(DeployedModelRow.UNDEPLOYING));
        return loaded ? Optional.of(new Route(accountId, deploymentId, model, model, affinity(row))) : Optional.empty();
    }

    public Optional<Route> byDeployedModel(String accountId, String deployedModelId) {
        DeployedModelRow m = deployedModels.get(accountId + "/" + deployedModelId);
        return m == null ? Optional.empty() : byDeployment(accountId, m.deploymentId(), m.model());
    }

    /** A bare model name goes to the caller's default deployed model of it, if there is one. */
    public Optional<Route> defaultFor(String accountId, String model) {
        DeployedModelRow m = defaults.get(accountId + "\0" + model);
        return m == null ? Optional.empty() : byDeployment(accountId, m.deploymentId(), m.model());
    }

    private static boolean affinity(DeploymentRow row) {
        return Boolean.TRUE.equals(row.spec().enableSessionAffinity());
    }

    /** @throws RouteException when the deployment cannot take the request now (scaled to zero, at capacity, add-on failed) */
    public Lease acquire(Route route, String affinityKey) {
        DeploymentRuntime rt = runtimes.get(route.accountId() + "/" + route.deploymentId());
        if (rt == null) {
            throw new RouteException(404, "NOT_FOUND", "deployment " + DeploymentRow.name(route.accountId(), route.deploymentId())
                    + " not found");
        }
        return rt.acquire(route.adapter(), affinityKey, Times.toMicros(clock.instant()), this::wake);
    }

    // ---- the reconcile pass ----

    private void pass() {
        List<DeploymentRow> rows = deployments.db().jdbi().withHandle(DeploymentStore::active);
        Set<String> seen = new HashSet<>();
        for (DeploymentRow row : rows) {
            String key = row.accountId() + "/" + row.deploymentId();
            seen.add(key);
            DeploymentRuntime rt = runtimes.computeIfAbsent(key, k -> new DeploymentRuntime(row));
            rt.setRow(row);
            try {
                reconcile(rt);
            } catch (RuntimeException e) {
                LOG.warn("reconciling deployment {} failed", row.name(), e);
            }
        }
        for (DeploymentRuntime rt : runtimes.values()) {
            if (!seen.contains(rt.key) && !rt.row.isLive()) {
                if (rt.replicas.isEmpty()) {
                    runtimes.remove(rt.key);
                } else {
                    rt.replicas.forEach(Replica::drain);
                    stopDrained(rt, true);
                }
            }
        }
        refreshRoutes();
    }

    private void refreshRoutes() {
        List<DeployedModelRow> all = deployments.db().jdbi().withHandle(h -> h.createQuery("SELECT * FROM deployed_models")
                .map(DeploymentStore.DEPLOYED_MODEL_MAPPER).list());
        Map<String, DeployedModelRow> byId = new HashMap<>();
        Map<String, DeployedModelRow> byDefault = new HashMap<>();
        for (DeployedModelRow m : all) {
            DeploymentRuntime rt = runtimes.get(m.accountId() + "/" + m.deploymentId());
            if (rt == null || !rt.row.isLive() && !rt.row.state().equals(DeploymentRow.FAILED)) {
                continue;
            }
            byId.put(m.accountId() + "/" + m.deployedModelId(), m);
            if (m.isDefault()) {
                byDefault.put(m.accountId() + "\0" + m.model(), m);
            }
        }
        deployedModels = Map.copyOf(byId);
        defaults = Map.copyOf(byDefault);
    }

    private void reconcile(DeploymentRuntime rt) {
        DeploymentRow row = rt.row;
        long now = Times.toMicros(clock.instant());
        switch (row.state()) {
            case DeploymentRow.DELETED -> {
                if (row.purgeTime() != null && row.purgeTime() <= now) {
                    deployments.db().jdbi().useTransaction(h -> DeploymentStore.delete(h, row.accountId(), row.deploymentId()));
                    LOG.info("purged deployment {}", row.name());
                }
                return;
            }
            case DeploymentRow.DELETING -> {
                rt.replicas.forEach(Replica::drain);
                if (stopDrained(rt, false)) {
                    finishDelete(rt, now);
                } else {
                    write(rt, row.withReplicas(0, rt.replicas.size(), 0), null);
                }
                return;
            }
            case DeploymentRow.FAILED -> {
                rt.replicas.forEach(Replica::drain);
                stopDrained(rt, true);
                write(rt, row.withReplicas(row.desiredReplicas(), rt.replicas.size(), 0), null);
                return;
            }
            default -> { }
        }
        if (row.expireTime() != null && row.expireTime() <= now) {
            write(rt, row.withState(DeploymentRow.DELETING, "OK", "expired at " + Times.format(row.expireTime())), "expired");
            wake();
            return;
        }
        long unusedFor = now - (rt.lastRequest != null ? rt.lastRequest : row.createTime());
        if (row.minReplicas() == 0 && unusedFor >= deployments.limits().unusedDeleteAfter().toNanos() / 1000) {
            String why = "deleted after " + ProtoDurations.human(deployments.limits().unusedDeleteAfter()) + " without requests";
            write(rt, row.withState(DeploymentRow.DELETING, "OK", why), why);
            wake();
            return;
        }
        String failure = firstLoadFailure(rt);
        if (failure != null) {
            write(rt, row.withState(DeploymentRow.FAILED, "FAILED_PRECONDITION", failure), "a replica could not start: " + failure);
            rt.replicas.forEach(Replica::drain);
            stopDrained(rt, true);
            return;
        }
        int desired = autoscale(rt, row, now);
        scaleReplicas(rt, row, desired);
        addons.sync(rt);
        stopDrained(rt, false);
        int current = 0;
        int ready = 0;
        boolean old = false;
        for (Replica r : rt.replicas) {
            if (r.draining) {
                continue;
            }
            if (r.generation != row.generation()) {
                old = true;
                continue;
            }
            current++;
            if (r.isReady()) {
                ready++;
            }
        }
        DeploymentRow next = row.withReplicas(desired, current, ready).withTimes(row.expireTime(), row.deleteTime(),
                row.purgeTime(), rt.lastRequest);
        String event = null;
        if ((row.state().equals(DeploymentRow.CREATING) || row.state().equals(DeploymentRow.UPDATING)) && ready >= desired && !old) {
            next = next.withState(DeploymentRow.READY, "OK", "");
            event = "READY with " + ready + " replica" + (ready == 1 ? "" : "s");
        }
        write(rt, next, event);
    }

    private int autoscale(DeploymentRuntime rt, DeploymentRow row, long now) {
        Autoscaler.Policy policy = DeploymentSpecs.policy(row.spec(), row.minReplicas(), row.maxReplicas());
        java.time.Instant at = clock.instant();
        if (rt.autoscaler == null) {
            rt.autoscaler = new Autoscaler(policy, row.desiredReplicas(), at);
            rt.policy = policy;
            rt.writtenDesired = row.desiredReplicas();
        } else if (!policy.equals(rt.policy) || row.desiredReplicas() != rt.writtenDesired) {
            // A user changed the policy or called :scale; the windows start again from the stored count.
            Autoscaler.Decision clamped = rt.autoscaler.reset(policy, row.desiredReplicas(), at);
            if (clamped.reason() != null) {
                event(row, "AUTOSCALER", clamped.reason());
            }
            rt.policy = policy;
            rt.writtenDesired = row.desiredReplicas();
        }
        Autoscaler.Decision decision;
        if (rt.demand.getAndSet(false) && rt.autoscaler.desired() == 0) {
            decision = rt.autoscaler.demand(at);
        } else {
            Long last = rt.lastRequest;
            decision = rt.autoscaler.observe(at, sampleLoad(rt), last == null ? null : java.time.Instant.EPOCH.plusNanos(last * 1000));
        }
        if (decision.reason() != null) {
            event(row, "AUTOSCALER", decision.reason());
            LOG.info("deployment {}: {}", row.name(), decision.reason());
        }
        return decision.desired();
    }

    /** Load summed over ready replicas, read from their Prometheus metrics; rates from the change since the last sample. */
    private Autoscaler.Load sampleLoad(DeploymentRuntime rt) {
        double concurrent = 0;
        double promptRate = 0;
        double generatedRate = 0;
        long nowNanos = System.nanoTime();
        double seconds = Math.max(1e-3, (nowNanos - rt.lastSampleNanos) / 1e9);
        for (Replica r : rt.replicas) {
            if (!r.isReady() || r.draining) {
                continue;
            }
            Map<String, Double> m = scrape(r);
            if (m == null) {
                continue;
            }
            concurrent += m.getOrDefault("vllm:num_requests_running", 0.0) + m.getOrDefault("vllm:num_requests_waiting", 0.0);
            double prompt = m.getOrDefault("vllm:prompt_tokens_total", 0.0);
            double generated = m.getOrDefault("vllm:generation_tokens_total", 0.0);
            if (r.lastPromptTokens >= 0 && prompt >= r.lastPromptTokens) {
                promptRate += (prompt - r.lastPromptTokens) / seconds;
                generatedRate += Math.max(0, generated - r.lastGeneratedTokens) / seconds;
            }
            r.lastPromptTokens = prompt;
            r.lastGeneratedTokens = generated;
        }
        long requests = rt.requests.get();
        double rps = (requests - rt.lastSampleRequests) / seconds;
        rt.lastSampleRequests = requests;
        rt.lastSampleNanos = nowNanos;
        return new Autoscaler.Load(concurrent, rt.parallel(), rps, promptRate, generatedRate);
    }

    private Map<String, Double> scrape(Replica r) {
        URI base = r.runner.baseUrl();
        if (base == null) {
            return null;
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(2))
                    .header("Authorization", "Bearer " + r.runner.apiKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            Map<String, Double> values = new HashMap<>();
            for (String line : response.body().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int brace = line.indexOf('{');
                int space = line.lastIndexOf(' ');
                if (space < 0) {
                    continue;
                }
                String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
                try {
                    values.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
                } catch (NumberFormatException ignored) {
                    // Not a sample line.
                }
            }
            return values;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Starts or drains replicas of the current generation to {@code desired}; replicas of an older one drain once it is met. */
    private void scaleReplicas(DeploymentRuntime rt, DeploymentRow row, int desired) {
        List<Replica> current = new ArrayList<>();
        List<Replica> old = new ArrayList<>();
        for (Replica r : rt.replicas) {
            if (r.draining) {
                continue;
            }
            (r.generation == row.generation() ? current : old).add(r);
        }
        if (current.size() < desired) {
            try {
                for (int i = current.size(); i < desired; i++) {
                    int index = rt.nextIndex++;
                    SupervisedRunner runner = new SupervisedRunner(replicaSpec(row, index), launcher, runnerConfig, executor, http,
                            (state, reason) -> wake());
                    rt.replicas.add(new Replica(index, row.generation(), runner));
                    runner.start();
                }
                int started = desired - current.size();
                event(row, "REPLICA", "starting " + started + " replica" + (started == 1 ? "" : "s") + " (" + desired + " wanted)");
            } catch (RouteException e) {
                write(rt, row.withState(DeploymentRow.FAILED, "FAILED_PRECONDITION", e.getMessage()), e.getMessage());
            }
        } else if (current.size() > desired) {
            // Drain the least useful first: not yet ready, then the least busy.
            current.sort((a, b) -> a.isReady() != b.isReady() ? (a.isReady() ? 1 : -1)
                    : Integer.compare(a.outstanding.get(), b.outstanding.get()));
            for (int i = 0; i < current.size() - desired; i++) {
                current.get(i).drain();
            }
            event(row, "REPLICA", "draining " + (current.size() - desired) + " replica" + (current.size() - desired == 1 ? "" : "s")
                    + " (" + desired + " wanted)");
        }
        long readyCurrent = current.stream().filter(r -> !r.draining && r.isReady()).count();
        if (!old.isEmpty() && readyCurrent >= Math.min(desired, current.size())) {
            old.forEach(Replica::drain);
            event(row, "REPLICA", "replaced " + old.size() + " replica" + (old.size() == 1 ? "" : "s") + " with the updated settings");
        }
    }

    /** Stops drained replicas (no requests left, or past the drain timeout, or {@code now}); true when none is left. */
    private boolean stopDrained(DeploymentRuntime rt, boolean now) {
        for (Replica r : rt.replicas) {
            boolean replaced = r.runner.state() == RunnerState.FAILED && r.wasReady;
            if (replaced && !r.draining) {
                event(rt.row, "REPLICA", "replica " + r.index + " failed and is replaced: " + r.runner.failureReason());
                r.drain();
            }
            if (r.isReady()) {
                r.wasReady = true;
            }
            boolean done = now || r.outstanding.get() == 0
                    || System.nanoTime() - r.drainingSinceNanos > settings.drainTimeout().toNanos();
            if (r.draining && done && !r.stopping) {
                r.stopping = true;
                Thread.ofVirtual().name("replica-stop").start(() -> {
                    r.runner.stop();
                    rt.replicas.remove(r);
                    wake();
                });
            }
        }
        return rt.replicas.isEmpty();
    }

    private String firstLoadFailure(DeploymentRuntime rt) {
        for (Replica r : rt.replicas) {
            if (r.isReady()) {
                r.wasReady = true;
            }
            if (!r.draining && !r.wasReady && r.runner.state() == RunnerState.FAILED) {
                return withoutServerPaths(r.runner.failureReason());
            }
        }
        return null;
    }

    private void finishDelete(DeploymentRuntime rt, long now) {
        DeploymentRow row = rt.row;
        deployments.db().jdbi().useTransaction(h -> {
            DeploymentRow current = DeploymentStore.find(h, row.accountId(), row.deploymentId()).orElse(null);
            if (current == null || !current.state().equals(DeploymentRow.DELETING)) {
                return;
            }
            if (current.purgeTime() != null) {
                DeploymentStore.delete(h, row.accountId(), row.deploymentId());
                return;
            }
            long purge = now + deployments.limits().retention().toNanos() / 1000;
            DeploymentRow deleted = current.withState(DeploymentRow.DELETED, "OK", "").withReplicas(0, 0, 0)
                    .withTimes(current.expireTime(), now, purge, current.lastRequestTime()).next(now);
            DeploymentStore.update(h, deleted, current.version());
            DeploymentStore.addEvent(h, row.accountId(), row.deploymentId(), now, "DELETED", "replicas stopped; purged after "
                    + Times.format(purge) + " unless undeleted");
            for (DeployedModelRow m : DeploymentStore.deployedModelsOf(h, row.accountId(), row.deploymentId())) {
                DeploymentStore.deleteDeployedModel(h, m.accountId(), m.deployedModelId());
            }
        });
        runtimes.remove(rt.key);
    }

    /** Writes the row when anything in it changed, with an event when given; keeps the autoscaler's count in step. */
    private void write(DeploymentRuntime rt, DeploymentRow next, String eventMessage) {
        DeploymentRow row = rt.row;
        if (next.sameAs(row) && eventMessage == null) {
            return;
        }
        long now = Times.toMicros(clock.instant());
        DeploymentRow stored = next.next(now);
        boolean written = deployments.db().jdbi().inTransaction(h -> {
            if (!DeploymentStore.update(h, stored, row.version())) {
                return false;
            }
            if (eventMessage != null) {
                DeploymentStore.addEvent(h, row.accountId(), row.deploymentId(), now, stored.state(), eventMessage);
            }
            return true;
        });
        if (written) {
            rt.setRow(stored);
            rt.writtenDesired = stored.desiredReplicas();
        } else {
            // Someone changed it through the API in between; the next pass starts from their version.
            wake();
        }
    }

    private void event(DeploymentRow row, String kind, String message) {
        long now = Times.toMicros(clock.instant());
        deployments.db().jdbi().useHandle(h -> DeploymentStore.addEvent(h, row.accountId(), row.deploymentId(), now, kind, message));
    }

    // ---- replicas and add-ons ----

    private RunnerSpec replicaSpec(DeploymentRow row, int index) {
        ModelNames.Ref ref = ModelNames.parse("baseModel", row.baseModel(), row.accountId());
        record Base(ModelRow model, List<ModelStore.ArtifactRow> artifacts) {}
        Base base = deployments.db().jdbi().withHandle(h -> ModelStore.find(h, ref.accountId(), ref.modelId())
                .map(m -> new Base(m, ModelStore.artifacts(h, ref.accountId(), ref.modelId()))).orElse(null));
        if (base == null) {
            throw new RouteException(400, "MODEL_NOT_FOUND", "base model " + row.baseModel() + " no longer exists");
        }
        ModelStore.ArtifactRow artifact = base.artifacts().stream()
                .filter(a -> a.state().equals("READY") && a.precision().equals(row.spec().precision())).findFirst()
                .orElseThrow(() -> new RouteException(400, "PRECISION_MISSING", "base model " + row.baseModel() + " has no READY "
                        + row.spec().precision() + " weights any more"));
        int parallel = DeploymentSpecs.parallel(row.spec());
        Integer modelContext = base.model().spec().contextLength();
        int perSequence = row.spec().maxContextLength() != null ? row.spec().maxContextLength()
                : Math.min(modelContext == null ? 4096 : modelContext, 8192);
        // Replicas share this machine's cores: each gets its part, so a full deployment does not oversubscribe them
        // (two replicas using every core each decode several times slower than two using half).
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, row.maxReplicas()));
        List<String> flags = new ArrayList<>(List.of("--ctx", Integer.toString(perSequence * parallel), "--parallel",
                Integer.toString(parallel), "--threads", Integer.toString(threads)));
        if (base.model().kind().equals("EMBEDDING_MODEL")) {
            flags.addFirst("--embeddings");
        }
        try {
            return RunnerSpec.engine("deployment-" + row.accountId() + "-" + row.deploymentId() + "-g" + row.generation() + "-r" + index,
                    row.baseModel(), row.name() + " replica " + index, blobs.localPath(artifact.blobKey()), flags);
        } catch (IOException e) {
            throw new RouteException(500, "BLOB_MISSING", "the weights of " + row.baseModel() + " cannot be read: " + e.getMessage());
        }
    }

    /** Clients see file names, never where this server keeps its blobs. */
    static String withoutServerPaths(String message) {
        return message == null ? null : message.replaceAll("(/[^\\s:;,'\"]+)+/([^/\\s:;,'\"]+)", "$2");
    }

    /** Replicas by deployment, for status and tests. */
    public Map<String, List<Long>> replicaPids() {
        Map<String, List<Long>> out = new HashMap<>();
        runtimes.forEach((k, rt) -> out.put(k, rt.replicas.stream().map(r -> r.runner.pid()).toList()));
        return out;
    }

    /** The replicas of a deployment ({@code account/deployment}) as they are now, for tests in this package. */
    List<Replica> replicasOf(String key) {
        DeploymentRuntime rt = runtimes.get(key);
        return rt == null ? List.of() : List.copyOf(rt.replicas);
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
        try {
            // A pass still running could start a replica after the list below is taken; let it finish first.
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Thread> stopping = new ArrayList<>();
        for (DeploymentRuntime rt : runtimes.values()) {
            for (Replica r : rt.replicas) {
                stopping.add(Thread.ofVirtual().start(r.runner::stop));
            }
        }
        for (Thread t : stopping) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.close();
    }
}
