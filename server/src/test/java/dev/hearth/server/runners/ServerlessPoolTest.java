package dev.hearth.server.runners;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.api.Json;
import dev.hearth.server.runners.RunnerTesting.CountingLauncher;
import dev.hearth.server.testing.SettableClock;
import java.io.BufferedReader;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The serverless pool over real runner processes serving the tiny synthetic model. */
class ServerlessPoolTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path logs;

    private final SettableClock clock = new SettableClock();
    private final List<ServerlessPool> pools = new ArrayList<>();
    private CountingLauncher launcher;

    private ServerlessPool pool(RunnerConfig config) {
        launcher = new CountingLauncher(new LocalProcessLauncher(config));
        ServerlessPool pool = new ServerlessPool(config, launcher, clock);
        pools.add(pool);
        return pool;
    }

    @AfterEach
    void closePools() {
        pools.forEach(ServerlessPool::close);
    }

    private static HttpResponse<String> complete(Lease lease, String apiKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(lease.baseUrl().resolve("/v1/completions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"tiny\",\"prompt\":\"Hello\",\"max_tokens\":4,\"temperature\":0}"));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sixtyFourCallersOfAColdKeyShareOneProcessThatServesCompletionsWithItsKey() throws Exception {
        ServerlessPool pool = pool(RunnerTesting.config(logs));
        RunnerSpec spec = RunnerTesting.tinySpec("tiny@f16");
        int callers = 64;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Lease>> futures = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                futures.add(threads.submit(() -> {
                    go.await();
                    return pool.acquire(spec, Duration.ofSeconds(60));
                }));
            }
            go.countDown();
            List<Lease> leases = new ArrayList<>();
            for (Future<Lease> future : futures) {
                leases.add(future.get());
            }
            assertEquals(1, launcher.launches.get(), "one process for all callers");
            Set<URI> urls = new HashSet<>();
            Set<Long> pids = new HashSet<>();
            leases.forEach(l -> {
                urls.add(l.baseUrl());
                pids.add(l.pid());
            });
            assertEquals(1, urls.size(), urls.toString());
            assertEquals(1, pids.size(), pids.toString());
            assertEquals(callers, pool.status().getFirst().leases());

            Lease lease = leases.getFirst();
            assertTrue(lease.baseUrl().toString().startsWith("http://127.0.0.1:"), lease.baseUrl().toString());
            HttpResponse<String> ok = complete(lease, lease.apiKey());
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode body = Json.MAPPER.readTree(ok.body());
            assertTrue(body.path("choices").path(0).has("text"), ok.body());
            assertEquals(401, complete(lease, null).statusCode(), "the runner refuses requests without its key");
            assertEquals(401, complete(lease, "wrong").statusCode());

            leases.forEach(Lease::close);
            lease.close(); // idempotent
            assertEquals(0, pool.status().getFirst().leases());
        }
        String log = Files.readString(LocalProcessLauncher.logFile(logs, spec.key()));
        assertTrue(log.contains("serving tiny on http://127.0.0.1:"), log);
        assertTrue(!log.contains("Hello"), "runners never log prompts");

        long pid = pool.status().getFirst().pid();
        pool.close();
        assertTrue(RunnerTesting.exits(pid, Duration.ofSeconds(10)), "close() stops the runner");
        assertThrows(RunnerUnavailableException.class, () -> pool.acquire(spec, Duration.ofSeconds(1)));
    }

    @Test
    void idleRunnerIsReapedButALeasedOneIsNot() throws Exception {
        ServerlessPool pool = pool(RunnerTesting.config(logs).withIdleWindow(Duration.ofMinutes(10)));
        RunnerSpec spec = RunnerTesting.tinySpec("tiny@f16");
        Lease lease = pool.acquire(spec, Duration.ofSeconds(60));
        long pid = lease.pid();

        clock.advance(Duration.ofMinutes(11));
        assertEquals(0, pool.reapIdle(), "a runner with an open lease is never idle");
        lease.close();
        clock.advance(Duration.ofMinutes(9));
        assertEquals(0, pool.reapIdle(), "idle for less than the window");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, pool.reapIdle());
        assertTrue(RunnerTesting.exits(pid, Duration.ofSeconds(10)), "the reaped runner's process is gone");
        assertTrue(pool.status().isEmpty());

        Lease again = pool.acquire(spec, Duration.ofSeconds(60));
        assertNotEquals(pid, again.pid(), "the next request starts a new runner");
        assertEquals(2, launcher.launches.get());
        assertEquals(200, complete(again, again.apiKey()).statusCode());
        again.close();
    }

    @Test
    void aFileThatIsNotAGgufFailsOnceWithTheLoadErrorAndIsNotRelaunchedUntilTheFailureMemoryPasses() throws Exception {
        Path bogus = logs.resolve("bogus.gguf");
        Files.writeString(bogus, "this is not a model file at all, just some text that is long enough to read a header from");
        ServerlessPool pool = pool(RunnerTesting.config(logs).withFailureMemory(Duration.ofSeconds(30)));
        List<String> events = new CopyOnWriteArrayList<>();
        pool.addListener((s, state, reason) -> events.add(state + " " + reason));
        RunnerSpec spec = RunnerSpec.engine("bogus@f16", "bogus", "bogus", bogus, List.of("--threads", "1"));

        RunnerStartException first = assertThrows(RunnerStartException.class, () -> pool.acquire(spec, Duration.ofSeconds(60)));
        assertTrue(first.getMessage().startsWith("hearth engine: "), first.getMessage());
        assertTrue(first.getMessage().contains("exit code 1"), first.getMessage());
        assertEquals(1, launcher.launches.get());

        RunnerStartException remembered = assertThrows(RunnerStartException.class, () -> pool.acquire(spec, Duration.ofSeconds(60)));
        assertEquals(first.getMessage(), remembered.getMessage());
        Thread.sleep(1000);
        assertEquals(1, launcher.launches.get(), "no restart loop after a failed first load");
        assertTrue(events.contains("FAILED " + first.getMessage()), events.toString());
        assertTrue(events.stream().noneMatch(e -> e.startsWith("RESTARTING")), events.toString());

        clock.advance(Duration.ofSeconds(31));
        RunnerStartException retried = assertThrows(RunnerStartException.class, () -> pool.acquire(spec, Duration.ofSeconds(60)));
        assertEquals(first.getMessage(), retried.getMessage());
        assertEquals(2, launcher.launches.get(), "a request after the failure memory tries again");
    }

    @Test
    void aRunnerKilledWhileReadyIsRestartedAndServesTheNextLease() throws Exception {
        ServerlessPool pool = pool(RunnerTesting.config(logs));
        List<String> events = new CopyOnWriteArrayList<>();
        pool.addListener((s, state, reason) -> events.add(state.name()));
        RunnerSpec spec = RunnerTesting.tinySpec("tiny@f16");

        RunnerUnavailableException impatient = assertThrows(RunnerUnavailableException.class,
                () -> pool.acquire(spec, Duration.ofMillis(1)));
        assertTrue(impatient.getMessage().contains("still loading"), impatient.getMessage());

        Lease lease = pool.acquire(spec, Duration.ofSeconds(60));
        assertEquals(1, launcher.launches.get(), "the impatient caller's start is the one the next caller gets");
        long pid = lease.pid();
        lease.close();

        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
        assertTrue(RunnerTesting.exits(pid, Duration.ofSeconds(10)));
        Lease after = pool.acquire(spec, Duration.ofSeconds(60));
        // The acquire may land before the supervisor noticed the death; then the gateway's report triggers the restart.
        if (after.pid() == pid) {
            after.reportFailure();
            after.close();
            after = pool.acquire(spec, Duration.ofSeconds(60));
        }
        assertNotEquals(pid, after.pid());
        assertEquals(2, launcher.launches.get());
        HttpResponse<String> ok = complete(after, after.apiKey());
        assertEquals(200, ok.statusCode(), ok.body());
        after.close();
        assertTrue(events.containsAll(List.of("READY", "RESTARTING")), events.toString());
        assertEquals("READY", events.getLast(), events.toString());
        assertSame(RunnerState.READY, pool.status().getFirst().state());
    }

    @Test
    void aRunnerWhoseRestartsKeepFailingEndsFailedWithTheLastReason() throws Exception {
        Path model = logs.resolve("model.gguf");
        Files.copy(RunnerTesting.tinyModel(), model);
        ServerlessPool pool = pool(RunnerTesting.config(logs).withRestarts(Duration.ofMillis(50), Duration.ofSeconds(2), 2));
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch failed = new CountDownLatch(1);
        pool.addListener((s, state, reason) -> {
            events.add(state + (reason == null ? "" : " " + reason));
            if (state == RunnerState.FAILED) {
                failed.countDown();
            }
        });
        RunnerSpec spec = RunnerSpec.engine("model@f16", "model", "model", model, List.of("--ctx", "256", "--threads", "1"));
        long pid;
        try (Lease lease = pool.acquire(spec, Duration.ofSeconds(60))) {
            pid = lease.pid();
        }
        Files.writeString(model, "the weights were overwritten with something that is not a model");
        assertTrue(ProcessHandle.of(pid).orElseThrow().destroyForcibly());
        assertTrue(failed.await(60, java.util.concurrent.TimeUnit.SECONDS), events.toString());
        assertEquals(3, launcher.launches.get(), "the first launch and two restarts");
        String reason = events.getLast();
        assertTrue(reason.startsWith("FAILED gave up after 2 restarts in a row: hearth engine: llama.cpp could not load"), reason);
        assertEquals(List.of("READY", "RESTARTING", "RESTARTING"), events.subList(0, 3).stream().map(e -> e.split(" ")[0]).toList());
        RunnerStartException remembered = assertThrows(RunnerStartException.class, () -> pool.acquire(spec, Duration.ofSeconds(1)));
        assertEquals(reason.substring("FAILED ".length()), remembered.getMessage());
        assertEquals(3, launcher.launches.get());
    }

    @Test
    void aRunnerThatStopsAnsweringHealthChecksIsReplaced() throws Exception {
        ServerlessPool pool = pool(RunnerTesting.config(logs).withHealth(Duration.ofMillis(200), Duration.ofMillis(500), 2));
        RunnerSpec spec = RunnerTesting.tinySpec("tiny@f16");
        long pid;
        try (Lease lease = pool.acquire(spec, Duration.ofSeconds(60))) {
            pid = lease.pid();
        }
        signal("STOP", pid); // alive but frozen: only the health checks can tell
        try {
            assertTrue(RunnerTesting.exits(pid, Duration.ofSeconds(20)), "the frozen runner was not killed");
            try (Lease after = pool.acquire(spec, Duration.ofSeconds(60))) {
                assertNotEquals(pid, after.pid());
                assertEquals(200, complete(after, after.apiKey()).statusCode());
            }
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aReportedFailureChecksTheRunnerAtOnce() throws Exception {
        // Periodic checks are too rare to matter here: only the gateway's report can trigger the restart.
        ServerlessPool pool = pool(RunnerTesting.config(logs).withHealth(Duration.ofMinutes(5), Duration.ofMillis(500), 3));
        RunnerSpec spec = RunnerTesting.tinySpec("tiny@f16");
        Lease lease = pool.acquire(spec, Duration.ofSeconds(60));
        long pid = lease.pid();
        try {
            signal("STOP", pid);
            lease.reportFailure();
            lease.close();
            assertTrue(RunnerTesting.exits(pid, Duration.ofSeconds(10)), "the reported runner was not replaced");
            try (Lease after = pool.acquire(spec, Duration.ofSeconds(60))) {
                assertNotEquals(pid, after.pid());
                assertEquals(200, complete(after, after.apiKey()).statusCode());
            }
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    void aRunnerThatDoesNotLoadInTimeIsKilledAndFailed() throws Exception {
        ServerlessPool pool = pool(RunnerTesting.config(logs).withLoadTimeout(Duration.ofMillis(300)));
        RunnerStartException slow = assertThrows(RunnerStartException.class,
                () -> pool.acquire(RunnerTesting.tinySpec("tiny@f16"), Duration.ofSeconds(60)));
        assertTrue(slow.getMessage().contains("did not become ready within 300ms"), slow.getMessage());
        assertEquals(1, launcher.launches.get());
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor());
    }

    @Test
    void killingTheServerWithSigkillTakesItsRunnersDown() throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Dhearth.llama.dir=" + System.getProperty("hearth.llama.dir"),
                "-cp", System.getProperty("java.class.path"), OrphanProbe.class.getName(), logs.toString()));
        Process server = new ProcessBuilder(command).redirectErrorStream(true).start();
        long runnerPid = -1;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
            List<String> seen = new ArrayList<>();
            for (String line; (line = out.readLine()) != null; ) {
                seen.add(line);
                if (line.startsWith("runner-pid ")) {
                    runnerPid = Long.parseLong(line.substring("runner-pid ".length()).strip());
                    break;
                }
            }
            assertTrue(runnerPid > 0, "the probe never started its runner: " + seen);
            assertTrue(ProcessHandle.of(runnerPid).map(ProcessHandle::isAlive).orElse(false));

            server.destroyForcibly(); // SIGKILL: no shutdown hooks, no pool.close()
            assertTrue(server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
            assertTrue(RunnerTesting.exits(runnerPid, Duration.ofSeconds(10)), "the runner outlived its killed server");
        } finally {
            server.destroyForcibly();
            if (runnerPid > 0) {
                ProcessHandle.of(runnerPid).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void backoffDoublesUpToTheCap() {
        RunnerConfig config = RunnerConfig.defaults(logs).withRestarts(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L),
                List.of(1, 2, 3, 4, 5, 6, 20).stream().map(n -> config.backoff(n).toSeconds()).toList());
    }

    @Test
    void specsMayNotSetTheFlagsTheLauncherOwns() {
        assertThrows(IllegalArgumentException.class,
                () -> new RunnerSpec("k", "m", "m", List.of("engine", "--model", "/m.gguf", "--port", "9")));
        assertThrows(IllegalArgumentException.class,
                () -> new RunnerSpec("k", "m", "m", List.of("engine", "--api-key=x")));
    }
}
