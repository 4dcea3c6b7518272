package dev.hearth.server.http;

/**
 * A failure a client should see: a gRPC-style code and a message that names the field and the problem.
 * Domain code throws these; the HTTP layer turns them into {@code {"code", "message", "details"}}.
 */
public final class ApiError extends RuntimeException {
    private final Code code;
    private final int httpStatus;

    public ApiError(Code code, String message) {
        this(code, code.httpStatus, message);
    }

    public ApiError(Code code, int httpStatus, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    public Code code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** A bad value in {@code field}: the message reads "field: problem". */
    public static ApiError invalid(String field, String problem) {
        return new ApiError(Code.INVALID_ARGUMENT, field + ": " + problem);
    }

    public static ApiError notFound(String message) {
        return new ApiError(Code.NOT_FOUND, message);
    }

    public static ApiError alreadyExists(String message) {
        return new ApiError(Code.ALREADY_EXISTS, message);
    }

    public static ApiError permissionDenied(String message) {
        return new ApiError(Code.PERMISSION_DENIED, message);
    }

    public static ApiError unauthenticated(String message) {
        return new ApiError(Code.UNAUTHENTICATED, message);
    }

    public static ApiError failedPrecondition(String message) {
        return new ApiError(Code.FAILED_PRECONDITION, message);
    }

    public static ApiError aborted(String message) {
        return new ApiError(Code.ABORTED, message);
    }

    public static ApiError unavailable(String message) {
        return new ApiError(Code.UNAVAILABLE, message);
    }
}
