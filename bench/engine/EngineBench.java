/*
 * Load client for bench/engine: the same program, with the same settings, measures llama.cpp's llama-server
 * and Hearth's engine runner through their OpenAI-style streaming POST /v1/completions.
 *
 *   java bench/engine/EngineBench.java --url http://127.0.0.1:8080 --name llama-server [options]
 *
 * Every prompt is an array of random token ids (fresh per request, so nothing is cached unless a measurement
 * wants it), with ignore_eos=true and temperature=0. Measurements (each: warm-up runs, then --repeats runs,
 * median reported):
 *   a  decode      single stream, 128 prompt + 256 generated tokens; (tokens-1)/(t_last - t_first)
 *   b  prompt      1,024-token prompt, max_tokens 1; prompt tokens / time to first token
 *   c  aggregate   4 and 8 concurrent streams of 128 + 256; total generated tokens / wall time
 *   d  prefix      TTFT of prefix(1,000)+suffixB after prefix+suffixA was sent (the prefix is cached)
 * Output: one JSON object (stdout and --out FILE) and a human-readable summary line on stderr.
 * Only java.net.http from the JDK; no dependencies.
 */

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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

public class EngineBench {

    // ---------------------------------------------------------------------------------------- settings
    static final class Settings {
        String url = "http://127.0.0.1:8080";
        String name = "server";
        String model = "bench";
        int repeats = 3;
        int warmup = 1;
        int promptTokens = 128;
        int genTokens = 256;
        int longPrompt = 1024;
        int prefixTokens = 1000;
        int suffixTokens = 16;
        int[] concurrency = {4, 8};
        int tokenMin = 1000;       // random prompt token ids are drawn from [tokenMin, tokenMax)
        int tokenMax = 150000;     // qwen2: ids below 151643 are ordinary (non-special) tokens
        long seed = System.nanoTime();
        String only = "abcd";
        String extraJson = "";     // extra top-level request fields, e.g. "\"cache_prompt\":true" for llama-server
        Path out;
        Duration timeout = Duration.ofMinutes(10);
    }

    static void usage() {
        System.err.println("""
            usage: java bench/engine/EngineBench.java --url URL [options]
              --url URL            server base URL (default http://127.0.0.1:8080)
              --name NAME          label for the results (default server)
              --model NAME         value of the request's "model" field (default bench)
              --repeats N          measured runs per figure, median reported (default 3)
              --warmup N           un-measured runs before each figure (default 1)
              --only LETTERS       subset of the measurements a,b,c,d (default abcd)
              --concurrency LIST   stream counts for (c), comma separated (default 4,8)
              --prompt-tokens N    prompt length for (a) and (c) (default 128)
              --gen-tokens N       generated tokens for (a) and (c) (default 256)
              --long-prompt N      prompt length for (b) (default 1024)
              --prefix-tokens N    cached prefix length for (d) (default 1000)
              --suffix-tokens N    differing suffix length for (d) (default 16)
              --token-range LO:HI  random prompt token ids are drawn from [LO,HI) (default 1000:150000)
              --seed N             random seed (default: time based, so every run uses fresh prompts)
              --extra-json FIELDS  extra request fields, e.g. '"cache_prompt":true'
              --out FILE           also write the JSON result to FILE
            """);
    }

    static Settings parse(String[] args) {
        Settings s = new Settings();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage();
                System.exit(0);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + a);
            }
            String v = args[++i];
            switch (a) {
                case "--url" -> s.url = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
                case "--name" -> s.name = v;
                case "--model" -> s.model = v;
                case "--repeats" -> s.repeats = Integer.parseInt(v);
                case "--warmup" -> s.warmup = Integer.parseInt(v);
                case "--only" -> s.only = v.replace(",", "").toLowerCase(Locale.ROOT);
                case "--concurrency" -> s.concurrency = Arrays.stream(v.split(",")).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
                case "--prompt-tokens" -> s.promptTokens = Integer.parseInt(v);
                case "--gen-tokens" -> s.genTokens = Integer.parseInt(v);
                case "--long-prompt" -> s.longPrompt = Integer.parseInt(v);
                case "--prefix-tokens" -> s.prefixTokens = Integer.parseInt(v);
                case "--suffix-tokens" -> s.suffixTokens = Integer.parseInt(v);
                case "--token-range" -> {
                    String[] p = v.split(":");
                    s.tokenMin = Integer.parseInt(p[0]);
                    s.tokenMax = Integer.parseInt(p[1]);
                }
                case "--seed" -> s.seed = Long.parseLong(v);
                case "--extra-json" -> s.extraJson = v.strip();
                case "--out" -> s.out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
        }
        if (s.repeats < 1 || s.warmup < 0 || s.tokenMin < 0 || s.tokenMax <= s.tokenMin) {
            throw new IllegalArgumentException("bad --repeats, --warmup or --token-range");
        }
        return s;
    }

    // ------------------------------------------------------------------------------------- one request
    /** What one streamed completion looked like from the client's side; times are System.nanoTime(). */
    record Stream(long tSend, long tFirst, long tLast, long tDone, int chunks, int textChunks,
                  int completionTokens, int promptTokens, int cachedTokens, Map<String, Object> timings) {
        /** Generated tokens: the usage figure when the server sent one, else the chunks that carried text. */
        int tokens() {
            return completionTokens >= 0 ? completionTokens : textChunks;
        }

        double ttftMs() {
            return (tFirst - tSend) / 1e6;
        }

        /** (tokens-1) decode steps between the first and the last token. */
        double decodeTokPerS() {
            return (tokens() - 1) / ((tLast - tFirst) / 1e9);
        }
    }

    final Settings s;
    final HttpClient http;
    final SplittableRandom random;
    final List<String> warnings = new ArrayList<>();

    EngineBench(Settings s) {
        this.s = s;
        this.random = new SplittableRandom(s.seed);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)   // plain HTTP/1.1 on both servers, no h2c upgrade
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newCachedThreadPool(r -> {
                    Thread t = new Thread(r, "http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    synchronized int[] randomTokens(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = random.nextInt(s.tokenMin, s.tokenMax);
        }
        return t;
    }

    static int[] concat(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    String body(int[] prompt, int maxTokens) {
        StringBuilder sb = new StringBuilder(prompt.length * 7 + 256);
        sb.append("{\"model\":").append(Json.quote(s.model)).append(",\"prompt\":[");
        for (int i = 0; i < prompt.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(prompt[i]);
        }
        sb.append("],\"max_tokens\":").append(maxTokens)
                .append(",\"stream\":true,\"stream_options\":{\"include_usage\":true}")
                .append(",\"ignore_eos\":true,\"temperature\":0");
        if (!s.extraJson.isEmpty()) {
            sb.append(',').append(s.extraJson);
        }
        return sb.append('}').toString();
    }

    Stream complete(int[] prompt, int maxTokens) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(s.url + "/v1/completions"))
                .timeout(s.timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body(prompt, maxTokens)))
                .build();
        long tSend = System.nanoTime();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() != 200) {
            String text;
            try (InputStream in = resp.body()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            throw new IOException("HTTP " + resp.statusCode() + " from " + req.uri() + ": " + abbreviate(text));
        }
        long tFirst = -1, tLast = -1;
        int chunks = 0, textChunks = 0, completion = -1, promptTok = -1, cached = -1;
        Map<String, Object> timings = null;
        boolean done = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                long now = System.nanoTime();
                if (!line.startsWith("data:")) {
                    continue;   // blank separators, comments (": ping"), event: lines
                }
                String data = line.substring(5).strip();
                if (data.equals("[DONE]")) {
                    done = true;
                    break;
                }
                Object parsed = Json.parse(data);
                if (!(parsed instanceof Map<?, ?> m)) {
                    continue;
                }
                if (m.get("error") != null) {
                    throw new IOException("error in stream: " + abbreviate(data));
                }
                if (m.get("choices") instanceof List<?> choices && !choices.isEmpty()
                        && choices.getFirst() instanceof Map<?, ?> choice) {
                    chunks++;
                    if (tFirst < 0) {
                        tFirst = now;
                    }
                    tLast = now;
                    if (choice.get("text") instanceof String text && !text.isEmpty()) {
                        textChunks++;
                    }
                }
                if (m.get("usage") instanceof Map<?, ?> usage) {
                    completion = intOr(usage.get("completion_tokens"), completion);
                    promptTok = intOr(usage.get("prompt_tokens"), promptTok);
                    if (usage.get("prompt_tokens_details") instanceof Map<?, ?> details) {
                        cached = intOr(details.get("cached_tokens"), cached);
                    }
                }
                if (m.get("timings") instanceof Map<?, ?> t) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> tm = (Map<String, Object>) t;
                    timings = tm;
                }
            }
        }
        long tDone = System.nanoTime();
        if (!done) {
            throw new IOException("stream from " + req.uri() + " ended without data: [DONE]");
        }
        if (tFirst < 0) {
            throw new IOException("stream from " + req.uri() + " carried no choices");
        }
        return new Stream(tSend, tFirst, tLast, tDone, chunks, textChunks, completion, promptTok, cached, timings);
    }

    static int intOr(Object o, int dflt) {
        return o instanceof Number n ? n.intValue() : dflt;
    }

    static String abbreviate(String s) {
        s = s.strip();
        return s.length() > 400 ? s.substring(0, 400) + "..." : s;
    }

    void check(Stream st, String what, int expectPrompt, int expectGen) {
        check(st, what, expectPrompt, expectGen, false);
    }

    /** Warns about anything that makes a figure doubtful; {@code timed}: the figure uses the per-token clock. */
    void check(Stream st, String what, int expectPrompt, int expectGen, boolean timed) {
        if (st.completionTokens >= 0 && st.completionTokens != expectGen) {
            warn(what + ": server generated " + st.completionTokens + " tokens, asked for " + expectGen);
        }
        if (st.promptTokens >= 0 && st.promptTokens != expectPrompt) {
            warn(what + ": server counted " + st.promptTokens + " prompt tokens, sent " + expectPrompt);
        }
        if (st.completionTokens < 0) {
            warn(what + ": no usage in the stream; counted tokens from the chunks");
        }
        if (timed && expectGen > 1 && st.chunks < expectGen * 0.9) {
            warn(what + ": " + st.chunks + " chunks for " + st.tokens()
                    + " tokens (tokens held back, e.g. incomplete UTF-8); decode timing is approximate");
        }
    }

    synchronized void warn(String w) {
        if (!warnings.contains(w)) {
            warnings.add(w);
            System.err.println("  warning: " + w);
        }
    }

    // ---------------------------------------------------------------------------------- measurements
    interface Sample {
        double run(boolean measured) throws Exception;
    }

    /** Runs warm-ups, then the measured repeats; returns {median, samples...}. */
    Map<String, Object> repeat(String label, String unit, Sample sample) throws Exception {
        for (int i = 0; i < s.warmup; i++) {
            sample.run(false);
        }
        double[] v = new double[s.repeats];
        for (int i = 0; i < s.repeats; i++) {
            v[i] = sample.run(true);
            System.err.printf(Locale.ROOT, "  %-28s run %d/%d: %.2f %s%n", label, i + 1, s.repeats, v[i], unit);
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("median", median(v));
        r.put("min", Arrays.stream(v).min().orElseThrow());
        r.put("max", Arrays.stream(v).max().orElseThrow());
        r.put("samples", Arrays.stream(v).boxed().toList());
        r.put("unit", unit);
        return r;
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /** (a) single-stream decode rate. */
    Map<String, Object> decode() throws Exception {
        List<Double> reported = new ArrayList<>();
        Map<String, Object> r = repeat("(a) decode", "tok/s", measured -> {
            Stream st = complete(randomTokens(s.promptTokens), s.genTokens);
            check(st, "(a)", s.promptTokens, s.genTokens, true);
            if (measured && st.timings != null && st.timings.get("predicted_per_second") instanceof Number n) {
                reported.add(n.doubleValue());
            }
            return st.decodeTokPerS();
        });
        if (!reported.isEmpty()) {
            r.put("server_reported_median", median(reported.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return r;
    }

    /** (b) prompt processing rate of a fresh 1,024-token prompt. */
    Map<String, Object> prompt() throws Exception {
        List<Double> ttft = new ArrayList<>();
        List<Double> reported = new ArrayList<>();
        Map<String, Object> r = repeat("(b) prompt", "tok/s", measured -> {
            Stream st = complete(randomTokens(s.longPrompt), 1);
            check(st, "(b)", s.longPrompt, 1);
            if (measured) {
                ttft.add(st.ttftMs());
                if (st.timings != null && st.timings.get("prompt_per_second") instanceof Number n) {
                    reported.add(n.doubleValue());
                }
            }
            return s.longPrompt / (st.ttftMs() / 1e3);
        });
        r.put("ttft_ms_median", median(ttft.stream().mapToDouble(Double::doubleValue).toArray()));
        if (!reported.isEmpty()) {
            r.put("server_reported_median", median(reported.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return r;
    }

    /** (c) aggregate generation rate of n concurrent streams. */
    Map<String, Object> aggregate(int n) throws Exception {
        List<Double> perStream = new ArrayList<>();
        Map<String, Object> r = repeat("(c) aggregate x" + n, "tok/s", measured -> {
            int[][] prompts = new int[n][];
            for (int i = 0; i < n; i++) {
                prompts[i] = randomTokens(s.promptTokens);
            }
            CountDownLatch ready = new CountDownLatch(n);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Stream>> fs = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
                for (int i = 0; i < n; i++) {
                    int[] p = prompts[i];
                    fs.add(pool.submit(() -> {
                        ready.countDown();
                        go.await();
                        return complete(p, s.genTokens);
                    }));
                }
                ready.await();
                go.countDown();
                long start = Long.MAX_VALUE, end = Long.MIN_VALUE, total = 0;
                List<Stream> streams = new ArrayList<>();
                for (Future<Stream> f : fs) {
                    streams.add(f.get());
                }
                for (Stream st : streams) {
                    check(st, "(c) x" + n, s.promptTokens, s.genTokens);
                    start = Math.min(start, st.tSend);
                    end = Math.max(end, st.tDone);
                    total += st.tokens();
                    if (measured) {
                        synchronized (perStream) {
                            perStream.add(st.decodeTokPerS());
                        }
                    }
                }
                return total / ((end - start) / 1e9);
            }
        });
        r.put("streams", n);
        r.put("per_stream_decode_median", median(perStream.stream().mapToDouble(Double::doubleValue).toArray()));
        return r;
    }

    /** (d) TTFT of a request whose prefix is cached from the previous request. */
    Map<String, Object> prefix() throws Exception {
        List<Integer> cachedTokens = new ArrayList<>();
        List<Double> firstTtft = new ArrayList<>();
        Map<String, Object> r = repeat("(d) cached-prefix TTFT", "ms", measured -> {
            int[] prefix = randomTokens(s.prefixTokens);
            int[] a = concat(prefix, randomTokens(s.suffixTokens));
            int[] b = concat(prefix, randomTokens(s.suffixTokens));
            Stream first = complete(a, 1);
            check(first, "(d) prefix+A", a.length, 1);
            Stream second = complete(b, 1);
            check(second, "(d) prefix+B", b.length, 1);
            if (measured) {
                cachedTokens.add(second.cachedTokens);
                firstTtft.add(first.ttftMs());
            }
            if (second.cachedTokens >= 0 && second.cachedTokens < s.prefixTokens * 0.9) {
                warn("(d): only " + second.cachedTokens + " of the " + s.prefixTokens
                        + " prefix tokens were reported cached");
            }
            return second.ttftMs();
        });
        r.put("cached_tokens", cachedTokens);
        r.put("uncached_first_request_ttft_ms_median",
                median(firstTtft.stream().mapToDouble(Double::doubleValue).toArray()));
        return r;
    }

    Map<String, Object> runAll() throws Exception {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("server", s.name);
        res.put("url", s.url);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("repeats", s.repeats);
        cfg.put("warmup", s.warmup);
        cfg.put("prompt_tokens", s.promptTokens);
        cfg.put("gen_tokens", s.genTokens);
        cfg.put("long_prompt", s.longPrompt);
        cfg.put("prefix_tokens", s.prefixTokens);
        cfg.put("suffix_tokens", s.suffixTokens);
        cfg.put("concurrency", Arrays.stream(s.concurrency).boxed().toList());
        cfg.put("token_range", List.of(s.tokenMin, s.tokenMax));
        cfg.put("seed", s.seed);
        cfg.put("extra_json", s.extraJson);
        res.put("settings", cfg);
        System.err.println("[" + s.name + "] " + s.url + " (seed " + s.seed + ")");
        if (s.only.contains("a")) {
            res.put("decode", decode());
        }
        if (s.only.contains("b")) {
            res.put("prompt", prompt());
        }
        if (s.only.contains("c")) {
            Map<String, Object> agg = new LinkedHashMap<>();
            for (int n : s.concurrency) {
                agg.put(Integer.toString(n), aggregate(n));
            }
            res.put("aggregate", agg);
        }
        if (s.only.contains("d")) {
            res.put("prefix", prefix());
        }
        res.put("warnings", warnings);
        return res;
    }

    @SuppressWarnings("unchecked")
    static String summary(Map<String, Object> res) {
        StringBuilder sb = new StringBuilder(String.valueOf(res.get("server"))).append(':');
        if (res.get("decode") instanceof Map<?, ?> m) {
            sb.append(String.format(Locale.ROOT, " decode %.1f tok/s |", (Double) m.get("median")));
        }
        if (res.get("prompt") instanceof Map<?, ?> m) {
            sb.append(String.format(Locale.ROOT, " prompt %.1f tok/s |", (Double) m.get("median")));
        }
        if (res.get("aggregate") instanceof Map<?, ?> agg) {
            for (Map.Entry<?, ?> e : agg.entrySet()) {
                sb.append(String.format(Locale.ROOT, " x%s %.1f tok/s |", e.getKey(),
                        (Double) ((Map<String, Object>) e.getValue()).get("median")));
            }
        }
        if (res.get("prefix") instanceof Map<?, ?> m) {
            sb.append(String.format(Locale.ROOT, " cached-prefix TTFT %.1f ms (cached tokens %s) |",
                    (Double) m.get("median"), m.get("cached_tokens")));
        }
        List<?> w = (List<?>) res.get("warnings");
        sb.append(' ').append(w.size()).append(" warning(s)");
        return sb.toString();
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("report")) {
            Report.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        Settings s;
        try {
            s = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("EngineBench: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }
        EngineBench b = new EngineBench(s);
        Map<String, Object> res;
        try {
            res = b.runAll();
        } catch (IOException e) {
            System.err.println("EngineBench: " + s.name + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        String json = Json.write(res);
        System.out.println(json);
        if (s.out != null) {
            Files.writeString(s.out, json + "\n");
        }
        System.err.println(summary(res));
        System.exit(0);
    }

    // ------------------------------------------------------------------------------------- report
    /**
     * {@code java bench/engine/EngineBench.java report --llama FILE --hearth FILE [...]}: the markdown comparison
     * table bench/engine/run prints. Either result file may be missing (only that column is shown then).
     */
    static final class Report {
        static Map<String, Object> load(String file) throws IOException {
            if (file == null || !Files.isRegularFile(Path.of(file))) {
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) Json.parse(Files.readString(Path.of(file)));
            return m;
        }

        @SuppressWarnings("unchecked")
        static Double get(Map<String, Object> res, String... path) {
            Object o = res;
            for (String p : path) {
                if (!(o instanceof Map<?, ?> m)) {
                    return null;
                }
                o = ((Map<String, Object>) m).get(p);
            }
            return o instanceof Number n ? n.doubleValue() : null;
        }

        static String fmt(Double v, String pattern) {
            return v == null ? "—" : String.format(Locale.ROOT, pattern, v);
        }

        static void main(String[] args) throws IOException {
            Map<String, String> o = new LinkedHashMap<>();
            for (int i = 0; i + 1 < args.length; i += 2) {
                o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
            }
            Map<String, Object> l = load(o.get("llama"));
            Map<String, Object> h = load(o.get("hearth"));
            Double modelBytes = o.containsKey("model-bytes") ? Double.valueOf(o.get("model-bytes")) : null;
            Double bw = o.containsKey("bandwidth-gbs") ? Double.valueOf(o.get("bandwidth-gbs")) : null;
            Double lRss = o.containsKey("llama-rss-kb") ? Double.parseDouble(o.get("llama-rss-kb")) * 1024 / 1e6 : null;
            Double hRss = o.containsKey("hearth-rss-kb") ? Double.parseDouble(o.get("hearth-rss-kb")) * 1024 / 1e6 : null;

            StringBuilder sb = new StringBuilder();
            sb.append("### Hearth engine runner vs llama-server\n\n");
            if (o.containsKey("context")) {
                sb.append(o.get("context")).append("\n\n");
            }
            sb.append("| measurement | llama-server | Hearth | Hearth ÷ llama-server | target | result |\n");
            sb.append("|---|---:|---:|---:|---|---|\n");
            row(sb, "(a) decode, 1 stream, 128 + 256 tokens (tok/s)", l, h, 0.95, true, "decode", "median");
            row(sb, "(b) prompt, 1,024-token prompt (tok/s)", l, h, 0.95, true, "prompt", "median");
            for (String n : List.of("4", "8")) {
                row(sb, "(c) aggregate, " + n + " streams of 128 + 256 (tok/s)", l, h, 1.0, true, "aggregate", n, "median");
            }
            row(sb, "(d) TTFT, 1,000-token prefix cached (ms)", l, h, 1.2, false, "prefix", "median");
            if (lRss != null || hRss != null) {
                Double limit = modelBytes == null ? null : modelBytes / 1e6 + 300;
                String verdict = hRss == null || limit == null ? "—" : hRss <= limit ? "pass" : "FAIL";
                sb.append("| peak RSS, VmHWM (MB) | ").append(fmt(lRss, "%.0f")).append(" | ").append(fmt(hRss, "%.0f"))
                        .append(" | ").append(hRss == null || limit == null ? "—" : fmt(hRss / limit, "%.2f× of limit"))
                        .append(" | ≤ model + 300 MB = ").append(fmt(limit, "%.0f")).append(" MB | ").append(verdict)
                        .append(" |\n");
            }
            sb.append('\n');
            if (bw != null && modelBytes != null) {
                double ceiling = bw * 1e9 / modelBytes;
                sb.append(String.format(Locale.ROOT,
                        "Memory read bandwidth %.1f GB/s → single-stream decode ceiling %.1f tok/s (bandwidth ÷ %.1f MB of weights read per token).",
                        bw, ceiling, modelBytes / 1e6));
                Double ld = l == null ? null : get(l, "decode", "median");
                Double hd = h == null ? null : get(h, "decode", "median");
                if (ld != null) {
                    sb.append(String.format(Locale.ROOT, " llama-server decodes at %.0f%% of it", 100 * ld / ceiling));
                }
                if (hd != null) {
                    sb.append(String.format(Locale.ROOT, "%s Hearth at %.0f%%", ld != null ? "," : " Hearth decodes", 100 * hd / ceiling));
                }
                sb.append(ld != null || hd != null ? ".\n" : "\n");
            }
            for (Map<String, Object> r : java.util.Arrays.asList(l, h)) {
                if (r != null && r.get("warnings") instanceof List<?> w && !w.isEmpty()) {
                    sb.append("\nWarnings from ").append(r.get("server")).append(":\n");
                    for (Object x : w) {
                        sb.append("- ").append(x).append('\n');
                    }
                }
            }
            System.out.print(sb);
        }

        static void row(StringBuilder sb, String label, Map<String, Object> l, Map<String, Object> h, double target,
                        boolean higherIsBetter, String... path) {
            Double lv = l == null ? null : get(l, path);
            Double hv = h == null ? null : get(h, path);
            Double ratio = lv == null || hv == null || lv == 0 ? null : hv / lv;
            String verdict = ratio == null ? "—" : (higherIsBetter ? ratio >= target : ratio <= target) ? "pass" : "FAIL";
            String digits = "%.1f";
            sb.append("| ").append(label).append(" | ").append(fmt(lv, digits)).append(" | ").append(fmt(hv, digits))
                    .append(" | ").append(fmt(ratio, "%.2f×")).append(" | ").append(higherIsBetter ? "≥ " : "≤ ")
                    .append(String.format(Locale.ROOT, "%.2f×", target)).append(" | ").append(verdict).append(" |\n");
        }
    }

    // ----------------------------------------------------------------------------------- tiny JSON
    static final class Json {
        private final String s;
        private int i;

        private Json(String s) {
            this.s = s;
        }

        static Object parse(String text) {
            Json j = new Json(text);
            j.ws();
            Object v = j.value();
            j.ws();
            if (j.i != text.length()) {
                throw new IllegalArgumentException("trailing characters in JSON at " + j.i);
            }
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            if (i >= s.length()) {
                throw new IllegalArgumentException("unexpected end of JSON");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    i++;
                    Map<String, Object> m = new LinkedHashMap<>();
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        expect(':');
                        ws();
                        m.put(k, value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect('}');
                            return m;
                        }
                    }
                }
                case '[' -> {
                    i++;
                    List<Object> l = new ArrayList<>();
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        ws();
                        l.add(value());
                        ws();
                        if (s.charAt(i) == ',') {
                            i++;
                        } else {
                            expect(']');
                            return l;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                case 't' -> {
                    literal("true");
                    return Boolean.TRUE;
                }
                case 'f' -> {
                    literal("false");
                    return Boolean.FALSE;
                }
                case 'n' -> {
                    literal("null");
                    return null;
                }
                default -> {
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    if (start == i) {
                        throw new IllegalArgumentException("bad JSON at " + i);
                    }
                    return Double.parseDouble(s.substring(start, i));
                }
            }
        }

        private void expect(char c) {
            if (i >= s.length() || s.charAt(i) != c) {
                throw new IllegalArgumentException("expected '" + c + "' in JSON at " + i);
            }
            i++;
        }

        private void literal(String w) {
            if (!s.startsWith(w, i)) {
                throw new IllegalArgumentException("bad JSON literal at " + i);
            }
            i += w.length();
        }

        private String string() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c != '\\') {
                    sb.append(c);
                    continue;
                }
                char e = s.charAt(i++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'u' -> {
                        sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> sb.append(e);
                }
            }
        }

        static String quote(String v) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : v.toCharArray()) {
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }

        static String write(Object o) {
            StringBuilder sb = new StringBuilder();
            write(sb, o, "");
            return sb.toString();
        }

        private static void write(StringBuilder sb, Object o, String indent) {
            String in = indent + "  ";
            if (o instanceof Map<?, ?> m) {
                if (m.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append("{\n");
                int k = 0;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    sb.append(in).append(quote(String.valueOf(e.getKey()))).append(": ");
                    write(sb, e.getValue(), in);
                    sb.append(++k < m.size() ? ",\n" : "\n");
                }
                sb.append(indent).append('}');
            } else if (o instanceof List<?> l) {
                sb.append('[');
                for (int k = 0; k < l.size(); k++) {
                    if (k > 0) {
                        sb.append(", ");
                    }
                    write(sb, l.get(k), in);
                }
                sb.append(']');
            } else if (o instanceof String str) {
                sb.append(quote(str));
            } else if (o instanceof Double d) {
                sb.append(d.isNaN() || d.isInfinite() ? "null" : String.format(Locale.ROOT, "%.3f", d));
            } else {
                sb.append(o);
            }
        }
    }
}
