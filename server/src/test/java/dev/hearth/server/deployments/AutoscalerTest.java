package dev.hearth.server.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hearth.server.deployments.Autoscaler.Decision;
import dev.hearth.server.deployments.Autoscaler.Load;
import dev.hearth.server.deployments.Autoscaler.Policy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AutoscalerTest {
    static final long S = 1000;
    static final long M = 60 * S;
    static final long H = 60 * M;

    static Instant at(long ms) {
        return Instant.ofEpochMilli(1_700_000_000_000L + ms);
    }

    static Policy policy(int min, int max, long upMs, long downMs, long zeroMs, Map<String, Double> targets) {
        return new Policy(min, max, Duration.ofMillis(upMs), Duration.ofMillis(downMs), Duration.ofMillis(zeroMs),
                targets);
    }

    /** Windows of zero, so that every observation acts at once; traffic is always recent in these tests. */
    static Policy immediate(Map<String, Double> targets) {
        return policy(0, 100, 0, 0, H, targets);
    }

    static Load concurrent(double requests, int slots) {
        return new Load(requests, slots, 0, 0, 0);
    }

    static Load idle() {
        return concurrent(0, 4);
    }

    /** One observation at {@code ms} with a request at that same moment (so scale to zero never applies). */
    static Decision busy(Autoscaler scaler, long ms, Load load) {
        return scaler.observe(at(ms), load, at(ms));
    }

    /** Observations each second in [fromMs, toMs], all with recent traffic; returns the last decision. */
    static Decision hold(Autoscaler scaler, long fromMs, long toMs, Load load) {
        Decision last = null;
        for (long ms = fromMs; ms <= toMs; ms += S) {
            last = busy(scaler, ms, load);
        }
        return last;
    }

    @Nested
    class Recommendation {
        @Test
        void defaultKeyDividesBySlotsTimesTarget() {
            Autoscaler scaler = new Autoscaler(immediate(Map.of("default", 0.5)), 1, at(0));
            assertEquals(3, busy(scaler, 0, concurrent(5, 4)).desired()); // 5 / (4 * 0.5) = 2.5
            assertEquals(2, busy(scaler, S, concurrent(4, 4)).desired()); // exactly 2 replicas' worth
            assertEquals(5, busy(scaler, 2 * S, concurrent(9, 4)).desired()); // 4.5
        }

        @Test
        void emptyTargetsMeanDefaultPointEight() {
            Autoscaler scaler = new Autoscaler(immediate(Map.of()), 1, at(0));
            assertEquals(3, busy(scaler, 0, concurrent(2, 1)).desired()); // 2 / 0.8 = 2.5
            assertEquals(2, busy(scaler, S, concurrent(8, 5)).desired()); // 8 / 4 = 2
            Autoscaler nullTargets = new Autoscaler(immediate(null), 1, at(0));
            assertEquals(3, busy(nullTargets, 0, concurrent(2, 1)).desired());
        }

        @Test
        void eachRateKeyDividesByItsTarget() {
            assertEquals(3, immediately(Map.of("concurrent_requests", 5.0), new Load(12, 8, 0, 0, 0)));
            assertEquals(3, immediately(Map.of("requests_per_second", 5.0), new Load(0, 8, 11, 0, 0)));
            assertEquals(3, immediately(Map.of("prompt_tokens_per_second", 1000.0), new Load(0, 8, 0, 2500, 0)));
            assertEquals(3, immediately(Map.of("tokens_generated_per_second", 100.0), new Load(0, 8, 0, 0, 250)));
        }

        @Test
        void concurrentRequestsIgnoresSlots() {
            assertEquals(4, immediately(Map.of("concurrent_requests", 2.0), new Load(8, 1, 0, 0, 0)));
            assertEquals(4, immediately(Map.of("concurrent_requests", 2.0), new Load(8, 16, 0, 0, 0)));
        }

        @Test
        void severalKeysTakeTheMaxAndNameIt() {
            Map<String, Double> targets = Map.of("default", 0.8, "requests_per_second", 5.0,
                    "tokens_generated_per_second", 100.0);
            assertEquals(4, immediately(targets, new Load(1, 4, 17, 0, 90))); // rps 3.4 > tokens 0.9 > default 0.3
            assertEquals(6, immediately(targets, new Load(19.2, 4, 17, 0, 90))); // default 6 > rps 3.4
            Autoscaler scaler = new Autoscaler(immediate(targets), 1, at(0));
            Decision decision = busy(scaler, 0, new Load(1, 4, 2, 0, 450));
            assertEquals("scaled up from 1 to 5: load tokens_generated_per_second=4.50 replicas", decision.reason());
        }

        @Test
        void floatingPointNoiseDoesNotAddAReplica() {
            assertEquals(7, immediately(Map.of("concurrent_requests", 0.3), new Load(2.1, 1, 0, 0, 0)));
            assertEquals(3, immediately(Map.of("default", 0.8), new Load(2.4, 1, 0, 0, 0)));
        }

        @Test
        void recentTrafficKeepsOneReplicaAtZeroLoad() {
            Autoscaler scaler = new Autoscaler(immediate(Map.of()), 3, at(0));
            Decision decision = busy(scaler, 0, idle());
            assertEquals(1, decision.desired());
            assertEquals("scaled down from 3 to 1: load default=0.00 replicas", decision.reason());
            assertEquals(new Decision(1, null), busy(scaler, S, idle()));
        }

        private int immediately(Map<String, Double> targets, Load load) {
            return busy(new Autoscaler(immediate(targets), 1, at(0)), 0, load).desired();
        }
    }

    @Nested
    class ScaleUp {
        final Policy policy = policy(0, 10, 30 * S, 10 * M, H, Map.of("default", 0.5));

        @Test
        void afterTheWindowHoldsNotBefore() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            assertEquals(new Decision(1, null), hold(scaler, 0, 29 * S, concurrent(6, 4)));
            assertEquals(new Decision(1, null), busy(scaler, 30 * S - 1, concurrent(6, 4)));
            Decision decision = busy(scaler, 30 * S, concurrent(6, 4));
            assertEquals(new Decision(3, "scaled up from 1 to 3: load default=3.00 replicas held above 1 for 30s"),
                    decision);
            assertEquals(3, scaler.desired());
        }

        @Test
        void theWindowStartsAtTheFirstHighObservation() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            hold(scaler, 0, 10 * S, concurrent(1, 4));
            assertEquals(1, hold(scaler, 11 * S, 40 * S, concurrent(6, 4)).desired());
            assertEquals(3, busy(scaler, 41 * S, concurrent(6, 4)).desired());
        }

        @Test
        void aDipDuringTheWindowBlocksIt() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            hold(scaler, 0, 10 * S, concurrent(6, 4));
            busy(scaler, 11 * S, concurrent(2, 4)); // back to one replica's worth for a second
            assertEquals(1, hold(scaler, 12 * S, 41 * S, concurrent(6, 4)).desired());
            assertEquals(3, busy(scaler, 42 * S, concurrent(6, 4)).desired());
        }

        @Test
        void goesToTheLowestRecommendationInTheWindow() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            hold(scaler, 0, 10 * S, concurrent(10, 4)); // 5
            hold(scaler, 11 * S, 20 * S, concurrent(8, 4)); // 4
            Decision decision = hold(scaler, 21 * S, 30 * S, concurrent(12, 4)); // 6
            assertEquals(4, decision.desired());
            assertEquals("scaled up from 1 to 4: load default=6.00 replicas held above 1 for 30s", decision.reason());
        }

        @Test
        void continuesFromTheNewCountWithTheSameSamples() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            hold(scaler, 0, 10 * S, concurrent(6, 4)); // 3
            assertEquals(3, hold(scaler, 11 * S, 30 * S, concurrent(12, 4)).desired()); // 6; lowest in window is 3
            assertEquals(3, hold(scaler, 31 * S, 40 * S, concurrent(12, 4)).desired());
            assertEquals(6, busy(scaler, 41 * S, concurrent(12, 4)).desired()); // 6 held since 11s
        }

        @Test
        void needsObservationsCoveringTheWindowAfterConstruction() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            assertEquals(1, busy(scaler, 10 * S, concurrent(6, 4)).desired());
            assertEquals(1, busy(scaler, 30 * S, concurrent(6, 4)).desired());
            assertEquals(1, busy(scaler, 39 * S, concurrent(6, 4)).desired());
            // Each observation holds until the next, so sparse observations still cover the window.
            assertEquals(3, busy(scaler, 40 * S, concurrent(6, 4)).desired());
        }

        @Test
        void zeroWindowActsAtOnce() {
            Autoscaler scaler = new Autoscaler(policy(0, 10, 0, 10 * M, H, Map.of()), 1, at(0));
            Decision decision = busy(scaler, 0, concurrent(4, 1));
            assertEquals(new Decision(5, "scaled up from 1 to 5: load default=5.00 replicas"), decision);
        }

        @Test
        void neverAboveMax() {
            Autoscaler scaler = new Autoscaler(policy(0, 4, 0, 0, H, Map.of()), 1, at(0));
            assertEquals(4, busy(scaler, 0, concurrent(1000, 1)).desired());
            assertEquals(new Decision(4, null), busy(scaler, S, concurrent(1000, 1)));
        }
    }

    @Nested
    class ScaleDown {
        final Policy policy = policy(0, 10, 30 * S, 10 * M, H, Map.of("default", 0.5));

        @Test
        void afterTheWindowToTheHighestRecommendationInIt() {
            Autoscaler scaler = new Autoscaler(policy, 5, at(0));
            hold(scaler, 0, 3 * M, concurrent(4, 4)); // 2
            hold(scaler, 3 * M + S, 6 * M, concurrent(6, 4)); // 3
            assertEquals(5, hold(scaler, 6 * M + S, 10 * M - S, concurrent(1, 4)).desired()); // 1
            Decision decision = busy(scaler, 10 * M, concurrent(1, 4));
            assertEquals(new Decision(3, "scaled down from 5 to 3: load default=0.50 replicas held below 5 for 10m"),
                    decision);
            // 3 stays in the window until 6m + 10m; after that, only 1 is left.
            assertEquals(3, hold(scaler, 10 * M + S, 16 * M, concurrent(1, 4)).desired());
            assertEquals(1, busy(scaler, 16 * M + S, concurrent(1, 4)).desired());
        }

        @Test
        void aSpikeDuringTheWindowBlocksIt() {
            Autoscaler scaler = new Autoscaler(policy, 3, at(0));
            hold(scaler, 0, 5 * M, concurrent(1, 4));
            busy(scaler, 5 * M + S, concurrent(6, 4)); // 3 replicas' worth: not below 3
            assertEquals(3, hold(scaler, 5 * M + 2 * S, 15 * M + S, concurrent(1, 4)).desired());
            assertEquals(1, busy(scaler, 15 * M + 2 * S, concurrent(1, 4)).desired());
        }

        @Test
        void neverBelowMin() {
            Autoscaler scaler = new Autoscaler(policy(2, 10, 0, 0, 5 * M, Map.of()), 5, at(0));
            assertEquals(2, busy(scaler, 0, idle()).desired());
            // min > 0: no scale to zero even after a long time without requests.
            assertEquals(new Decision(2, null), scaler.observe(at(3 * H), idle(), null));
            assertEquals(new Decision(2, null), scaler.observe(at(4 * H), idle(), at(0)));
        }

        @Test
        void zeroWindowActsAtOnce() {
            Autoscaler scaler = new Autoscaler(policy(0, 10, 30 * S, 0, H, Map.of()), 6, at(0));
            assertEquals(new Decision(2, "scaled down from 6 to 2: load default=1.25 replicas"),
                    busy(scaler, 0, concurrent(1, 1)));
        }
    }

    @Nested
    class ScaleToZero {
        final Policy policy = policy(0, 4, 30 * S, 10 * M, 5 * M, Map.of());

        @Test
        void afterTheWindowWithoutRequests() {
            Autoscaler scaler = new Autoscaler(policy, 2, at(0));
            assertEquals(new Decision(2, null), scaler.observe(at(5 * M - 1), idle(), at(0)));
            Decision decision = scaler.observe(at(5 * M), idle(), at(0));
            assertEquals(new Decision(0, "scaled to zero: no requests for 5m"), decision);
            assertEquals(new Decision(0, null), scaler.observe(at(6 * M), idle(), at(0)));
        }

        @Test
        void ignoresTheScaleDownWindow() {
            Autoscaler longDown = new Autoscaler(policy(0, 4, 30 * S, H, 5 * M, Map.of()), 3, at(0));
            assertEquals(0, longDown.observe(at(5 * M), idle(), at(0)).desired());
            // A zero scale-down window still keeps one replica while traffic is recent.
            Autoscaler zeroDown = new Autoscaler(policy(0, 4, 30 * S, 0, 5 * M, Map.of()), 3, at(0));
            assertEquals(1, zeroDown.observe(at(M), idle(), at(0)).desired());
            assertEquals(1, zeroDown.observe(at(5 * M - 1), idle(), at(0)).desired());
            assertEquals(0, zeroDown.observe(at(5 * M), idle(), at(0)).desired());
        }

        @Test
        void aRecentRequestPostponesIt() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            assertEquals(1, scaler.observe(at(7 * M), idle(), at(3 * M)).desired());
            assertEquals(0, scaler.observe(at(8 * M), idle(), at(3 * M)).desired());
        }

        @Test
        void neverRequestedCountsFromConstruction() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(10 * M));
            assertEquals(1, scaler.observe(at(15 * M - 1), idle(), null).desired());
            assertEquals(0, scaler.observe(at(15 * M), idle(), null).desired());
        }

        @Test
        void notWithMinAboveZero() {
            Autoscaler scaler = new Autoscaler(policy(1, 4, 30 * S, 10 * M, 5 * M, Map.of()), 1, at(0));
            assertEquals(new Decision(1, null), scaler.observe(at(2 * H), idle(), null));
        }

        @Test
        void staysAtZeroWithoutNewRequests() {
            Autoscaler scaler = new Autoscaler(policy, 0, at(0));
            assertEquals(new Decision(0, null), scaler.observe(at(S), idle(), null));
            assertEquals(new Decision(0, null), scaler.observe(at(M), idle(), at(-S)));
            assertEquals(new Decision(0, null), scaler.observe(at(H), idle(), at(0)));
        }

        @Test
        void aRequestSeenByObserveWakesIt() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            assertEquals(0, scaler.observe(at(5 * M), idle(), at(0)).desired());
            Decision decision = scaler.observe(at(6 * M), idle(), at(6 * M - S));
            assertEquals(new Decision(1, "scaled up from 0 to 1: a request arrived while scaled to zero"), decision);
        }
    }

    @Nested
    class Demand {
        final Policy policy = policy(0, 4, 30 * S, 10 * M, 5 * M, Map.of());

        @Test
        void fromZeroGoesToOneAtOnce() {
            Autoscaler scaler = new Autoscaler(policy, 0, at(0));
            Decision decision = scaler.demand(at(S));
            assertEquals(new Decision(1, "scaled up from 0 to 1: a request arrived while scaled to zero"), decision);
            assertEquals(1, scaler.desired());
        }

        @Test
        void minAboveOneNeverReachesZeroSoDemandKeepsMin() {
            Autoscaler scaler = new Autoscaler(policy(2, 4, 30 * S, 10 * M, 5 * M, Map.of()), 0, at(0));
            assertEquals(2, scaler.desired());
            assertEquals(new Decision(2, null), scaler.demand(at(S)));
        }

        @Test
        void staysAtZeroWhenMaxIsZero() {
            Autoscaler scaler = new Autoscaler(policy(0, 0, 30 * S, 10 * M, 5 * M, Map.of()), 0, at(0));
            assertEquals(new Decision(0, null), scaler.demand(at(S)));
            assertEquals(new Decision(0, null), scaler.observe(at(2 * S), concurrent(5, 1), at(2 * S)));
        }

        @Test
        void isANoOpWhenReplicasAreWanted() {
            Autoscaler scaler = new Autoscaler(policy, 3, at(0));
            assertEquals(new Decision(3, null), scaler.demand(at(S)));
        }

        @Test
        void restartsTheNoRequestTimerAndTheWindows() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            assertEquals(0, scaler.observe(at(5 * M), idle(), null).desired());
            assertEquals(1, scaler.demand(at(20 * M)).desired());
            // The caller has not recorded the request yet: no bounce back to zero before the window.
            assertEquals(1, scaler.observe(at(21 * M), idle(), null).desired());
            assertEquals(1, scaler.observe(at(21 * M + S), concurrent(4, 1), null).desired());
            assertEquals(1, scaler.observe(at(21 * M + 30 * S), concurrent(4, 1), null).desired());
            assertEquals(4, scaler.observe(at(21 * M + 31 * S), concurrent(4, 1), null).desired());
            assertEquals(0, scaler.observe(at(25 * M), idle(), null).desired());
        }
    }

    @Nested
    class Reset {
        final Policy policy = policy(0, 10, 30 * S, 10 * M, H, Map.of("default", 0.5));

        @Test
        void restartsTheWindows() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            hold(scaler, 0, 20 * S, concurrent(6, 4));
            assertEquals(new Decision(1, null), scaler.reset(policy, 1, at(20 * S)));
            assertEquals(1, hold(scaler, 21 * S, 49 * S, concurrent(6, 4)).desired());
            assertEquals(1, busy(scaler, 50 * S, concurrent(6, 4)).desired()); // first sample after reset is at 21s
            assertEquals(3, busy(scaler, 51 * S, concurrent(6, 4)).desired());
        }

        @Test
        void manualScaleHoldsForTheScaleDownWindow() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            hold(scaler, 0, 5 * M, concurrent(1, 4));
            scaler.reset(policy, 4, at(5 * M));
            assertEquals(4, hold(scaler, 5 * M, 15 * M - S, concurrent(1, 4)).desired());
            assertEquals(1, busy(scaler, 15 * M, concurrent(1, 4)).desired());
        }

        @Test
        void restartsTheNoRequestTimer() {
            Policy zeroable = policy(0, 4, 30 * S, 10 * M, 5 * M, Map.of());
            Autoscaler scaler = new Autoscaler(zeroable, 0, at(0));
            // A user scales an idle deployment to one replica: it is not taken back at once.
            scaler.reset(zeroable, 1, at(H));
            assertEquals(1, scaler.observe(at(H + S), idle(), at(0)).desired());
            assertEquals(1, scaler.observe(at(H + 5 * M - 1), idle(), null).desired());
            assertEquals(0, scaler.observe(at(H + 5 * M), idle(), at(0)).desired());
        }

        @Test
        void toZeroByHandStaysUntilARequest() {
            Policy zeroable = policy(0, 4, 0, 0, 5 * M, Map.of());
            Autoscaler scaler = new Autoscaler(zeroable, 2, at(0));
            scaler.reset(zeroable, 0, at(M));
            assertEquals(0, scaler.observe(at(M + S), concurrent(3, 1), at(M - S)).desired());
            assertEquals(1, scaler.observe(at(M + 2 * S), idle(), at(M + S)).desired());
        }

        @Test
        void clampsToANewMax() {
            Autoscaler scaler = new Autoscaler(policy, 5, at(0));
            Decision decision = scaler.reset(policy(0, 2, 30 * S, 10 * M, H, Map.of()), 5, at(S));
            assertEquals(new Decision(2, "replica count 5 clamped to maxReplicas 2"), decision);
            assertEquals(2, scaler.desired());
            assertEquals(2, scaler.policy().maxReplicas());
        }

        @Test
        void clampsToANewMin() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            Decision decision = scaler.reset(policy(3, 5, 30 * S, 10 * M, H, Map.of()), 1, at(S));
            assertEquals(new Decision(3, "replica count 1 clamped to minReplicas 3"), decision);
            assertEquals(new Decision(3, null), busy(scaler, 2 * S, idle()));
        }

        @Test
        void constructionClampsSilently() {
            assertEquals(2, new Autoscaler(policy(0, 2, 0, 0, H, Map.of()), 7, at(0)).desired());
        }

        @Test
        void newTargetsApplyFromNow() {
            Autoscaler scaler = new Autoscaler(policy, 1, at(0));
            scaler.reset(policy(0, 10, 0, 0, H, Map.of("requests_per_second", 2.0)), 1, at(0));
            assertEquals(4, busy(scaler, S, new Load(0, 4, 7, 0, 0)).desired());
        }
    }

    @Test
    void historyStaysBounded() {
        Autoscaler scaler = new Autoscaler(policy(0, 10, 30 * S, M, H, Map.of()), 5, at(0));
        for (long ms = 0; ms < 2 * H; ms += S) {
            busy(scaler, ms, concurrent((ms / S) % 2 == 0 ? 1 : 7, 1)); // alternates 2 and 9: never held
        }
        assertEquals(5, scaler.desired());
        assertTrue(scaler.historySize() <= 62, "history size " + scaler.historySize());
        for (long ms = 2 * H; ms < 3 * H; ms += S) {
            busy(scaler, ms, concurrent(3.2, 1)); // a steady 4: one sample
        }
        assertEquals(1, scaler.historySize());
    }

    @Test
    void reasonsUseShortDurations() {
        assertEquals("30s", Autoscaler.human(Duration.ofSeconds(30)));
        assertEquals("10m", Autoscaler.human(Duration.ofMinutes(10)));
        assertEquals("1h", Autoscaler.human(Duration.ofHours(1)));
        assertEquals("1m30s", Autoscaler.human(Duration.ofSeconds(90)));
        assertEquals("2h0.25s", Autoscaler.human(Duration.ofHours(2).plusMillis(250)));
        assertEquals("0.5s", Autoscaler.human(Duration.ofMillis(500)));
        assertEquals("0s", Autoscaler.human(Duration.ZERO));
    }

    @Test
    void rejectsInvalidPolicies() {
        assertThrows(IllegalArgumentException.class, () -> policy(-1, 1, 0, 0, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> policy(3, 2, 0, 0, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> policy(0, 1, -1, 0, 0, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> policy(0, 1, 0, 0, 0, Map.of("qps", 1.0)));
        assertThrows(IllegalArgumentException.class, () -> policy(0, 1, 0, 0, 0, Map.of("default", 1.5)));
        assertThrows(IllegalArgumentException.class, () -> policy(0, 1, 0, 0, 0, Map.of("requests_per_second", 0.0)));
        assertThrows(IllegalArgumentException.class, () -> new Load(1, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Load(Double.NaN, 1, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Load(0, 1, -1, 0, 0));
        Policy valid = policy(0, 1, 0, 0, 0, Map.of());
        assertThrows(IllegalArgumentException.class, () -> new Autoscaler(valid, -1, at(0)));
        assertNull(new Autoscaler(valid, 1, at(0)).demand(at(0)).reason());
    }
}
