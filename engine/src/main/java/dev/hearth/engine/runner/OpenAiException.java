package dev.hearth.engine.runner;

/** A request the runner refuses, answered as {@code {"error":{"message","type","param","code"}}}. */
public final class OpenAiException extends RuntimeException {
    final int status;
    final String type;
    final String param;
    final String code;

    public OpenAiException(int status, String type, String param, String code, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.param = param;
        this.code = code;
    }

    public static OpenAiException invalid(String param, String message) {
        return new OpenAiException(400, "invalid_request_error", param, null, message);
    }

    public static OpenAiException modelNotFound(String model) {
        return new OpenAiException(404, "invalid_request_error", "model", "model_not_found",
                "The model `" + model + "` does not exist on this runner");
    }
}
