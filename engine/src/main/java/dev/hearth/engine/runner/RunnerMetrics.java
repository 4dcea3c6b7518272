package dev.hearth.engine.runner;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.function.Supplier;

/**
 * The runner's Prometheus metrics under vLLM's names, so autoscalers and dashboards built for vLLM read
 * Hearth unchanged. Written by hand because the names contain ':' and must come out exactly as vLLM's.
 */
final class RunnerMetrics {
    private final String modelName;
    final AtomicLong promptTokens = new AtomicLong();
    final AtomicLong generationTokens = new AtomicLong();
    final AtomicLong cachedPromptTokens = new AtomicLong();
    final AtomicLong requestsStop = new AtomicLong();
    final AtomicLong requestsLength = new AtomicLong();
    final AtomicLong requestsAborted = new AtomicLong();
    final Histogram timeToFirstToken = new Histogram(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
            1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0);
    final Histogram timePerOutputToken = new Histogram(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75,
            1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0);
    final Histogram e2eLatency = new Histogram(0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0,
            50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0);
    private volatile Supplier<Snapshot> live = () -> new Snapshot(0, 0, 0.0, "", "", 0);

    /** The scheduler's current state, read at scrape time. */
    record Snapshot(int running, int waiting, double kvCacheUsage, String runningAdapters, String waitingAdapters, int maxLora) {}

    RunnerMetrics(String modelName) {
        this.modelName = modelName;
    }

    void liveState(Supplier<Snapshot> supplier) {
        this.live = supplier;
    }

    void finished(FinishReason reason) {
        (reason == FinishReason.STOP ? requestsStop : requestsLength).incrementAndGet();
    }

    String scrape() {
        Snapshot now = live.get();
        String labels = "model_name=\"" + escape(modelName) + "\"";
        StringBuilder out = new StringBuilder(4096);
        gauge(out, "vllm:num_requests_running", "Number of requests in model execution batches.", labels, now.running());
        gauge(out, "vllm:num_requests_waiting", "Number of requests waiting to be processed.", labels, now.waiting());
        gauge(out, "vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", labels, now.kvCacheUsage());
        out.append("# HELP vllm:lora_requests_info Running stats on lora requests.\n# TYPE vllm:lora_requests_info gauge\n");
        out.append("vllm:lora_requests_info{max_lora=\"").append(now.maxLora()).append("\",running_lora_adapters=\"")
                .append(escape(now.runningAdapters())).append("\",waiting_lora_adapters=\"").append(escape(now.waitingAdapters()))
                .append("\"} ").append(System.currentTimeMillis() / 1000.0).append('\n');
        counter(out, "vllm:prompt_tokens_total", "Number of prefill tokens processed.", labels, promptTokens.get());
        counter(out, "vllm:generation_tokens_total", "Number of generation tokens processed.", labels, generationTokens.get());
        counter(out, "hearth:cached_prompt_tokens_total", "Prompt tokens served from the prefix cache.", labels, cachedPromptTokens.get());
        out.append("# HELP vllm:request_success_total Count of successfully processed requests.\n# TYPE vllm:request_success_total counter\n");
        out.append("vllm:request_success_total{").append(labels).append(",finished_reason=\"stop\"} ").append(requestsStop.get()).append('\n');
        out.append("vllm:request_success_total{").append(labels).append(",finished_reason=\"length\"} ").append(requestsLength.get()).append('\n');
        out.append("vllm:request_success_total{").append(labels).append(",finished_reason=\"abort\"} ").append(requestsAborted.get()).append('\n');
        timeToFirstToken.write(out, "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", labels);
        timePerOutputToken.write(out, "vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.", labels);
        e2eLatency.write(out, "vllm:e2e_request_latency_seconds", "Histogram of end to end request latency in seconds.", labels);
        return out.toString();
    }

    private static void gauge(StringBuilder out, String name, String help, String labels, double value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n");
        out.append(name).append('{').append(labels).append("} ").append(format(value)).append('\n');
    }

    private static void counter(StringBuilder out, String name, String help, String labels, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n");
        out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
    }

    static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : String.format(Locale.ROOT, "%.6g", value);
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A cumulative Prometheus histogram with fixed buckets. */
    static final class Histogram {
        private final double[] bounds;
        private final AtomicLong[] counts;
        private final DoubleAdder sum = new DoubleAdder();
        private final AtomicLong count = new AtomicLong();

        Histogram(double... bounds) {
            this.bounds = bounds;
            this.counts = new AtomicLong[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                counts[i] = new AtomicLong();
            }
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts[i].incrementAndGet();
                }
            }
            sum.add(value);
            count.incrementAndGet();
        }

        long count() {
            return count.get();
        }

        void write(StringBuilder out, String name, String help, String labels) {
            out.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" histogram\n");
            for (int i = 0; i < bounds.length; i++) {
                out.append(name).append("_bucket{").append(labels).append(",le=\"").append(bounds[i]).append("\"} ")
                        .append(counts[i].get()).append('\n');
            }
            out.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count.get()).append('\n');
            out.append(name).append("_sum{").append(labels).append("} ").append(format(sum.sum())).append('\n');
            out.append(name).append("_count{").append(labels).append("} ").append(count.get()).append('\n');
        }
    }
}
