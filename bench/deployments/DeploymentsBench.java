/*
 * Client for bench/deployments: dedicated deployments measured through the server's public API only (the REST
 * control plane under /v1 and the OpenAI-compatible /inference/v1).
 *
 *   java bench/deployments/DeploymentsBench.java create   --server URL --key KEY --model M --id PREFIX --repeats N --out c.json
 *   java bench/deployments/DeploymentsBench.java zero     --server URL --key KEY --deployment ID --repeats N --settle S --out z.json
 *   java bench/deployments/DeploymentsBench.java affinity --server URL --key KEY --deployment ID --conversations W --turns T
 *                                                         --clients C --interleave K --think-ms P --doc-words D --reply-tokens R
 *                                                         --affinity on|off --tag X --out a.json
 *   java bench/deployments/DeploymentsBench.java addons   --server URL --key KEY --models M1,M2,... --clients C --requests R
 *                                                         --tokens N --tag X --out m.json
 *
 * URL is the server's base URL (http://127.0.0.1:PORT). Modes:
 *   create    N times: POST /v1/accounts/local/deployments (minReplicaCount 1, maxReplicaCount 1) and GET it every
 *             100 ms until READY (FAILED stops the run): seconds from sending the create to seeing READY; each
 *             deployment is then deleted (hard, ignoreChecks) and awaited gone before the next
 *   zero      N times on an existing READY deployment with minReplicaCount 0: PATCH :scale {"replicaCount": 0}, wait
 *             until it reports 0 replicas and S more seconds (the old process exits), then send one streaming
 *             /completions every 250 ms for as long as it answers 503 DEPLOYMENT_SCALING_UP: seconds from the first
 *             request to the first streamed token, and how many 503s came before
 *   affinity  W conversations of T turns each, taken from a queue by C concurrent clients: a client takes K
 *             conversations and sends their turns in rotation (turn 1 of each, then turn 2 of each, ...), waiting a
 *             random 0..P ms (seeded) before each follow-up turn, the user's reading time; then it takes the next K.
 *             So C × K conversations are live at once. Turn 1 is a D-word document and a question;
 *             later turns append the assistant's reply and a short question, so each prompt extends the last one.
 *             Streaming /chat/completions, R tokens (ignore_eos, greedy), with `x-session-affinity: <conversation>`
 *             (on) or without (off). Cached prompt tokens / prompt tokens (usage.prompt_tokens_details.cached_tokens)
 *             on follow-up turns and on first turns, and time to first token p50/p90 of each. The tag goes into every
 *             document, so two runs never share a prefix beyond the chat template's.
 *   addons    C concurrent clients, R streaming /completions each (N tokens, ignore_eos, greedy), after one unmeasured
 *             request per model: client c's request r uses model (c + r) mod |models|, so all models are in flight at
 *             once: aggregate completion tokens per second over the measured requests
 *   summary   reads the results of one run from --dir and writes a Markdown table of them with the targets
 * Needs only the JDK. Every result is one JSON object written to --out and echoed to stdout; affinity also writes one
 * line per request to <out>.jsonl.
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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

public class DeploymentsBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    static final String DEPLOYMENTS = "/v1/accounts/local/deployments";

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        String result = switch (args[0]) {
            case "create" -> create(o);
            case "zero" -> zero(o);
            case "affinity" -> affinity(o);
            case "addons" -> addons(o);
            case "summary" -> summary(o);
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        };
        Files.writeString(Path.of(o.get("out")), result + "\n");
        System.out.println(result);
    }

    // ---- create → READY ----

    static String create(Map<String, String> o) throws Exception {
        int repeats = Integer.parseInt(o.get("repeats"));
        double[] seconds = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            String id = o.get("id") + "-" + (i + 1);
            String body = "{\"baseModel\":\"" + o.get("model") + "\",\"minReplicaCount\":1,\"maxReplicaCount\":1}";
            long start = System.nanoTime();
            Reply created = call(o, "POST", DEPLOYMENTS + "?deploymentId=" + id, body);
            if (created.status != 200) {
                throw new IllegalStateException("create answered " + created.status + ": " + created.body);
            }
            while (true) {
                Map<String, Object> d = obj(parse(call(o, "GET", DEPLOYMENTS + "/" + id, null).body));
                String state = String.valueOf(d.get("state"));
                if (state.equals("READY")) {
                    break;
                }
                if (state.equals("FAILED")) {
                    throw new IllegalStateException(id + " FAILED: " + d.get("status"));
                }
                Thread.sleep(100);
            }
            seconds[i] = (System.nanoTime() - start) / 1e9;
            System.err.printf("bench/deployments: %s READY after %.2f s%n", id, seconds[i]);
            deleteAndWait(o, id);
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        return String.format("{\"mode\":\"create\",\"repeats\":%d,\"seconds\":%s,\"median_s\":%.2f,\"min_s\":%.2f,\"max_s\":%.2f}",
                repeats, Arrays.toString(round(seconds)), median(sorted), sorted[0], sorted[repeats - 1]);
    }

    static void deleteAndWait(Map<String, String> o, String id) throws Exception {
        Reply deleted = call(o, "DELETE", DEPLOYMENTS + "/" + id + "?hard=true&ignoreChecks=true", null);
        if (deleted.status != 200) {
            throw new IllegalStateException("delete " + id + " answered " + deleted.status + ": " + deleted.body);
        }
        for (int i = 0; i < 1200; i++) {
            if (call(o, "GET", DEPLOYMENTS + "/" + id, null).status == 404) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(id + " is not gone 2 minutes after its delete");
    }

    // ---- zero replicas → first token ----

    static String zero(Map<String, String> o) throws Exception {
        int repeats = Integer.parseInt(o.get("repeats"));
        double settle = Double.parseDouble(o.getOrDefault("settle", "2"));
        String id = o.get("deployment");
        double[] seconds = new double[repeats];
        int[] refusals = new int[repeats];
        for (int i = 0; i < repeats; i++) {
            Reply scaled = call(o, "PATCH", DEPLOYMENTS + "/" + id + ":scale", "{\"replicaCount\": 0}");
            if (scaled.status != 200) {
                throw new IllegalStateException(":scale answered " + scaled.status + ": " + scaled.body);
            }
            for (int n = 0; ; n++) {
                Map<String, Object> d = obj(parse(call(o, "GET", DEPLOYMENTS + "/" + id, null).body));
                if (num(d.get("replicaCount")) == 0 && num(d.get("desiredReplicaCount")) == 0) {
                    break;
                }
                if (n > 1200) {
                    throw new IllegalStateException(id + " did not reach 0 replicas: " + d);
                }
                Thread.sleep(100);
            }
            Thread.sleep((long) (settle * 1000));
            String body = "{\"model\":\"accounts/local/deployments/" + id + "\",\"max_tokens\":8,\"temperature\":0,"
                    + "\"ignore_eos\":true,\"stream\":true,\"prompt\":\"Wake-up " + i + ": the weather in Oslo in December is\"}";
            long start = System.nanoTime();
            while (true) {
                HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(inference(o, "/completions", body, null),
                        HttpResponse.BodyHandlers.ofLines());
                if (r.statusCode() == 503) {
                    String error = String.join("\n", (Iterable<String>) r.body()::iterator);
                    if (!error.contains("DEPLOYMENT_SCALING_UP")) {
                        throw new IllegalStateException("503 without DEPLOYMENT_SCALING_UP: " + error);
                    }
                    refusals[i]++;
                    Thread.sleep(250);
                    continue;
                }
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("/completions answered " + r.statusCode() + ": "
                            + String.join("\n", (Iterable<String>) r.body()::iterator));
                }
                boolean first = false;
                for (String line : (Iterable<String>) r.body()::iterator) {
                    if (!first && line.startsWith("data: {") && line.contains("\"text\"")) {
                        seconds[i] = (System.nanoTime() - start) / 1e9;
                        first = true;
                    }
                }
                if (!first) {
                    throw new IllegalStateException("the stream ended without a token");
                }
                break;
            }
            System.err.printf("bench/deployments: %s: first token %.2f s after the first request (%d × 503 before)%n", id,
                    seconds[i], refusals[i]);
        }
        double[] sorted = seconds.clone();
        Arrays.sort(sorted);
        return String.format("{\"mode\":\"zero\",\"repeats\":%d,\"seconds\":%s,\"refusals\":%s,\"median_s\":%.2f,\"min_s\":%.2f,"
                + "\"max_s\":%.2f}", repeats, Arrays.toString(round(seconds)), Arrays.toString(refusals), median(sorted), sorted[0],
                sorted[repeats - 1]);
    }

    // ---- session affinity on a multi-turn chat ----

    static final String[] WORDS = ("the of and to in is was for on that with as by at from his her which an be this are "
            + "had not but have were they one all their been has more when there who will would out so up said what about "
            + "into than them can only other new some could time these two may then first any like now over such our man "
            + "me even most made after also did many before must through back years where much your way well down should "
            + "because each just those people how too little state good very make world still own see men work long get "
            + "here between both life being under never day same another know while last might us great old year off come "
            + "since against go came right used take three river harbour ledger winter copper lantern orchard meadow signal "
            + "granite thunder marble velvet canyon glacier falcon harvest compass anchor beacon cobalt ember fjord").split(" ");
    static final String[] QUESTIONS = {"What does the third paragraph say about the river?",
            "Summarise that in one sentence, please.", "Which of the places mentioned is the oldest?",
            "List three words from the report that describe the weather.", "Why did the ledger matter?",
            "Explain the part about the harbour again, more simply.", "Who is the report addressed to?",
            "What would you ask the author next?"};

    record Turn(String conversation, int turn, int promptTokens, int cachedTokens, double ttftMs, double totalMs,
            int completionTokens, double startMs) {}

    static String affinity(Map<String, String> o) throws Exception {
        int conversations = Integer.parseInt(o.get("conversations"));
        int turns = Integer.parseInt(o.get("turns"));
        int clients = Integer.parseInt(o.get("clients"));
        int docWords = Integer.parseInt(o.get("doc-words"));
        int reply = Integer.parseInt(o.get("reply-tokens"));
        int interleave = Integer.parseInt(o.getOrDefault("interleave", "1"));
        int thinkMs = Integer.parseInt(o.getOrDefault("think-ms", "0"));
        boolean on = o.get("affinity").equals("on");
        String tag = o.get("tag");
        String model = "accounts/local/deployments/" + o.get("deployment");
        ConcurrentLinkedQueue<Integer> queue = new ConcurrentLinkedQueue<>();
        for (int c = 0; c < conversations; c++) {
            queue.add(c);
        }
        List<Turn> results = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int k = 0; k < clients; k++) {
                int client = k;
                all.add(pool.submit(() -> {
                    Random think = new Random(tag.hashCode() * 1000L + client);
                    Thread.sleep(thinkMs == 0 ? 0 : think.nextInt(thinkMs + 1));
                    while (true) {
                        // This client's next `interleave` conversations, whose turns it sends in rotation.
                        List<Integer> mine = new ArrayList<>();
                        for (Integer c; mine.size() < interleave && (c = queue.poll()) != null; ) {
                            mine.add(c);
                        }
                        if (mine.isEmpty()) {
                            return null;
                        }
                        List<List<String[]>> histories = new ArrayList<>();
                        for (int c : mine) {
                            List<String[]> messages = new ArrayList<>();
                            messages.add(new String[] {"user", document(tag, c, docWords) + "\n\n" + QUESTIONS[c % QUESTIONS.length]});
                            histories.add(messages);
                        }
                        for (int t = 1; t <= turns; t++) {
                            for (int i = 0; i < mine.size(); i++) {
                                int c = mine.get(i);
                                String id = tag + "-conversation-" + c;
                                List<String[]> messages = histories.get(i);
                                if (t > 1) {
                                    Thread.sleep(thinkMs == 0 ? 0 : think.nextInt(thinkMs + 1));
                                    messages.add(new String[] {"user", "(turn " + t + ") " + QUESTIONS[(c + t) % QUESTIONS.length]});
                                }
                                StringBuilder answer = new StringBuilder();
                                results.add(chatTurn(o, model, messages, reply, on ? id : null, id, t, answer, start));
                                messages.add(new String[] {"assistant", answer.toString()});
                            }
                        }
                    }
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        StringBuilder lines = new StringBuilder();
        for (Turn t : results) {
            lines.append(String.format("{\"conversation\":\"%s\",\"turn\":%d,\"prompt_tokens\":%d,\"cached_tokens\":%d,"
                    + "\"ttft_ms\":%.1f,\"total_ms\":%.1f,\"completion_tokens\":%d,\"start_ms\":%.0f}%n", t.conversation(), t.turn(),
                    t.promptTokens(), t.cachedTokens(), t.ttftMs(), t.totalMs(), t.completionTokens(), t.startMs()));
        }
        Files.writeString(Path.of(o.get("out") + "l"), lines.toString());
        List<Turn> first = results.stream().filter(t -> t.turn() == 1).toList();
        List<Turn> later = results.stream().filter(t -> t.turn() > 1).toList();
        long laterFull = later.stream().filter(t -> t.cachedTokens() >= 0.9 * t.promptTokens()).count();
        return String.format("{\"mode\":\"affinity\",\"affinity\":\"%s\",\"conversations\":%d,\"turns\":%d,\"clients\":%d,"
                + "\"interleave\":%d,\"think_ms\":%d,\"seconds\":%.1f,\"first_turn_prompt_tokens_mean\":%.0f,\"last_turn_prompt_tokens_mean\":%.0f,"
                + "\"followup_cached_fraction\":%.4f,\"followup_turns_at_least_90pct_cached\":\"%d/%d\","
                + "\"first_turn_cached_fraction\":%.4f,\"followup_ttft_p50_ms\":%.1f,\"followup_ttft_p90_ms\":%.1f,"
                + "\"first_turn_ttft_p50_ms\":%.1f,\"first_turn_ttft_p90_ms\":%.1f,\"all_ttft_p50_ms\":%.1f,\"all_ttft_p90_ms\":%.1f}",
                on ? "on" : "off", conversations, turns, clients, interleave, thinkMs, seconds,
                first.stream().mapToInt(Turn::promptTokens).average().orElse(0),
                results.stream().filter(t -> t.turn() == turns).mapToInt(Turn::promptTokens).average().orElse(0),
                cachedFraction(later), laterFull, later.size(), cachedFraction(first), pct(ttfts(later), 50), pct(ttfts(later), 90),
                pct(ttfts(first), 50), pct(ttfts(first), 90), pct(ttfts(results), 50), pct(ttfts(results), 90));
    }

    static double cachedFraction(List<Turn> turns) {
        long prompt = turns.stream().mapToLong(Turn::promptTokens).sum();
        return prompt == 0 ? 0 : (double) turns.stream().mapToLong(Turn::cachedTokens).sum() / prompt;
    }

    static double[] ttfts(List<Turn> turns) {
        return turns.stream().mapToDouble(Turn::ttftMs).sorted().toArray();
    }

    /** A document of {@code words} words, different for every tag and conversation, in paragraphs of 60 words. */
    static String document(String tag, int conversation, int words) {
        Random random = new Random((tag + "/" + conversation).hashCode() * 31L + conversation);
        StringBuilder text = new StringBuilder("Report " + tag + "-" + conversation + ". ");
        for (int w = 0; w < words; w++) {
            String word = WORDS[random.nextInt(WORDS.length)];
            text.append(w % 12 == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
            text.append(w % 60 == 59 ? ".\n\n" : w % 12 == 11 ? ". " : " ");
        }
        return text.toString().strip();
    }

    /** One streamed chat turn; appends the assistant's text to {@code answer}. */
    static Turn chatTurn(Map<String, String> o, String model, List<String[]> messages, int maxTokens, String affinity,
            String conversation, int turn, StringBuilder answer, long runStart) throws Exception {
        StringBuilder body = new StringBuilder("{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens
                + ",\"temperature\":0,\"ignore_eos\":true,\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[");
        for (int i = 0; i < messages.size(); i++) {
            body.append(i == 0 ? "" : ",").append("{\"role\":\"").append(messages.get(i)[0]).append("\",\"content\":")
                    .append(quote(messages.get(i)[1])).append('}');
        }
        body.append("]}");
        long start = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(inference(o, "/chat/completions", body.toString(), affinity),
                HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/chat/completions answered " + r.statusCode() + ": "
                    + String.join("\n", (Iterable<String>) r.body()::iterator));
        }
        double first = -1;
        int prompt = -1;
        int cached = 0;
        int completion = 0;
        for (String line : (Iterable<String>) r.body()::iterator) {
            if (!line.startsWith("data: {")) {
                continue;
            }
            Map<String, Object> chunk = obj(parse(line.substring(6)));
            if (chunk.get("error") != null) {
                throw new IllegalStateException("stream error: " + line);
            }
            for (Object choice : list(chunk.get("choices"))) {
                Object content = obj(obj(choice).get("delta")).get("content");
                if (content instanceof String s && !s.isEmpty()) {
                    if (first < 0) {
                        first = (System.nanoTime() - start) / 1e6;
                    }
                    answer.append(s);
                }
            }
            if (chunk.get("usage") instanceof Map<?, ?> usage) {
                prompt = (int) num(usage.get("prompt_tokens"));
                completion = (int) num(usage.get("completion_tokens"));
                Object details = usage.get("prompt_tokens_details");
                cached = details instanceof Map<?, ?> m && m.get("cached_tokens") != null ? (int) num(m.get("cached_tokens")) : 0;
            }
        }
        if (prompt < 0) {
            throw new IllegalStateException("no usage in the stream of " + conversation + " turn " + turn);
        }
        return new Turn(conversation, turn, prompt, cached, first, (System.nanoTime() - start) / 1e6, completion,
                (start - runStart) / 1e6);
    }

    // ---- add-on overhead ----

    static String addons(Map<String, String> o) throws Exception {
        String[] models = o.get("models").split(",");
        int clients = Integer.parseInt(o.get("clients"));
        int requests = Integer.parseInt(o.get("requests"));
        int tokens = Integer.parseInt(o.get("tokens"));
        for (int m = 0; m < models.length; m++) {
            complete(o, models[m], tokens, -1 - m);
        }
        AtomicLong generated = new AtomicLong();
        List<Double> perRequest = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                all.add(pool.submit(() -> {
                    for (int r = 0; r < requests; r++) {
                        double[] t = complete(o, models[(client + r) % models.length], tokens, client * requests + r);
                        generated.addAndGet((long) t[2]);
                        perRequest.add(t[2] / ((t[1] - t[0]) / 1000));
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] rates = perRequest.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return String.format("{\"mode\":\"addons\",\"tag\":\"%s\",\"models\":%d,\"clients\":%d,\"requests\":%d,\"seconds\":%.1f,"
                + "\"completion_tokens\":%d,\"tokens_per_second\":%.2f,\"per_request_decode_tok_s_p50\":%.2f}", o.get("tag"),
                models.length, clients, clients * requests, seconds, generated.get(), generated.get() / seconds, pct(rates, 50));
    }

    /** One streaming completion: ms to the first token, ms to the end, completion tokens from its usage. */
    static double[] complete(Map<String, String> o, String model, int maxTokens, int seed) throws Exception {
        String body = "{\"model\":\"" + model + "\",\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"ignore_eos\":true,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"prompt\":\"Request " + seed
                + ": the weather in Oslo in December is\"}";
        long start = System.nanoTime();
        HttpResponse<java.util.stream.Stream<String>> r = HTTP.send(inference(o, "/completions", body, null),
                HttpResponse.BodyHandlers.ofLines());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(model + ": /completions answered " + r.statusCode() + ": "
                    + String.join("\n", (Iterable<String>) r.body()::iterator));
        }
        double first = -1;
        long completion = 0;
        for (String line : (Iterable<String>) r.body()::iterator) {
            if (!line.startsWith("data: {")) {
                continue;
            }
            Map<String, Object> chunk = obj(parse(line.substring(6)));
            if (chunk.get("error") != null) {
                throw new IllegalStateException(model + ": stream error: " + line);
            }
            if (first < 0 && !list(chunk.get("choices")).isEmpty()) {
                first = (System.nanoTime() - start) / 1e6;
            }
            if (chunk.get("usage") instanceof Map<?, ?> usage) {
                completion = (long) num(usage.get("completion_tokens"));
            }
        }
        if (completion != maxTokens) {
            throw new IllegalStateException(model + ": " + completion + " completion tokens, not " + maxTokens);
        }
        return new double[] {first, (System.nanoTime() - start) / 1e6, completion};
    }

    // ---- summary ----

    static String summary(Map<String, String> o) throws Exception {
        Path dir = Path.of(o.get("dir"));
        StringBuilder md = new StringBuilder();
        if (Files.exists(dir.resolve("machine.txt"))) {
            md.append("Machine: ").append(Files.readString(dir.resolve("machine.txt")).strip()).append("\n\n");
        }
        md.append("| measure | figure | target |\n|---|---|---|\n");
        Map<String, Object> create = read(dir, "create.json");
        if (create != null) {
            md.append(String.format("| create (min 1, max 1) → READY, REST polled every 100 ms, %d runs | median %.2f s (%.2f–%.2f) | |%n",
                    (int) num(create.get("repeats")), num(create.get("median_s")), num(create.get("min_s")), num(create.get("max_s"))));
        }
        Map<String, Object> firectl = read(dir, "firectl-create.json");
        if (firectl != null) {
            md.append("| `firectl deployment create --wait` (JVM start and 1 s polling included) | ")
                    .append(list(firectl.get("seconds")).stream().map(v -> String.format("%.2f s", num(v))).toList()).append(" | |\n");
        }
        Map<String, Object> zero = read(dir, "zero.json");
        if (zero != null) {
            md.append(String.format("| zero replicas → first token (first request to first streamed token, retry every 250 ms), %d runs "
                    + "| median %.2f s (%.2f–%.2f); 503 DEPLOYMENT_SCALING_UP answers before it: %s | |%n", (int) num(zero.get("repeats")),
                    num(zero.get("median_s")), num(zero.get("min_s")), num(zero.get("max_s")),
                    list(zero.get("refusals")).stream().map(v -> String.valueOf((int) num(v))).toList()));
        }
        Map<String, Object> off = read(dir, "affinity-off.json");
        Map<String, Object> on = read(dir, "affinity-on.json");
        if (off != null && on != null) {
            md.append(String.format("| multi-turn chat, %d conversations × %d turns, %d clients × %d conversations each, 0–%d ms between "
                    + "turns (prompt %.0f → %.0f tokens): cached / prompt tokens on follow-up turns, affinity off → on "
                    + "| %.1f %% → **%.1f %%** (turns ≥ 90 %% cached: %s → %s) | ≥ 90 %% with affinity: %s |%n",
                    (int) num(on.get("conversations")), (int) num(on.get("turns")), (int) num(on.get("clients")),
                    (int) num(on.get("interleave")), (int) num(on.get("think_ms")),
                    num(on.get("first_turn_prompt_tokens_mean")), num(on.get("last_turn_prompt_tokens_mean")),
                    100 * num(off.get("followup_cached_fraction")), 100 * num(on.get("followup_cached_fraction")),
                    off.get("followup_turns_at_least_90pct_cached"), on.get("followup_turns_at_least_90pct_cached"),
                    num(on.get("followup_cached_fraction")) >= 0.9 ? "met" : "**not met**"));
            md.append(String.format("| time to first token, follow-up turns, p50 / p90, affinity off → on | %.0f / %.0f ms → %.0f / %.0f ms | |%n",
                    num(off.get("followup_ttft_p50_ms")), num(off.get("followup_ttft_p90_ms")), num(on.get("followup_ttft_p50_ms")),
                    num(on.get("followup_ttft_p90_ms"))));
            md.append(String.format("| time to first token, first turns, p50 / p90, affinity off → on | %.0f / %.0f ms → %.0f / %.0f ms | |%n",
                    num(off.get("first_turn_ttft_p50_ms")), num(off.get("first_turn_ttft_p90_ms")), num(on.get("first_turn_ttft_p50_ms")),
                    num(on.get("first_turn_ttft_p90_ms"))));
            md.append(String.format("| whole chat workload, affinity off → on | %.1f s → %.1f s | |%n", num(off.get("seconds")),
                    num(on.get("seconds"))));
        }
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        String shape = null;
        for (int r = 1; ; r++) {
            boolean any = false;
            for (String mode : List.of("base", "mixed", "single")) {
                Map<String, Object> run = read(dir, "addons-" + mode + "-" + r + ".json");
                if (run != null) {
                    any = true;
                    rates.computeIfAbsent(mode, k -> new ArrayList<>()).add(num(run.get("tokens_per_second")));
                    shape = String.format("%d clients, %d requests of %d tokens", (int) num(run.get("clients")),
                            (int) num(run.get("requests")), (int) num(run.get("completion_tokens")) / (int) num(run.get("requests")));
                }
            }
            if (!any) {
                break;
            }
        }
        if (rates.containsKey("base")) {
            double b = mean(rates.get("base"));
            for (String mode : List.of("mixed", "single")) {
                if (!rates.containsKey(mode)) {
                    continue;
                }
                double m = mean(rates.get(mode));
                boolean mixedMode = mode.equals("mixed");
                md.append(String.format("| add-ons, 1 replica (%s per run): generated tok/s, base only → %s (mean of %d runs: %s → %s) "
                        + "| %.1f → %.1f tok/s = **%.2f×** | %s |%n", shape,
                        mixedMode ? "base + 3 LoRAs evenly" : "all on one LoRA", rates.get(mode).size(), fmt(rates.get("base")),
                        fmt(rates.get(mode)), b, m, m / b, mixedMode ? "≥ 0.8×: " + (m / b >= 0.8 ? "met" : "**not met**") : ""));
            }
        }
        if (Files.exists(dir.resolve("cpu.txt"))) {
            md.append("\nCPU outside the benchmark, per phase:\n\n");
            for (String line : Files.readAllLines(dir.resolve("cpu.txt"))) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("outside the benchmark ([0-9.]+) cores").matcher(line);
                boolean disturbed = m.find() && Double.parseDouble(m.group(1)) >= 0.2;
                md.append("* ").append(line).append(disturbed ? " **(disturbed: rerun this phase)**" : "").append('\n');
            }
        }
        return md.toString().strip();
    }

    static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    static String fmt(List<Double> values) {
        return values.stream().map(v -> String.format("%.1f", v)).toList().toString();
    }

    static Map<String, Object> read(Path dir, String name) throws Exception {
        Path file = dir.resolve(name);
        return Files.exists(file) ? obj(parse(Files.readString(file))) : null;
    }

    // ---- HTTP ----

    record Reply(int status, String body) {}

    static Reply call(Map<String, String> o, String method, String path, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(o.get("server") + path))
                .header("Authorization", "Bearer " + o.get("key")).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(2))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body());
    }

    static HttpRequest inference(Map<String, String> o, String path, String body, String affinity) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(o.get("server") + "/inference/v1" + path))
                .header("Authorization", "Bearer " + o.get("key")).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (affinity != null) {
            b.header("x-session-affinity", affinity);
        }
        return b.build();
    }

    // ---- a small JSON reader (objects, arrays, strings, numbers, literals) ----

    static Object parse(String json) {
        int[] at = {0};
        Object value = value(json, at);
        return value;
    }

    private static Object value(String s, int[] at) {
        skip(s, at);
        char c = s.charAt(at[0]);
        switch (c) {
            case '{' -> {
                Map<String, Object> map = new LinkedHashMap<>();
                at[0]++;
                skip(s, at);
                if (s.charAt(at[0]) == '}') {
                    at[0]++;
                    return map;
                }
                while (true) {
                    skip(s, at);
                    String key = string(s, at);
                    skip(s, at);
                    at[0]++; // ':'
                    map.put(key, value(s, at));
                    skip(s, at);
                    if (s.charAt(at[0]++) == '}') {
                        return map;
                    }
                }
            }
            case '[' -> {
                List<Object> list = new ArrayList<>();
                at[0]++;
                skip(s, at);
                if (s.charAt(at[0]) == ']') {
                    at[0]++;
                    return list;
                }
                while (true) {
                    list.add(value(s, at));
                    skip(s, at);
                    if (s.charAt(at[0]++) == ']') {
                        return list;
                    }
                }
            }
            case '"' -> {
                return string(s, at);
            }
            default -> {
                int start = at[0];
                while (at[0] < s.length() && ",}] \n\r\t".indexOf(s.charAt(at[0])) < 0) {
                    at[0]++;
                }
                String word = s.substring(start, at[0]);
                return switch (word) {
                    case "null" -> null;
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> Double.parseDouble(word);
                };
            }
        }
    }

    private static String string(String s, int[] at) {
        StringBuilder out = new StringBuilder();
        at[0]++; // opening quote
        while (true) {
            char c = s.charAt(at[0]++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = s.charAt(at[0]++);
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append((char) Integer.parseInt(s.substring(at[0], at[0] + 4), 16));
                    at[0] += 4;
                }
                default -> out.append(e);
            }
        }
    }

    private static void skip(String s, int[] at) {
        while (at[0] < s.length() && Character.isWhitespace(s.charAt(at[0]))) {
            at[0]++;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    static double num(Object o) {
        return o instanceof Number n ? n.doubleValue() : o instanceof String s ? Double.parseDouble(s) : 0;
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    // ---- figures ----

    static double pct(double[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double[] round(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.round(values[i] * 100) / 100.0;
        }
        return out;
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return o;
    }
}
