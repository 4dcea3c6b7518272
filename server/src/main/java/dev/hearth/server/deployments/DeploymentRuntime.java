package dev.hearth.server.deployments;

import dev.hearth.server.runners.Lease;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the controller keeps in memory for one deployment: its replicas, its autoscaler, and the traffic it has seen.
 * The gateway routes through {@link #acquire}: least outstanding requests across ready replicas, or a consistent
 * (rendezvous) hash of the session-affinity key so a conversation keeps hitting the replica that caches its prefix.
 */
final class DeploymentRuntime {
    /** Requests a replica may hold per decoding slot (running plus queued) before the deployment answers 429. */
    static final int QUEUE_PER_SLOT = 8;

    final String key;
    volatile DeploymentRow row;
    /** Sequences a replica decodes together, from the row's shape; kept here so routing does not parse it per request. */
    private volatile int parallel;
    final List<Replica> replicas = new CopyOnWriteArrayList<>();
    Autoscaler autoscaler;
    Autoscaler.Policy policy;
    int writtenDesired = -1;
    int nextIndex;
    /** Epoch microseconds of the last request, or null. */
    volatile Long lastRequest;
    final AtomicLong requests = new AtomicLong();
    final AtomicBoolean demand = new AtomicBoolean();
    long lastSampleNanos = System.nanoTime();
    long lastSampleRequests;
    /** Add-on model name to why it could not be loaded, as of the last controller pass. */
    volatile java.util.Map<String, String> addonFailures = java.util.Map.of();

    DeploymentRuntime(DeploymentRow row) {
        this.key = row.accountId() + "/" + row.deploymentId();
        setRow(row);
        this.lastRequest = row.lastRequestTime();
    }

    void setRow(DeploymentRow next) {
        parallel = DeploymentSpecs.parallel(next.spec());
        row = next;
    }

    int parallel() {
        return parallel;
    }

    /**
     * A lease on a replica for a request to the base model ({@code adapter} null) or to a loaded add-on.
     *
     * @param affinity a session key ({@code x-session-affinity} or {@code user}), or null for least-outstanding
     * @param nowMicros the request's time, for the autoscaler's idle window
     */
    Lease acquire(String adapter, String affinity, long nowMicros, Runnable wake) {
        lastRequest = nowMicros;
        requests.incrementAndGet();
        List<Replica> routable = new ArrayList<>();
        for (Replica r : replicas) {
            if (r.routable()) {
                routable.add(r);
            }
        }
        if (routable.isEmpty()) {
            throw unavailable(wake);
        }
        List<Replica> eligible = adapter == null ? routable
                : routable.stream().filter(r -> r.hasAdapter(adapter)).toList();
        if (eligible.isEmpty()) {
            String failure = routable.stream().map(r -> r.adapterFailures.get(adapter)).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(addonFailures.get(adapter));
            if (failure != null) {
                throw new RouteException(412, "LORA_LOAD_FAILED", "LoRA add-on " + adapter + " could not be loaded on "
                        + row.name() + ": " + failure);
            }
            throw new RouteException(503, "ADDON_LOADING", "LoRA add-on " + adapter + " is still loading on " + row.name()
                    + "; retry shortly");
        }
        int capacity = parallel() * QUEUE_PER_SLOT;
        Replica chosen = affinity == null ? null : rendezvous(eligible, affinity);
        if (chosen == null || chosen.outstanding.get() >= capacity) {
            chosen = leastOutstanding(eligible);
        }
        if (chosen.outstanding.get() >= capacity) {
            throw new RouteException(429, "DEPLOYMENT_AT_CAPACITY", "deployment " + row.name() + " is at capacity ("
                    + eligible.size() + " ready replicas with " + capacity + " requests each); retry with backoff, or raise "
                    + "maxReplicaCount");
        }
        URI url = chosen.runner.baseUrl();
        if (url == null) {
            throw unavailable(wake);
        }
        return chosen.lease(url);
    }

    private RouteException unavailable(Runnable wake) {
        DeploymentRow r = row;
        if (r.maxReplicas() == 0) {
            return new RouteException(503, "DEPLOYMENT_INACTIVE", "deployment " + r.name()
                    + " has maxReplicaCount 0; scale it up to serve requests");
        }
        if (r.state().equals(DeploymentRow.FAILED)) {
            return new RouteException(503, "DEPLOYMENT_FAILED", "deployment " + r.name() + " failed: " + r.statusMessage());
        }
        if (r.desiredReplicas() == 0 || replicas.isEmpty()) {
            demand.set(true);
            wake.run();
            return RouteException.scalingUp();
        }
        return new RouteException(503, "DEPLOYMENT_SCALING_UP", "deployment " + r.name()
                + " has no ready replica yet (replicas are starting); retry shortly");
    }

    private static Replica leastOutstanding(List<Replica> replicas) {
        Replica best = null;
        int offset = (int) (System.nanoTime() & 0x7fffffff);
        for (int i = 0; i < replicas.size(); i++) {
            // Start at a moving offset so ties do not all land on the first replica.
            Replica r = replicas.get((i + offset) % replicas.size());
            if (best == null || r.outstanding.get() < best.outstanding.get()) {
                best = r;
            }
        }
        return best;
    }

    /** Highest-random-weight hashing: only the sessions of a replica that leaves move. */
    private static Replica rendezvous(List<Replica> replicas, String key) {
        Replica best = null;
        long bestScore = Long.MIN_VALUE;
        for (Replica r : replicas) {
            long score = mix(fnv(key) ^ (r.index * 0x9E3779B97F4A7C15L));
            if (best == null || score > bestScore) {
                best = r;
                bestScore = score;
            }
        }
        return best;
    }

    private static long fnv(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }
}
