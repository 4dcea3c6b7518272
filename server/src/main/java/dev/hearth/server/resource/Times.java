package dev.hearth.server.resource;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps: stored as epoch microseconds, written as RFC 3339 UTC. */
public final class Times {
    private Times() {}

    public static long nowMicros() {
        return toMicros(Instant.now());
    }

    public static long toMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    public static String format(long micros) {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
    }

    public static String formatOrNull(Long micros) {
        return micros == null ? null : format(micros);
    }
}
