package dev.hearth.server.deployments;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One deployment's replica count, decided from observed load the way Kubernetes' HPA does it: a higher (lower) count is
 * adopted only once every recommendation in effect during the scale-up (scale-down) window was higher (lower) than the
 * current count, and a deployment with {@code minReplicas == 0} goes to zero after {@code scaleToZeroWindow} without
 * requests. Pure logic: the caller passes the time and the observations; not thread-safe.
 *
 * <p>Each observation's recommendation stays in effect until the next one, so a window is covered once an observation
 * at or before its start exists; history is cleared (the windows restart) by {@link #reset}, by {@link #demand} and on
 * scaling to zero.
 */
public final class Autoscaler {
    /** The documented load-target keys. */
    public static final Set<String> LOAD_KEYS = Set.of("default", "concurrent_requests", "requests_per_second",
            "prompt_tokens_per_second", "tokens_generated_per_second");
    private static final Map<String, Double> DEFAULT_TARGETS = Map.of("default", 0.8);
    /** Absorbs floating-point noise so that a load of exactly N replicas (e.g. 2.1 / 0.3) recommends N, not N + 1. */
    private static final double EPSILON = 1e-9;

    /** Empty (or null) loadTargets means {"default": 0.8}. */
    public record Policy(int minReplicas, int maxReplicas, Duration scaleUpWindow, Duration scaleDownWindow,
            Duration scaleToZeroWindow, Map<String, Double> loadTargets) {
        public Policy {
            if (minReplicas < 0 || maxReplicas < minReplicas) {
                throw new IllegalArgumentException("need 0 <= minReplicas <= maxReplicas, got " + minReplicas
                        + " and " + maxReplicas);
            }
            requireNonNegative("scaleUpWindow", scaleUpWindow);
            requireNonNegative("scaleDownWindow", scaleDownWindow);
            requireNonNegative("scaleToZeroWindow", scaleToZeroWindow);
            loadTargets = loadTargets == null ? Map.of() : Map.copyOf(loadTargets);
            loadTargets.forEach((key, target) -> {
                if (!LOAD_KEYS.contains(key)) {
                    throw new IllegalArgumentException("unknown load target \"" + key + "\"; known: " + LOAD_KEYS);
                }
                if (!(target > 0) || target.isInfinite() || key.equals("default") && target > 1) {
                    throw new IllegalArgumentException("load target " + key + "=" + target + " is out of range");
                }
            });
        }

        private static void requireNonNegative(String name, Duration window) {
            if (window == null || window.isNegative()) {
                throw new IllegalArgumentException(name + " must be a non-negative duration, got " + window);
            }
        }
    }

    /** One observation, summed over the deployment's ready replicas. concurrentRequests = running + queued. */
    public record Load(double concurrentRequests, int slotsPerReplica, double requestsPerSecond,
            double promptTokensPerSecond, double generatedTokensPerSecond) {
        public Load {
            if (slotsPerReplica < 1) {
                throw new IllegalArgumentException("slotsPerReplica must be at least 1, got " + slotsPerReplica);
            }
            for (double value : new double[] {concurrentRequests, requestsPerSecond, promptTokensPerSecond,
                    generatedTokensPerSecond}) {
                if (!(value >= 0) || Double.isInfinite(value)) {
                    throw new IllegalArgumentException("load values must be finite and non-negative, got " + value);
                }
            }
        }
    }

    /** desired = the replica count to run now; reason = a one-line human explanation when it changed, else null. */
    public record Decision(int desired, String reason) {}

    /** The replica count one observation asks for, and the load (in replicas) of the key that asked for most. */
    private record Recommendation(int replicas, String key, double load) {}

    private record Sample(Instant at, int replicas) {}

    private final Deque<Sample> history = new ArrayDeque<>();
    private Policy policy;
    private int desired;
    /** When the windows (and the no-request timer) last restarted: construction, reset or demand. */
    private Instant windowStart;
    /** When desired last became 0; only a request after it wakes the deployment. */
    private Instant zeroSince;

    /** A {@code desired} outside the policy's bounds is clamped silently. */
    public Autoscaler(Policy policy, int desired, Instant now) {
        reset(policy, desired, now);
    }

    public int desired() {
        return desired;
    }

    public Policy policy() {
        return policy;
    }

    /**
     * Feed one observation (called every controller tick, e.g. each second). lastRequest = when the deployment last got
     * a request (null = never).
     */
    public Decision observe(Instant now, Load load, Instant lastRequest) {
        Objects.requireNonNull(load, "load");
        if (desired == 0) {
            // Normally the gateway calls demand(); a request it did not report still wakes the deployment here.
            return lastRequest != null && lastRequest.isAfter(zeroSince) ? demand(now) : unchanged();
        }
        Instant quietSince = lastRequest == null || lastRequest.isBefore(windowStart) ? windowStart : lastRequest;
        if (policy.minReplicas() == 0 && !now.isBefore(quietSince.plus(policy.scaleToZeroWindow()))) {
            desired = 0;
            zeroSince = now;
            history.clear();
            return new Decision(0, "scaled to zero: no requests for " + human(policy.scaleToZeroWindow()));
        }
        Recommendation recommendation = recommend(load);
        record(now, recommendation.replicas());
        String loadText = String.format(Locale.ROOT, "load %s=%.2f replicas", recommendation.key(),
                recommendation.load());
        OptionalInt lowest = extreme(now, policy.scaleUpWindow(), true);
        if (lowest.isPresent() && lowest.getAsInt() > desired) {
            return change(lowest.getAsInt(), "up", loadText, "above", policy.scaleUpWindow());
        }
        OptionalInt highest = extreme(now, policy.scaleDownWindow(), false);
        if (highest.isPresent() && highest.getAsInt() < desired) {
            return change(highest.getAsInt(), "down", loadText, "below", policy.scaleDownWindow());
        }
        return unchanged();
    }

    /**
     * A request arrived while desired == 0: go to max(min,1) (but never above max) at once, no window; restarts the
     * windows and the no-request timer. Returns the decision.
     */
    public Decision demand(Instant now) {
        int target = Math.min(Math.max(policy.minReplicas(), 1), policy.maxReplicas());
        if (desired != 0 || target == 0) {
            return unchanged();
        }
        desired = target;
        restartWindows(now);
        return new Decision(target, "scaled up from 0 to " + target + ": a request arrived while scaled to zero");
    }

    /**
     * Manual :scale or a policy update: new policy and/or a desired count set by a user; restarts the windows (and the
     * no-request timer) from now. A desired count outside [min, max] is clamped; the decision's reason says so.
     */
    public Decision reset(Policy policy, int desired, Instant now) {
        if (desired < 0) {
            throw new IllegalArgumentException("desired replica count must not be negative, got " + desired);
        }
        this.policy = Objects.requireNonNull(policy, "policy");
        this.desired = Math.clamp(desired, policy.minReplicas(), policy.maxReplicas());
        zeroSince = now;
        restartWindows(now);
        if (this.desired == desired) {
            return unchanged();
        }
        String bound = this.desired > desired ? "minReplicas" : "maxReplicas";
        return new Decision(this.desired, "replica count " + desired + " clamped to " + bound + " " + this.desired);
    }

    /** Samples held now (tests check that history stays bounded). */
    int historySize() {
        return history.size();
    }

    private void restartWindows(Instant now) {
        windowStart = Objects.requireNonNull(now, "now");
        history.clear();
    }

    private Decision unchanged() {
        return new Decision(desired, null);
    }

    private Decision change(int target, String direction, String loadText, String side, Duration window) {
        String held = window.isZero() ? "" : " held " + side + " " + desired + " for " + human(window);
        String reason = "scaled " + direction + " from " + desired + " to " + target + ": " + loadText + held;
        desired = target;
        return new Decision(target, reason);
    }

    /** Ties go to the alphabetically first key, so that reasons do not depend on map order. */
    private Recommendation recommend(Load load) {
        Map<String, Double> targets = policy.loadTargets().isEmpty() ? DEFAULT_TARGETS : policy.loadTargets();
        String bestKey = null;
        double best = 0;
        for (Map.Entry<String, Double> target : targets.entrySet()) {
            double t = target.getValue();
            double replicas = switch (target.getKey()) {
                case "default" -> load.concurrentRequests() / (load.slotsPerReplica() * t);
                case "concurrent_requests" -> load.concurrentRequests() / t;
                case "requests_per_second" -> load.requestsPerSecond() / t;
                case "prompt_tokens_per_second" -> load.promptTokensPerSecond() / t;
                case "tokens_generated_per_second" -> load.generatedTokensPerSecond() / t;
                default -> throw new IllegalStateException("unknown load target " + target.getKey());
            };
            if (bestKey == null || replicas > best || replicas == best && target.getKey().compareTo(bestKey) < 0) {
                bestKey = target.getKey();
                best = replicas;
            }
        }
        // A deployment that is not idle keeps one replica even at zero load.
        long wanted = Math.max(1, (long) Math.ceil(best - EPSILON));
        return new Recommendation(Math.clamp(wanted, policy.minReplicas(), policy.maxReplicas()), bestKey, best);
    }

    /** Appends a sample unless it repeats the last one, and drops samples no window can reach any more. */
    private void record(Instant now, int replicas) {
        if (history.isEmpty() || history.peekLast().replicas() != replicas) {
            history.addLast(new Sample(now, replicas));
        }
        Duration longest = policy.scaleUpWindow().compareTo(policy.scaleDownWindow()) >= 0
                ? policy.scaleUpWindow() : policy.scaleDownWindow();
        Instant horizon = now.minus(longest);
        while (history.size() > 1) {
            Sample first = history.removeFirst();
            if (history.peekFirst().at().isAfter(horizon)) {
                history.addFirst(first); // still in effect at the start of the longest window
                break;
            }
        }
    }

    /** The lowest (or highest) recommendation over the last {@code window}; empty if none covers its start. */
    private OptionalInt extreme(Instant now, Duration window, boolean lowest) {
        Instant start = now.minus(window);
        int result = lowest ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (Iterator<Sample> samples = history.descendingIterator(); samples.hasNext(); ) {
            Sample sample = samples.next();
            result = lowest ? Math.min(result, sample.replicas()) : Math.max(result, sample.replicas());
            if (!sample.at().isAfter(start)) {
                return OptionalInt.of(result);
            }
        }
        return OptionalInt.empty();
    }

    /** Go-style short durations for reasons: 30s, 10m, 1h, 1m30s, 0.5s. */
    static String human(Duration duration) {
        long hours = duration.toHours();
        int minutes = duration.toMinutesPart();
        BigDecimal seconds = BigDecimal.valueOf(duration.toSecondsPart() * 1000L + duration.toMillisPart(), 3);
        String text = (hours > 0 ? hours + "h" : "") + (minutes > 0 ? minutes + "m" : "")
                + (seconds.signum() > 0 ? seconds.stripTrailingZeros().toPlainString() + "s" : "");
        return text.isEmpty() ? "0s" : text;
    }
}
