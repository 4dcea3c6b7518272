package dev.hearth.engine.onnx;

import dev.hearth.engine.runner.TextEmbedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Gathers the inputs of concurrent requests into shared ONNX runs. {@code workers} threads run the encoder; a worker that
 * is free takes what is queued, so a lone request never waits for company and a busy runner runs full batches:
 * <ul>
 * <li>the oldest queued input always goes into the next run, so none waits behind later ones;</li>
 * <li>the rest of the run is the inputs closest in length to it among the oldest {@value #WINDOW_BATCHES} batches'
 * worth, which keeps padding (every input is padded to the run's longest) small when lengths vary;</li>
 * <li>a run holds at most {@code maxBatch} inputs and {@code maxBatchTokens} padded tokens, and idle workers share
 * what is queued, so one request's inputs spread over every free worker.</li>
 * </ul>
 */
public final class BatchingEmbedder implements TextEmbedder, AutoCloseable {
    /** How many batches' worth of the oldest inputs a run is chosen from. */
    static final int WINDOW_BATCHES = 4;

    private final OnnxEncoder encoder;
    private final int maxBatch;
    private final int maxBatchTokens;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final List<Item> queue = new ArrayList<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong runs = new AtomicLong();
    private int idle;
    private boolean closed;

    /** One input of a request, and where its vector goes. */
    private record Item(int[] tokens, int index, Request request) {
        int length() {
            return tokens.length;
        }
    }

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

    public BatchingEmbedder(OnnxEncoder encoder, int workers, int maxBatch, int maxBatchTokens) {
        if (workers < 1 || maxBatch < 1 || maxBatchTokens < encoder.spec().maxTokens()) {
            throw new IllegalArgumentException("need a worker and room in a batch for one input of " + encoder.spec().maxTokens()
                    + " tokens");
        }
        this.encoder = encoder;
        this.maxBatch = maxBatch;
        this.maxBatchTokens = maxBatchTokens;
        for (int i = 0; i < workers; i++) {
            this.workers.add(Thread.ofPlatform().name("onnx-embedder-" + i).daemon().start(this::run));
        }
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
                queue.add(new Item(inputs.get(i), i, request));
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

    /** The next run's inputs; null once closed. */
    private List<Item> next() {
        lock.lock();
        try {
            idle++;
            while (queue.isEmpty() && !closed) {
                queued.awaitUninterruptibly();
            }
            int sharing = idle--;
            if (closed) {
                return null;
            }
            int take = Math.min(maxBatch, (queue.size() + sharing - 1) / sharing);
            List<Item> batch = choose(take);
            queue.removeAll(batch);
            if (!queue.isEmpty()) {
                queued.signal();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** The oldest input and up to {@code take - 1} others from the window, closest in length to it, within the token budget. */
    private List<Item> choose(int take) {
        Item oldest = queue.getFirst();
        List<Item> window = new ArrayList<>(queue.subList(1, Math.min(queue.size(), WINDOW_BATCHES * maxBatch)));
        window.sort(Comparator.comparingInt((Item item) -> Math.abs(item.length() - oldest.length())));
        List<Item> batch = new ArrayList<>(take);
        batch.add(oldest);
        int longest = oldest.length();
        for (Item item : window) {
            if (batch.size() == take) {
                break;
            }
            int padded = Math.max(longest, item.length());
            if (padded * (batch.size() + 1) <= maxBatchTokens) {
                batch.add(item);
                longest = padded;
            }
        }
        return batch;
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
        for (Thread worker : workers) {
            try {
                worker.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
