/*
 * Client for bench/gateway: what the server's inference gateway adds on top of talking to a runner directly.
 *
 *   java bench/gateway/GatewayBench.java stream     --url URL --key KEY --model M --clients C --requests R --tokens T [--warmup 0] --out s.json
 *   java bench/gateway/GatewayBench.java added      --url URL --key KEY --direct-url URL --direct-key KEY --model M --requests R --tokens T --out a.json
 *   java bench/gateway/GatewayBench.java streams    --url URL --key KEY --model M --streams S --tokens T --metrics URL --out h.json
 *
 * URL is an OpenAI base URL: http://127.0.0.1:8080/inference/v1 for the gateway, http://127.0.0.1:PORT/v1 for a runner.
 * Modes:
 *   stream      C concurrent clients, each sending R streaming /completions (max_tokens T, ignore_eos, temperature 0,
 *               a prompt that differs per request) after one warm-up each (none with --warmup 0): time to first token and to the last
 *               byte per request (p50, p99, ms) and the aggregate completion tokens per second
 *   added       R pairs of streaming completions from one client, alternating between the gateway and the runner
 *               directly (after R/5 unmeasured pairs), so drift in the runner's speed hits both sides alike: time to
 *               first token of each side (p50, p99) and the median of the paired differences
 *   streams     S streaming chats opened at once; all must end with [DONE]; the server's heap is sampled from its
 *               Prometheus /metrics (jvm_memory_used_bytes, area heap) while they are open
 * Needs only the JDK. Every result is one JSON object written to --out and echoed to stdout.
 */

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class GatewayBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\"\\s*:\\s*(\\d+)");

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String mode = args[0];
        String result = switch (mode) {
            case "stream" -> stream(o);
            case "streams" -> streams(o);
            case "added" -> added(o);
            default -> throw new IllegalArgumentException("unknown mode " + mode);
        };
        Files.writeString(Path.of(o.get("out")), result + "\n");
        System.out.println(result);
    }

    static String stream(Map<String, String> o) throws Exception {
        int clients = Integer.parseInt(o.get("clients"));
        int requests = Integer.parseInt(o.get("requests"));
        int tokens = Integer.parseInt(o.get("tokens"));
        boolean warmUp = !"0".equals(o.get("warmup"));
        List<double[]> timings = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong generated = new AtomicLong();
        java.util.concurrent.CyclicBarrier warm = new java.util.concurrent.CyclicBarrier(clients);
        long[] start = new long[1];
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                all.add(pool.submit(() -> {
                    if (warmUp) {
                        streamCompletion(o, tokens, -1 - client);
                    }
                    if (warm.await() == 0) {
                        start[0] = System.nanoTime();
                    }
                    warm.await();
                    for (int r = 0; r < requests; r++) {
                        double[] t = streamCompletion(o, tokens, client * requests + r);
                        timings.add(t);
                        generated.addAndGet((long) t[2]);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start[0]) / 1e9;
        double[] first = timings.stream().mapToDouble(t -> t[0]).sorted().toArray();
        double[] last = timings.stream().mapToDouble(t -> t[1]).sorted().toArray();
        return String.format("{\"mode\":\"stream\",\"clients\":%d,\"requests\":%d,\"ttft_p50_ms\":%.2f,\"ttft_p99_ms\":%.2f,"
                + "\"total_p50_ms\":%.2f,\"total_p99_ms\":%.2f,\"completion_tokens\":%d,\"tokens_per_second\":%.1f}",
                clients, timings.size(), pct(first, 50), pct(first, 99), pct(last, 50), pct(last, 99), generated.get(),
                generated.get() / seconds);
    }

    static String added(Map<String, String> o) throws Exception {
        int requests = Integer.parseInt(o.get("requests"));
        int tokens = Integer.parseInt(o.get("tokens"));
        double[] gateway = new double[requests];
        double[] direct = new double[requests];
        double[] difference = new double[requests];
        for (int r = -requests / 5; r < requests; r++) {
            int seed = 1_000_000 + r;
            // Which side goes first alternates too, so neither always finds the other's prompt in the cache.
            boolean gatewayFirst = (r & 1) == 0;
            double[] first = streamCompletion(gatewayFirst ? o.get("url") : o.get("direct-url"),
                    gatewayFirst ? o.get("key") : o.get("direct-key"), o.get("model"), tokens, seed);
            double[] second = streamCompletion(gatewayFirst ? o.get("direct-url") : o.get("url"),
                    gatewayFirst ? o.get("direct-key") : o.get("key"), o.get("model"), tokens, -seed);
            if (r >= 0) {
                gateway[r] = (gatewayFirst ? first : second)[0];
                direct[r] = (gatewayFirst ? second : first)[0];
                difference[r] = gateway[r] - direct[r];
            }
        }
        Arrays.sort(gateway);
        Arrays.sort(direct);
        Arrays.sort(difference);
        return String.format("{\"mode\":\"added\",\"pairs\":%d,\"gateway_ttft_p50_ms\":%.2f,\"gateway_ttft_p99_ms\":%.2f,"
                + "\"direct_ttft_p50_ms\":%.2f,\"direct_ttft_p99_ms\":%.2f,\"added_p50_ms\":%.2f,\"added_p99_ms\":%.2f,"
                + "\"paired_difference_median_ms\":%.2f}", requests, pct(gateway, 50), pct(gateway, 99), pct(direct, 50),
                pct(direct, 99), pct(gateway, 50) - pct(direct, 50), pct(gateway, 99) - pct(direct, 99), pct(difference, 50));
    }

    static double[] streamCompletion(Map<String, String> o, int maxTokens, int seed) throws Exception {
        return streamCompletion(o.get("url"), o.get("key"), o.get("model"), maxTokens, seed);
    }

    /** One streaming completion: milliseconds to the first token, to the end, and the completion tokens in its usage. */
    static double[] streamCompletion(String url, String key, String model, int maxTokens, int seed) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"ignore_eos\":true,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"prompt\":\"Request " + seed
                + ": the weather in Oslo in December is\"}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/completions"))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/completions answered " + response.statusCode());
        }
        double first = -1;
        long completion = 0;
        for (String line : (Iterable<String>) response.body()::iterator) {
            if (first < 0 && line.startsWith("data: {") && line.contains("\"text\"")) {
                first = (System.nanoTime() - start) / 1e6;
            }
            Matcher m = COMPLETION_TOKENS.matcher(line);
            if (m.find()) {
                completion = Long.parseLong(m.group(1));
            }
        }
        return new double[] {first, (System.nanoTime() - start) / 1e6, completion};
    }

    static String streams(Map<String, String> o) throws Exception {
        int streams = Integer.parseInt(o.get("streams"));
        int tokens = Integer.parseInt(o.get("tokens"));
        AtomicLong peakHeap = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    peakHeap.accumulateAndGet(heapBytes(o.get("metrics"), o.get("key")), Math::max);
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // A missed sample only lowers the peak's resolution.
                }
            }
        });
        long start = System.nanoTime();
        List<String> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                int seed = i;
                all.add(pool.submit(() -> chat(o, tokens, true, seed)));
            }
            for (Future<String> f : all) {
                try {
                    String body = f.get();
                    if (body.strip().endsWith("data: [DONE]")) {
                        finished.incrementAndGet();
                    } else if (failures.size() < 3) {
                        failures.add(body.substring(Math.max(0, body.length() - 300)));
                    }
                } catch (Exception e) {
                    if (failures.size() < 3) {
                        failures.add(String.valueOf(e.getCause()));
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        return String.format("{\"mode\":\"streams\",\"streams\":%d,\"finished\":%d,\"seconds\":%.1f,\"peak_heap_mb\":%.1f,\"failures\":%s}",
                streams, finished.get(), seconds, peakHeap.get() / 1048576.0, json(failures));
    }

    /** A chat request whose user message varies with {@code seed}, so no two share a whole prompt. */
    static String chat(Map<String, String> o, int maxTokens, boolean stream, int seed) throws Exception {
        String body = "{\"model\":\"" + o.get("model") + "\",\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"ignore_eos\":true,"
                + "\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Request " + seed
                + ": tell me about the weather in Oslo.\"}]}";
        return post(o, "/chat/completions", body);
    }

    static String post(Map<String, String> o, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(o.get("url") + path))
                .header("Authorization", "Bearer " + o.get("key")).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    static long completionTokens(String body) {
        Matcher m = COMPLETION_TOKENS.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static long heapBytes(String metricsUrl, String key) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(metricsUrl)).header("Authorization", "Bearer " + key).build();
        long sum = 0;
        for (String line : HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body().split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static String json(List<String> strings) {
        List<String> quoted = new ArrayList<>();
        for (String s : strings) {
            quoted.add("\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"");
        }
        return "[" + String.join(",", quoted) + "]";
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return o;
    }
}
