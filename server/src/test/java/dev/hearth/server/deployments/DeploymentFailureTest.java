package dev.hearth.server.deployments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import dev.hearth.engine.synth.SynthPreset;
import dev.hearth.engine.synth.SyntheticModelWriter;
import dev.hearth.server.HearthServer;
import dev.hearth.server.models.ModelTestUploads;
import dev.hearth.server.testing.Http;
import dev.hearth.server.testing.SettableClock;
import dev.hearth.server.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dedicated deployment's replicas failing and changing under load, with real replica processes of a tiny synthetic
 * model: a replica killed with SIGKILL mid-stream, the server restarted while a deployment scales, a scale-down with
 * streams open, and 200 clients for a minute against a two-replica deployment.
 */
class DeploymentFailureTest {
    /** How long the load test keeps its 200 clients busy. */
    static final Duration LOAD_DURATION = Duration.ofSeconds(60);
    static final int LOAD_CLIENTS = 200;
    /**
     * Tokens of a "long" stream: replicas of the tiny model with their share of the cores stream hundreds of tokens a
     * second each, so a stream must be this long to still run seconds after all streams are open.
     */
    static final int LONG_STREAM_TOKENS = 3000;

    @TempDir
    static Path dir;
    static Path tinyModel;

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void writeModel() throws Exception {
        tinyModel = dir.resolve("tiny.gguf");
        // The tiny shape with a 16k context, so a replica's sequences (8192 tokens each) hold the long streams.
        var t = SynthPreset.TINY.spec(null);
        var spec = new dev.hearth.engine.synth.SynthSpec(t.architecture(), t.hiddenSize(), t.layers(), t.heads(), t.kvHeads(),
                t.ffnSize(), 16384, t.ropeTheta(), t.rmsEps(), t.tiedEmbeddings(), null, null, t.weightType(), 7);
        SyntheticModelWriter.write(spec, tinyModel, (a, b, c, d) -> {
            throw new IllegalStateException();
        });
    }

    /** A fast controller tick; a drain timeout far past any stream here, so draining is never cut short. */
    static HearthServer.Options options(SettableClock clock) {
        return new HearthServer.Options(clock, new DeploymentController.Settings(Duration.ofMillis(200), Duration.ofMinutes(10)),
                Deployments.Limits.defaults());
    }

    static TestServer start(Path home, SettableClock clock) throws IOException {
        return TestServer.start(home, null, options(clock));
    }

    static void uploadTiny(TestServer server) throws Exception {
        assertEquals(200, ModelTestUploads.create(server.baseUrl(), server.adminKey(), "local", "tiny", "{}").status());
        Http.Response validated = ModelTestUploads.upload(server.baseUrl(), server.adminKey(), "local", "tiny", tinyModel);
        assertEquals(200, validated.status(), validated.body());
    }

    static String deployments(TestServer server) {
        return server.baseUrl() + "/v1/accounts/local/deployments";
    }

    static void create(TestServer server, String id, int min, int max) {
        Http.Response created = Http.json("POST", deployments(server) + "?deploymentId=" + id, server.adminKey(),
                "{\"baseModel\": \"accounts/local/models/tiny\", \"minReplicaCount\": " + min + ", \"maxReplicaCount\": " + max + "}");
        assertEquals(200, created.status(), created.body());
    }

    static void scale(TestServer server, String id, int replicas) {
        Http.Response scaled = Http.json("PATCH", deployments(server) + "/" + id + ":scale", server.adminKey(),
                "{\"replicaCount\": " + replicas + "}");
        assertEquals(200, scaled.status(), scaled.body());
    }

    static JsonNode get(TestServer server, String id) {
        return Http.get(deployments(server) + "/" + id, server.adminKey()).json();
    }

    static int ready(JsonNode d) {
        return d.path("replicaStats").path("readyReplicaCount").asInt();
    }

    static JsonNode waitFor(TestServer server, String id, String what, Predicate<JsonNode> condition) throws InterruptedException {
        JsonNode[] last = new JsonNode[1];
        await(Duration.ofMinutes(3), "deployment " + id + " to be " + what, () -> condition.test(last[0] = get(server, id)),
                () -> String.valueOf(last[0]));
        return last[0];
    }

    /** Polls until {@code condition} holds; generous deadlines, since the test machine may be slow and busy. */
    static void await(Duration deadline, String what, BooleanSupplier condition) throws InterruptedException {
        await(deadline, what, condition, () -> "");
    }

    static void await(Duration deadline, String what, BooleanSupplier condition, Supplier<String> detail)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                fail("timed out after " + deadline.toSeconds() + " s waiting for " + what + " " + detail.get());
            }
            Thread.sleep(50);
        }
    }

    static List<Replica> replicas(TestServer server, String id) {
        return server.server().deployments().replicasOf("local/" + id);
    }

    static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * The live processes under this JVM that serve weights from {@code home}: every replica any server on that home
     * started, including ones whose pid it never reported.
     */
    static Set<Long> runnerProcesses(Path home) {
        String blobs = home.resolve("blobs").toString();
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).filter(p -> commandLine(p).contains(blobs))
                .map(ProcessHandle::pid).collect(Collectors.toSet());
    }

    /** The whole command line: {@code ProcessHandle.Info} cuts long ones (the runner's class path is long) short. */
    static String commandLine(ProcessHandle p) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return p.info().commandLine().orElse("");
        }
    }

    static String completionBody(String id, int maxTokens, boolean stream) {
        return "{\"model\": \"accounts/local/deployments/" + id + "\", \"prompt\": \"Once upon a time\", \"max_tokens\": "
                + maxTokens + ", \"ignore_eos\": true, \"temperature\": 0, \"stream\": " + stream + "}";
    }

    /** Reads the runner's own Prometheus metrics (not through the server), summed by metric name. */
    static Map<String, Double> runnerMetrics(Replica replica) throws IOException, InterruptedException {
        URI base = replica.runner.baseUrl();
        assertNotNull(base, "replica " + replica.index + " has no process serving");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/metrics")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + replica.runner.apiKey()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Double> values = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            values.merge(name, Double.parseDouble(line.substring(space + 1)), Double::sum);
        }
        return values;
    }

    /** One streamed completion read on its own virtual thread: what arrived, how it ended, and when. */
    static final class Stream {
        final int number;
        final CompletableFuture<Void> firstEvent = new CompletableFuture<>();
        final CompletableFuture<Void> ended = new CompletableFuture<>();
        volatile int status;
        volatile int textChunks;
        volatile boolean sawDone;
        volatile String error;
        volatile String finishReason;
        volatile int completionTokens = -1;
        volatile long endedNanos;
        volatile String failure;
        /** The replica that took it, told by which replica's outstanding count rose when it opened. */
        Replica replica;

        Stream(int number) {
            this.number = number;
        }

        boolean complete(int maxTokens) {
            return sawDone && error == null && failure == null && completionTokens == maxTokens && "length".equals(finishReason);
        }

        @Override
        public String toString() {
            return "stream " + number + " (replica " + (replica == null ? "?" : replica.index) + ", status " + status + ", "
                    + textChunks + " text chunks, completion tokens " + completionTokens + ", finish " + finishReason
                    + ", [DONE] " + sawDone + ", error " + error + (failure == null ? "" : ", failure " + failure) + ")";
        }
    }

    static Stream openStream(TestServer server, String id, int number, int maxTokens) {
        Stream s = new Stream(number);
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/inference/v1/completions"))
                .header("Authorization", "Bearer " + server.adminKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(completionBody(id, maxTokens, true))).build();
        Thread.ofVirtual().name("stream-" + number).start(() -> {
            try {
                HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
                s.status = response.statusCode();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        if (!line.startsWith("data: ")) {
                            continue;
                        }
                        String data = line.substring(6);
                        s.firstEvent.complete(null);
                        if (data.equals("[DONE]")) {
                            s.sawDone = true;
                            continue;
                        }
                        JsonNode event = Json.MAPPER.readTree(data);
                        if (event.has("error")) {
                            s.error = event.path("error").path("code").asText(event.path("error").toString());
                            continue;
                        }
                        JsonNode choice = event.path("choices").path(0);
                        if (!choice.path("text").asText().isEmpty()) {
                            s.textChunks++;
                        }
                        if (choice.hasNonNull("finish_reason")) {
                            s.finishReason = choice.path("finish_reason").asText();
                        }
                        if (event.path("usage").isObject()) {
                            s.completionTokens = event.path("usage").path("completion_tokens").asInt();
                        }
                    }
                }
            } catch (Exception e) {
                s.failure = e.toString();
            } finally {
                s.endedNanos = System.nanoTime();
                s.firstEvent.complete(null);
                s.ended.complete(null);
            }
        });
        return s;
    }

    /**
     * Opens streams one at a time, each only once the previous one is generating, so the replica whose outstanding
     * count rose is the one that took it.
     */
    static List<Stream> openStreams(TestServer server, String id, int count, int maxTokens) throws Exception {
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Replica> before = replicas(server, id);
            int[] counts = before.stream().mapToInt(r -> r.outstanding.get()).toArray();
            Stream s = openStream(server, id, i, maxTokens);
            s.firstEvent.get(2, TimeUnit.MINUTES);
            assertEquals(200, s.status, s.toString());
            assertNull(s.failure, s.toString());
            for (int j = 0; j < before.size(); j++) {
                if (before.get(j).outstanding.get() == counts[j] + 1) {
                    assertNull(s.replica, "two replicas took stream " + i);
                    s.replica = before.get(j);
                }
            }
            assertNotNull(s.replica, "no replica's outstanding count rose for stream " + i + " (did one end already?)");
            streams.add(s);
        }
        return streams;
    }

    static void awaitEnded(List<Stream> streams, Duration deadline) throws InterruptedException {
        await(deadline, "streams to end", () -> streams.stream().allMatch(s -> s.ended.isDone()), streams::toString);
    }

    static List<Stream> on(List<Stream> streams, Replica replica) {
        return streams.stream().filter(s -> s.replica == replica).toList();
    }

    // ---- 1. SIGKILL of a replica under streaming load ----

    @Test
    void aReplicaKilledUnderStreamingLoadFailsOnlyItsStreamsPromptlyAndComesBack() throws Exception {
        Path home = Files.createTempDirectory("hearth-fail-kill-");
        try (TestServer server = start(home, new SettableClock())) {
            uploadTiny(server);
            create(server, "kill", 2, 2);
            waitFor(server, "kill", "READY with two replicas", d -> d.path("state").asText().equals("READY") && ready(d) == 2);

            List<Stream> streams = openStreams(server, "kill", 8, LONG_STREAM_TOKENS);
            Replica victim = streams.getFirst().replica;
            List<Stream> doomed = on(streams, victim);
            List<Stream> spared = streams.stream().filter(s -> s.replica != victim).toList();
            assertEquals(4, doomed.size(), "least-outstanding routing splits 8 streams 4/4: " + streams);
            assertTrue(doomed.stream().noneMatch(s -> s.ended.isDone()), "the victim's streams must still be open at the kill "
                    + "(LONG_STREAM_TOKENS too small for this machine?): " + streams);
            long pid = victim.runner.pid();
            assertTrue(alive(pid), "victim pid " + pid);

            assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
            long killedAt = System.nanoTime();
            awaitEnded(doomed, Duration.ofMinutes(1));
            for (Stream s : doomed) {
                long afterKillMillis = (s.endedNanos - killedAt) / 1_000_000;
                System.out.println("[kill] " + s + " ended " + afterKillMillis + " ms after the kill");
                assertEquals("RUNNER_FAILED", s.error, "a stream of the killed replica ends with the documented error event: " + s);
                assertFalse(s.sawDone, s.toString());
                assertNull(s.failure, "the error is an event on a cleanly ended stream, not a broken connection: " + s);
                assertTrue(s.completionTokens < 0 && s.textChunks < LONG_STREAM_TOKENS, "it did not finish: " + s);
                // Prompt: the kill shows at once (a dead socket), not after a read timeout or a health check. Generous
                // for a slow machine; GatewayFailureTest holds a single stream to 5 s.
                assertTrue(afterKillMillis < 15_000, s + " ended " + afterKillMillis + " ms after the kill");
            }

            awaitEnded(spared, Duration.ofMinutes(10));
            for (Stream s : spared) {
                assertTrue(s.complete(LONG_STREAM_TOKENS), "a stream on the other replica is unaffected: " + s);
            }

            // The supervisor replaces the killed process; the deployment is back to two ready replicas.
            await(Duration.ofMinutes(3), "the killed replica to be replaced", () -> {
                List<Replica> now = replicas(server, "kill");
                return now.size() == 2 && now.stream().allMatch(Replica::isReady) && now.stream().noneMatch(r -> r.runner.pid() == pid)
                        && ready(get(server, "kill")) == 2;
            }, () -> get(server, "kill").toString());
            assertFalse(alive(pid), "the killed process is gone");
            Replica back = replicas(server, "kill").stream().filter(r -> r != spared.getFirst().replica).findFirst().orElseThrow();
            assertTrue(alive(back.runner.pid()));
            assertEquals(Set.copyOf(replicas(server, "kill").stream().map(r -> r.runner.pid()).toList()), runnerProcesses(home),
                    "exactly the two replicas run");

            // And it serves: requests spread over both replicas until the replaced one has answered some.
            for (int i = 0; admitted(back) == 0; i++) {
                assertTrue(i < 50, "the replaced replica never got a request");
                Http.Response answer = Http.json("POST", server.baseUrl() + "/inference/v1/completions", server.adminKey(),
                        completionBody("kill", 4, false));
                assertEquals(200, answer.status(), answer.body());
            }
        }
    }

    /** Prompt tokens a replica's runner has admitted (computed or from its cache): it rises with each request it takes. */
    static double admitted(Replica replica) throws IOException, InterruptedException {
        Map<String, Double> m = runnerMetrics(replica);
        return m.getOrDefault("vllm:prompt_tokens_total", 0.0) + m.getOrDefault("hearth:cached_prompt_tokens_total", 0.0);
    }

    // ---- 2. The server restarted while a deployment scales ----

    @Test
    void aServerRestartedWhileADeploymentScalesEndsAtTheDesiredSizeWithoutLeakingTheOldReplicas() throws Exception {
        SettableClock clock = new SettableClock();
        Path home = Files.createTempDirectory("hearth-fail-restart-");
        TestServer server = start(home, clock);
        try {
            uploadTiny(server);
            create(server, "grow", 1, 3);
            waitFor(server, "grow", "READY with one replica", d -> d.path("state").asText().equals("READY") && ready(d) == 1);
            Set<Long> old = new HashSet<>(runnerProcesses(home));
            assertEquals(1, old.size(), old.toString());

            // Scale to 2, and stop the server as soon as the controller has begun starting the new replica.
            scale(server, "grow", 2);
            TestServer scaling = server;
            await(Duration.ofMinutes(1), "the controller to start a second replica", () -> replicas(scaling, "grow").size() == 2);
            String atStop = replicas(server, "grow").stream().map(r -> r.index + ":" + r.runner.state() + "/pid " + r.runner.pid()).toList()
                    .toString();
            old.addAll(runnerProcesses(home));
            old.addAll(server.server().deployments().replicaPids().getOrDefault("local/grow", List.of()));
            server.stopKeepingState();
            System.out.println("[restart] stopped with replicas " + atStop + "; processes " + old);
            old.addAll(runnerProcesses(home));
            old.remove(-1L);
            await(Duration.ofMinutes(1), "the old server's replicas to exit", () -> runnerProcesses(home).isEmpty(),
                    () -> runnerProcesses(home).toString());

            server = start(home, clock);
            TestServer restarted = server;
            JsonNode d = waitFor(server, "grow", "READY with two replicas after the restart",
                    x -> x.path("state").asText().equals("READY") && ready(x) == 2);
            assertEquals(2, d.path("desiredReplicaCount").asInt(), d.toString());
            assertEquals(2, d.path("replicaCount").asInt(), d.toString());
            List<Long> pids = server.server().deployments().replicaPids().get("local/grow");
            assertEquals(2, pids.size(), pids.toString());
            for (long pid : pids) {
                assertTrue(alive(pid), "replica " + pid + " runs");
                assertFalse(old.contains(pid), "replica " + pid + " is the new server's");
            }
            for (long pid : old) {
                assertFalse(alive(pid), "the old server's replica " + pid + " still runs");
            }
            // Nothing else runs on this home's weights: no replica the old server launched but never reported.
            await(Duration.ofSeconds(30), "only the new replicas to run", () -> runnerProcesses(home).equals(Set.copyOf(pids)),
                    () -> runnerProcesses(home) + " vs " + pids);
            Http.Response answer = Http.json("POST", restarted.baseUrl() + "/inference/v1/completions", restarted.adminKey(),
                    completionBody("grow", 4, false));
            assertEquals(200, answer.status(), answer.body());
        } finally {
            server.close();
        }
        assertTrue(runnerProcesses(home).isEmpty(), "closing the server stops its replicas: " + runnerProcesses(home));
    }

    // ---- 3. Scale-down while streams are open ----

    @Test
    void scalingDownWithStreamsOpenDrainsTheReplicaBeforeStoppingIt() throws Exception {
        Path home = Files.createTempDirectory("hearth-fail-drain-");
        try (TestServer server = start(home, new SettableClock())) {
            uploadTiny(server);
            create(server, "drain", 1, 2);
            waitFor(server, "drain", "READY", d -> d.path("state").asText().equals("READY") && ready(d) == 1);
            scale(server, "drain", 2);
            waitFor(server, "drain", "two ready replicas", d -> ready(d) == 2);

            List<Stream> streams = openStreams(server, "drain", 4, LONG_STREAM_TOKENS);
            scale(server, "drain", 1);
            await(Duration.ofMinutes(1), "a replica to drain", () -> replicas(server, "drain").stream().anyMatch(r -> r.draining));
            List<Replica> all = replicas(server, "drain");
            Replica drained = all.stream().filter(r -> r.draining).findFirst().orElseThrow();
            Replica kept = all.stream().filter(r -> r != drained).findFirst().orElseThrow();
            long pid = drained.runner.pid();
            List<Stream> draining = on(streams, drained);
            assertEquals(2, draining.size(), streams.toString());
            assertTrue(draining.stream().noneMatch(s -> s.ended.isDone()), "the drained replica's streams must still be open "
                    + "(LONG_STREAM_TOKENS too small for this machine?): " + streams);
            assertTrue(alive(pid), "a draining replica keeps running while it has streams");

            // Watch the drained process: when it is first seen gone, no request may still hold it.
            int[] outstandingAtExit = {-1};
            Thread watcher = Thread.ofVirtual().start(() -> {
                while (alive(pid)) {
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                outstandingAtExit[0] = drained.outstanding.get();
            });

            // New requests meanwhile all go to the kept replica.
            double drainedBefore = admitted(drained);
            double keptBefore = admitted(kept);
            for (int i = 0; i < 4; i++) {
                Http.Response answer = Http.json("POST", server.baseUrl() + "/inference/v1/completions", server.adminKey(),
                        completionBody("drain", 4, false));
                assertEquals(200, answer.status(), answer.body());
            }
            assertTrue(draining.stream().noneMatch(s -> s.ended.isDone()), "the new requests must overlap the drain: " + streams);
            assertEquals(drainedBefore, admitted(drained), "the draining replica took no new request");
            assertTrue(admitted(kept) > keptBefore, "the kept replica took the new requests");
            assertTrue(alive(pid), "still draining");

            // Every stream finishes completely, the drained replica's too.
            awaitEnded(streams, Duration.ofMinutes(10));
            for (Stream s : streams) {
                assertTrue(s.complete(LONG_STREAM_TOKENS), "no stream is cut by the scale-down: " + s);
            }
            // Then the drained process exits, with nothing outstanding on it when it did, and the deployment is at 1.
            watcher.join(Duration.ofMinutes(1));
            assertFalse(alive(pid), "the drained replica stops once its streams are done");
            assertEquals(0, outstandingAtExit[0], "the drained replica stopped while requests were still on it");
            await(Duration.ofMinutes(1), "one replica left", () -> replicas(server, "drain").equals(List.of(kept))
                    && get(server, "drain").path("replicaCount").asInt() == 1);
            assertEquals(Set.of(kept.runner.pid()), runnerProcesses(home));
        }
    }

    // ---- 4. 200 clients for a minute ----

    @Test
    void twoHundredClientsForAMinuteGetOnlyAnswersOrDocumentedRefusalsAndLeakNothing() throws Exception {
        Path home = Files.createTempDirectory("hearth-fail-load-");
        try (TestServer server = start(home, new SettableClock())) {
            uploadTiny(server);
            create(server, "load", 2, 2);
            waitFor(server, "load", "READY with two replicas", d -> d.path("state").asText().equals("READY") && ready(d) == 2);
            List<Replica> serving = replicas(server, "load");
            Set<Long> pids = Set.copyOf(serving.stream().map(r -> r.runner.pid()).toList());

            Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
            Queue<String> unexpected = new ConcurrentLinkedQueue<>();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/inference/v1/completions"))
                    .header("Authorization", "Bearer " + server.adminKey()).header("Content-Type", "application/json")
                    .timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers.ofString(completionBody("load", 4, false))).build();
            long end = System.nanoTime() + LOAD_DURATION.toNanos();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < LOAD_CLIENTS; c++) {
                    pool.submit(() -> {
                        Random random = new Random();
                        while (System.nanoTime() < end) {
                            String outcome;
                            boolean backOff = false;
                            try {
                                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                                int status = response.statusCode();
                                String code = status == 200 ? "" : Json.MAPPER.readTree(response.body()).path("error").path("code").asText();
                                outcome = status + (code.isEmpty() ? "" : " " + code);
                                boolean documented = status == 200 || status == 429 && code.equals("DEPLOYMENT_AT_CAPACITY")
                                        || status == 503 && code.equals("DEPLOYMENT_SCALING_UP");
                                if (!documented && unexpected.size() < 20) {
                                    unexpected.add(status + " " + response.body());
                                }
                                backOff = status != 200;
                            } catch (IOException e) {
                                outcome = "exception " + e.getClass().getSimpleName();
                                if (unexpected.size() < 20) {
                                    unexpected.add(e.toString());
                                }
                                backOff = true;
                            } catch (InterruptedException e) {
                                return;
                            }
                            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
                            if (backOff) {
                                // As the 429 says: retry with backoff (and keep 200 clients from spinning the 2 cores).
                                try {
                                    Thread.sleep(100 + random.nextInt(200));
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        }
                    });
                }
            }
            client.close();
            System.out.println("[load] " + LOAD_CLIENTS + " clients for " + LOAD_DURATION.toSeconds() + " s: " + outcomes);
            assertTrue(unexpected.isEmpty(), "only 200, 429 DEPLOYMENT_AT_CAPACITY and 503 DEPLOYMENT_SCALING_UP: " + unexpected
                    + " of " + outcomes);
            assertTrue(outcomes.getOrDefault("200", new AtomicInteger()).get() > 0, outcomes.toString());

            // Afterwards: the same two processes, no request held by the gateway, no slot busy or queued in a runner.
            List<Replica> after = replicas(server, "load");
            assertEquals(serving, after, "no replica was replaced under load");
            assertEquals(pids, runnerProcesses(home));
            for (Replica r : after) {
                await(Duration.ofSeconds(30), "replica " + r.index + " to be idle", () -> {
                    try {
                        Map<String, Double> m = runnerMetrics(r);
                        return r.outstanding.get() == 0 && m.get("vllm:num_requests_running") == 0 && m.get("vllm:num_requests_waiting") == 0;
                    } catch (IOException | InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }, () -> r.outstanding.get() + " outstanding in the gateway");
            }

            // Deleting the deployment stops both processes.
            assertEquals(200, Http.call("DELETE", deployments(server) + "/load?ignoreChecks=true", server.adminKey(), null, null).status());
            waitFor(server, "load", "DELETED", x -> x.path("state").asText().equals("DELETED"));
            await(Duration.ofMinutes(1), "the replicas to exit", () -> runnerProcesses(home).isEmpty(), () -> runnerProcesses(home).toString());
            for (long pid : pids) {
                assertFalse(alive(pid), "replica " + pid + " still runs");
            }
            assertTrue(server.server().deployments().replicaPids().getOrDefault("local/load", List.of()).isEmpty());
        }
    }
}
