/*
 * Client for bench/embeddings: embeddings throughput through the gateway against the same ONNX model called in-process.
 *
 *   java --enable-native-access=ALL-UNNAMED -cp server/target/hearth-server.jar bench/embeddings/EmbeddingsBench.java \
 *     --url URL --key KEY --model NAME --clients C --requests R --batch B [--warmup W] [--threads T] --out result.json
 *
 * URL is the gateway's OpenAI base URL (http://127.0.0.1:PORT/inference/v1) and NAME a built-in ONNX model
 * (all-minilm-l6-v2 or bge-small-en-v1p5), queried as accounts/fireworks/models/NAME.
 *   gateway  C concurrent clients each send R /embeddings requests of B sentences (after W warm-up requests each, default 5):
 *            inputs per second, and per-request latency (p50, p99, ms)
 *   direct   the same C x R batches, in the same order, tokenized and embedded in this JVM by one thread through
 *            dev.hearth.engine.onnx.OnnxEncoder (the session, options and pooling the runner uses, T intra-op threads,
 *            default: the cores), one ONNX run per batch, L2-normalised, after W x C warm-up batches: inputs per second
 * Prints one JSON object with both and gateway/direct (the target is at least 0.9), and writes it to --out.
 */

import dev.hearth.engine.onnx.OnnxEncoder;
import dev.hearth.engine.onnx.OnnxModelSpec;
import dev.hearth.engine.runner.Embeddings;
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
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class EmbeddingsBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final String[] WORDS = ("the a of to and in is for on with as by at from that this it be are was were "
            + "weather Oslo Lisbon flights price winter summer city river market museum library train station coffee "
            + "engine model vector search query document answer question garden mountain ocean forest music painting "
            + "history science software database network server request response language translation quickly slowly "
            + "bright dark ancient modern quiet busy").split(" ");

    public static void main(String[] args) throws Exception {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int clients = Integer.parseInt(o.get("clients"));
        int requests = Integer.parseInt(o.get("requests"));
        int batch = Integer.parseInt(o.get("batch"));
        String model = o.get("model");
        // At least one: the first request starts the runner.
        int warmup = Math.max(1, Integer.parseInt(o.getOrDefault("warmup", "5")));
        List<List<String>> batches = batches(clients * requests, batch, 42);
        List<List<String>> warmupBatches = batches(clients * warmup, batch, 7);

        double[] gateway = gateway(o, "accounts/fireworks/models/" + model, clients, requests, warmup, batches, warmupBatches);
        int threads = Integer.parseInt(o.getOrDefault("threads", Integer.toString(Runtime.getRuntime().availableProcessors())));
        double direct = direct(OnnxModelSpec.named(model).orElseThrow(), threads, batches, warmupBatches);
        String result = String.format(java.util.Locale.ROOT,
                "{\"model\":\"%s\",\"clients\":%d,\"requests_per_client\":%d,\"batch\":%d,\"threads\":%d,"
                        + "\"gateway_inputs_per_second\":%.1f,\"gateway_p50_ms\":%.1f,\"gateway_p99_ms\":%.1f,"
                        + "\"direct_inputs_per_second\":%.1f,\"gateway_over_direct\":%.3f}",
                model, clients, requests, batch, threads, gateway[0], gateway[1], gateway[2], direct, gateway[0] / direct);
        Files.writeString(Path.of(o.get("out")), result + "\n");
        System.out.println(result);
    }

    /** Sentences of 6 to 40 words, the same for every run (seeded). */
    static List<List<String>> batches(int count, int size, long seed) {
        Random random = new Random(seed);
        List<List<String>> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int words = 6 + random.nextInt(35);
                StringBuilder text = new StringBuilder();
                for (int w = 0; w < words; w++) {
                    text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                }
                texts.add(text.append('.').toString());
            }
            batches.add(texts);
        }
        return batches;
    }

    /** Inputs per second, p50 and p99 request latency in ms. */
    static double[] gateway(Map<String, String> o, String model, int clients, int requests, int warmup, List<List<String>> batches,
            List<List<String>> warmupBatches) throws Exception {
        CyclicBarrier ready = new CyclicBarrier(clients);
        long[] start = new long[1];
        List<Double> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                all.add(pool.submit(() -> {
                    for (int w = 0; w < warmup; w++) {
                        post(o, body(model, warmupBatches.get(client * warmup + w)));
                    }
                    if (ready.await() == 0) {
                        start[0] = System.nanoTime();
                    }
                    ready.await();
                    for (int r = 0; r < requests; r++) {
                        long t = System.nanoTime();
                        post(o, body(model, batches.get(client * requests + r)));
                        latencies.add((System.nanoTime() - t) / 1e6);
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start[0]) / 1e9;
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new double[] {batches.size() * batches.getFirst().size() / seconds, percentile(sorted, 0.5), percentile(sorted, 0.99)};
    }

    static double direct(OnnxModelSpec spec, int threads, List<List<String>> batches, List<List<String>> warmupBatches)
            throws Exception {
        try (OnnxEncoder encoder = OnnxEncoder.load(spec, threads)) {
            for (List<String> batch : warmupBatches) {
                embed(encoder, batch);
            }
            long start = System.nanoTime();
            for (List<String> batch : batches) {
                embed(encoder, batch);
            }
            return batches.size() * batches.getFirst().size() / ((System.nanoTime() - start) / 1e9);
        }
    }

    static List<float[]> embed(OnnxEncoder encoder, List<String> texts) {
        List<int[]> tokens = new ArrayList<>();
        for (String text : texts) {
            tokens.add(encoder.tokenize(text));
        }
        List<float[]> vectors = new ArrayList<>();
        for (float[] v : encoder.embed(tokens)) {
            vectors.add(Embeddings.shape(v, null, true));
        }
        return vectors;
    }

    static String body(String model, List<String> texts) {
        StringBuilder input = new StringBuilder();
        for (String text : texts) {
            input.append(input.isEmpty() ? "" : ",").append('"').append(text).append('"');
        }
        return "{\"model\":\"" + model + "\",\"input\":[" + input + "]}";
    }

    static void post(Map<String, String> o, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(o.get("url") + "/embeddings"))
                .header("Authorization", "Bearer " + o.get("key")).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(5)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/embeddings answered " + response.statusCode() + ": " + response.body());
        }
    }

    static double percentile(double[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
