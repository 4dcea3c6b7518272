package dev.hearth.engine.onnx;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One BERT-style encoder on ONNX Runtime with its Hugging Face tokenizer: {@link #tokenize} a text, then {@link #embed}
 * a batch of token sequences in one run, padded to the longest, pooled as the model's card says. Thread-safe.
 */
public final class OnnxEncoder implements AutoCloseable {
    private final OnnxModelSpec spec;
    private final OrtEnvironment env;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;
    private final String output;
    private final boolean tokenTypes;
    private final int width;

    private OnnxEncoder(OnnxModelSpec spec, OrtEnvironment env, OrtSession session, HuggingFaceTokenizer tokenizer)
            throws OrtException {
        this.spec = spec;
        this.env = env;
        this.session = session;
        this.tokenizer = tokenizer;
        if (!session.getInputNames().contains("input_ids") || !session.getInputNames().contains("attention_mask")) {
            throw new IllegalStateException(spec.onnxResource() + " takes " + session.getInputNames()
                    + ", not the input_ids and attention_mask of a BERT encoder");
        }
        this.tokenTypes = session.getInputNames().contains("token_type_ids");
        Map.Entry<String, NodeInfo> out = session.getOutputInfo().entrySet().iterator().next();
        long[] shape = out.getValue().getInfo() instanceof TensorInfo t ? t.getShape() : new long[0];
        if (shape.length != 3 || shape[2] <= 0) {
            throw new IllegalStateException(spec.onnxResource() + ": output " + out.getKey() + " is not [batch, tokens, width]");
        }
        this.output = out.getKey();
        this.width = (int) shape[2];
    }

    /**
     * Loads the model's ONNX graph and tokenizer from the class path. Nothing is fetched from the network: DJL runs offline,
     * so it takes its tokenizer library from its jar (never a CUDA build from its site) and does not report usage.
     */
    public static OnnxEncoder load(OnnxModelSpec spec, int threads) throws IOException, OrtException {
        System.setProperty("ai.djl.offline", "true");
        byte[] model = resource(spec.onnxResource());
        HuggingFaceTokenizer tokenizer;
        // tokenizer.json may carry truncation and fixed padding (all-MiniLM's: 128); lengths are checked, never cut.
        try (InputStream json = stream(spec.tokenizerResource())) {
            tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false", "truncation", "false"));
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Spinning pool threads would take CPU from request handling between runs on small machines.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = env.createSession(model, options);
            try {
                return new OnnxEncoder(spec, env, session, tokenizer);
            } catch (RuntimeException | OrtException e) {
                session.close();
                tokenizer.close();
                throw e;
            }
        }
    }

    private static InputStream stream(String name) throws IOException {
        InputStream in = OnnxEncoder.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is not on the class path (it ships in a langchain4j-embeddings-* model jar)");
        }
        return in;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = stream(name)) {
            return in.readAllBytes();
        }
    }

    public OnnxModelSpec spec() {
        return spec;
    }

    public int width() {
        return width;
    }

    /** The model's tokens for {@code text}, with {@code [CLS]} and {@code [SEP]}, untruncated. */
    public int[] tokenize(String text) {
        long[] ids = tokenizer.encode(text, true, false).getIds();
        int[] tokens = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            tokens[i] = (int) ids[i];
        }
        return tokens;
    }

    /** One pooled, unnormalised vector per input, from a single ONNX run over the batch padded to its longest input. */
    public List<float[]> embed(List<int[]> inputs) {
        int batch = inputs.size();
        int longest = 0;
        for (int[] input : inputs) {
            longest = Math.max(longest, input.length);
        }
        long[] ids = new long[batch * longest];
        long[] mask = new long[batch * longest];
        for (int b = 0; b < batch; b++) {
            int[] input = inputs.get(b);
            for (int t = 0; t < input.length; t++) {
                ids[b * longest + t] = input[t];
                mask[b * longest + t] = 1;
            }
        }
        long[] shape = {batch, longest};
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            feed.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
            feed.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
            if (tokenTypes) {
                feed.put("token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[batch * longest]), shape));
            }
            try (OrtSession.Result result = session.run(feed, Set.of(output))) {
                FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
                List<float[]> vectors = new ArrayList<>(batch);
                for (int b = 0; b < batch; b++) {
                    vectors.add(pool(hidden, b * longest, inputs.get(b).length));
                }
                return vectors;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch + " inputs: " + e.getMessage(), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** Pools the {@code length} token vectors that start at token row {@code row}. */
    private float[] pool(FloatBuffer hidden, int row, int length) {
        float[] vector = new float[width];
        if (spec.pooling() == OnnxModelSpec.Pooling.CLS) {
            hidden.get(row * width, vector);
            return vector;
        }
        double[] sum = new double[width];
        for (int t = 0; t < length; t++) {
            int at = (row + t) * width;
            for (int d = 0; d < width; d++) {
                sum[d] += hidden.get(at + d);
            }
        }
        for (int d = 0; d < width; d++) {
            vector[d] = (float) (sum[d] / length);
        }
        return vector;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing a session only releases native memory; nothing to report.
        }
        tokenizer.close();
    }
}
