package dev.hearth.server.runners;

import java.nio.file.Path;
import java.time.Duration;

/** A stand-in server for the orphan test: starts one runner through a pool, prints its pid, then waits to be killed. */
public final class OrphanProbe {
    private OrphanProbe() {}

    public static void main(String[] args) throws Exception {
        ServerlessPool pool = new ServerlessPool(RunnerTesting.config(Path.of(args[0])));
        Lease lease = pool.acquire(RunnerTesting.tinySpec("orphan"), Duration.ofSeconds(60));
        System.out.println("runner-pid " + lease.pid());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5));
        pool.close();
    }
}
