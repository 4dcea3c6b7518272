package dev.hearth.firectl;

/** A mistake in how firectl was called or configured; it exits with status 2 and sends nothing. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
