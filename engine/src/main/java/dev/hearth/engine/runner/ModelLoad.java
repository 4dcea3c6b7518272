package dev.hearth.engine.runner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hearth.api.Json;
import io.javalin.http.Context;
import java.util.concurrent.CountDownLatch;

/**
 * A runner's model loading in the background, as every runner reports it: {@code /health} is 503 while loading, 200
 * once loaded and 500 with the reason if loading failed; requests before then get a 503.
 */
public final class ModelLoad<T> {
    private final CountDownLatch over = new CountDownLatch(1);
    private volatile T loaded;
    private volatile String error;

    public void succeeded(T value) {
        loaded = value;
        over.countDown();
    }

    /** Records why loading failed and returns that reason. */
    public String failed(Throwable e) {
        error = e.getMessage() == null ? e.toString() : e.getMessage();
        over.countDown();
        return error;
    }

    /** The loaded model, or null while loading or after a failure. */
    public T get() {
        return loaded;
    }

    /** The loaded model; a 503 naming the reason otherwise. */
    public T ready() {
        T value = loaded;
        if (value == null) {
            throw new OpenAiException(503, "server_error", null, "model_loading",
                    error != null ? "the model failed to load: " + error : "the model is still loading");
        }
        return value;
    }

    /** Blocks until loading is over; throws IllegalStateException with the reason if it failed. */
    public void await() throws InterruptedException {
        over.await();
        if (error != null) {
            throw new IllegalStateException(error);
        }
    }

    /** {@code GET /health}. */
    public void health(Context ctx) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (loaded != null) {
            body.put("status", "ok");
            ctx.status(200);
        } else if (error != null) {
            body.put("status", "error");
            body.put("message", error);
            ctx.status(500);
        } else {
            body.put("status", "loading");
            ctx.status(503);
        }
        ctx.contentType("application/json").result(body.toString());
    }
}
