package dev.hearth.firectl;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A loopback HTTP server that answers each {@code METHOD path} (query string left out) with the responses queued for
 * it, in order, the last one again once the others are used; anything else is a 404. It records every request.
 */
final class StubServer implements AutoCloseable {
    record Response(int status, String body) {}

    private final HttpServer server;
    private final Map<String, Deque<Response>> responses = new HashMap<>();
    private final List<String> requests = new ArrayList<>();

    private StubServer(HttpServer server) {
        this.server = server;
    }

    static StubServer start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            StubServer stub = new StubServer(http);
            http.createContext("/", exchange -> {
                String path = exchange.getRequestURI().getRawPath();
                String query = exchange.getRequestURI().getRawQuery();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Response response = stub.answer(exchange.getRequestMethod() + " " + path,
                        exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query) + (body.isEmpty() ? "" : " " + body));
                byte[] bytes = response.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(response.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            http.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Queues answers to {@code METHOD path}. */
    synchronized StubServer on(String request, Response... answers) {
        responses.computeIfAbsent(request, r -> new ArrayDeque<>()).addAll(List.of(answers));
        return this;
    }

    static Response ok(String json) {
        return new Response(200, json);
    }

    static Response notFound(String message) {
        return new Response(404, "{\"code\":5,\"message\":\"" + message + "\"}");
    }

    private synchronized Response answer(String key, String request) {
        requests.add(request.replaceAll("\\s*\\R\\s*", ""));
        Deque<Response> queue = responses.get(key);
        if (queue == null || queue.isEmpty()) {
            return notFound("no stub for " + key);
        }
        return queue.size() > 1 ? queue.removeFirst() : queue.getFirst();
    }

    /** Every request so far as {@code METHOD path?query body}, the body's whitespace between lines taken out. */
    synchronized List<String> requests() {
        return List.copyOf(requests);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
