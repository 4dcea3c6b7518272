package dev.hearth.server.store;

/** The database cannot be reached or used; requests answer 503 and startup exits non-zero. */
public final class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
