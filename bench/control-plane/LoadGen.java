import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed-concurrency loopback load generator: N workers each send one request at a time, back to back, for a
 * warm-up and then a measured period; prints throughput and latency percentiles of the measured period.
 * Usage: java LoadGen.java URL API_KEY CONCURRENCY WARMUP_SECONDS SECONDS
 */
public class LoadGen {
    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        String key = args[1];
        int concurrency = Integer.parseInt(args[2]);
        long warmupNanos = Duration.ofSeconds(Long.parseLong(args[3])).toNanos();
        long measureNanos = Duration.ofSeconds(Long.parseLong(args[4])).toNanos();

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + key).GET().build();
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + measureNanos;
        AtomicLong errors = new AtomicLong();
        List<long[]> perWorker = new ArrayList<>();
        List<Thread> workers = new ArrayList<>();
        int[] counts = new int[concurrency];
        for (int w = 0; w < concurrency; w++) {
            long[] latencies = new long[4_000_000 / concurrency];
            perWorker.add(latencies);
            int worker = w;
            workers.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        break;
                    }
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    long t1 = System.nanoTime();
                    if (t0 >= measureFrom && n < latencies.length) {
                        latencies[n++] = t1 - t0;
                    }
                }
                counts[worker] = n;
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int w = 0; w < concurrency; w++) {
            System.arraycopy(perWorker.get(w), 0, all, at, counts[w]);
            at += counts[w];
        }
        Arrays.sort(all);
        double seconds = measureNanos / 1e9;
        System.out.printf("requests=%d errors=%d req/s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n", total, errors.get(),
                total / seconds, pct(all, 0.50), pct(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
