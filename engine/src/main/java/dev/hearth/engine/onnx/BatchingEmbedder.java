package dev.hearth.engine.onnx;

import dev.hearth.engine.runner.TextEmbedder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gathers the inputs of concurrent requests into shared ONNX runs. One thread runs the encoder; whatever is queued when a
 * run ends goes into the next one, oldest first, up to {@code maxBatch} inputs and {@code maxBatchTokens} padded tokens
 * (batch size times its longest input), so a lone request never waits for company and a busy runner runs full batches.
 */
public final class BatchingEmbedder implements TextEmbedder, AutoCloseable {
    private final OnnxEncoder encoder;
    private final int maxBatch;
    private final int maxBatchTokens;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final Thread worker;
    private final AtomicLong runs = new AtomicLong();
    private boolean closed;

    /** One input of a request, and where its vector goes. */
    private record Item(int[] tokens, int index, Request request) {}

    /** A request's vectors, complete when the last one arrives. */
    private static final class Request {
        final float[][] vectors;
        final CompletableFuture<List<float[]>> done = new CompletableFuture<>();
        int missing;

        Request(int size) {
            vectors = new float[size][];
            missing = size;
        }

        synchronized void put(int index, float[] vector) {
            vectors[index] = vector;
            if (--missing == 0) {
                done.complete(Arrays.asList(vectors));
            }
        }
    }

    public BatchingEmbedder(OnnxEncoder encoder, int maxBatch, int maxBatchTokens) {
        if (maxBatch < 1 || maxBatchTokens < encoder.spec().maxTokens()) {
            throw new IllegalArgumentException("a batch must hold at least one input of " + encoder.spec().maxTokens() + " tokens");
        }
        this.encoder = encoder;
        this.maxBatch = maxBatch;
        this.maxBatchTokens = maxBatchTokens;
        this.worker = Thread.ofPlatform().name("onnx-embedder").daemon().start(this::run);
    }

    @Override
    public int width() {
        return encoder.width();
    }

    @Override
    public int maxTokensPerInput() {
        return encoder.spec().maxTokens();
    }

    @Override
    public int[] tokenize(String text) {
        return encoder.tokenize(text);
    }

    /** Token ids are refused: a BERT encoder's ids are only meaningful as its tokenizer frames them. */
    @Override
    public int tokenIdLimit() {
        return 0;
    }

    /** How many ONNX runs there have been. */
    long runs() {
        return runs.get();
    }

    @Override
    public List<float[]> embed(List<int[]> inputs) {
        if (inputs.isEmpty()) {
            return List.of();
        }
        Request request = new Request(inputs.size());
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedder is closed");
            }
            for (int i = 0; i < inputs.size(); i++) {
                queue.addLast(new Item(inputs.get(i), i, request));
            }
            queued.signal();
        } finally {
            lock.unlock();
        }
        try {
            return request.done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while embedding", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void run() {
        while (true) {
            List<Item> batch = next();
            if (batch == null) {
                return;
            }
            List<int[]> tokens = new ArrayList<>(batch.size());
            for (Item item : batch) {
                tokens.add(item.tokens());
            }
            runs.incrementAndGet();
            try {
                List<float[]> vectors = encoder.embed(tokens);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).request().put(batch.get(i).index(), vectors.get(i));
                }
            } catch (RuntimeException e) {
                batch.forEach(item -> item.request().done.completeExceptionally(e));
            }
        }
    }

    /** The next batch, oldest inputs first; null once closed. */
    private List<Item> next() {
        lock.lock();
        try {
            while (queue.isEmpty() && !closed) {
                queued.awaitUninterruptibly();
            }
            if (closed) {
                return null;
            }
            List<Item> batch = new ArrayList<>();
            int longest = 0;
            while (!queue.isEmpty() && batch.size() < maxBatch) {
                int padded = Math.max(longest, queue.peekFirst().tokens().length);
                if (!batch.isEmpty() && padded * (batch.size() + 1) > maxBatchTokens) {
                    break;
                }
                longest = padded;
                batch.add(queue.pollFirst());
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.forEach(item -> item.request().done.completeExceptionally(new IllegalStateException("the runner is stopping")));
            queue.clear();
            queued.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
