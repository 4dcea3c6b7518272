package dev.hearth.server.inference;

/**
 * A data-plane failure, written in the OpenAI error shape the inference API uses:
 * {@code {"error": {"message", "type", "param", "code"}}}.
 */
public final class InferenceError extends RuntimeException {
    private final int status;
    private final String type;
    private final String param;
    private final String code;

    public InferenceError(int status, String type, String param, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static InferenceError invalid(String param, String message) {
        return new InferenceError(400, "invalid_request_error", param, null, param == null ? message : param + ": " + message);
    }

    /** The docs' 404 for a model that does not exist, is not deployed, or is not the caller's. */
    public static InferenceError modelNotFound(String model) {
        return new InferenceError(404, "invalid_request_error", "model", "NOT_FOUND",
                "Model not found, inaccessible, and/or not deployed: " + model);
    }

    public static InferenceError unavailable(String code, String message) {
        return new InferenceError(503, "service_unavailable", null, code, message);
    }

    public static InferenceError badGateway(String message) {
        return new InferenceError(502, "bad_gateway", null, "RUNNER_FAILED", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
