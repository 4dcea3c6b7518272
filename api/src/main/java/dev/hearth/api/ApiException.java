package dev.hearth.api;

/** A non-2xx answer from the Hearth API, with the HTTP status and the server's message. */
public final class ApiException extends RuntimeException {
    private final int httpStatus;
    private final int code;

    public ApiException(int httpStatus, int code, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The gRPC-style code from the error body (0 when the body had none). */
    public int code() {
        return code;
    }
}
