package dev.hearth.server.deployments;

import dev.hearth.server.http.ApiError;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations on the wire: written as protobuf JSON durations ({@code "30s"}, {@code "1.5s"}); read in that form or in
 * Go's {@code time.ParseDuration} form ({@code "10m"}, {@code "1h0m0s"}), which is how the docs and firectl write them.
 */
final class ProtoDurations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");

    private ProtoDurations() {}

    static Duration parse(String field, String text) {
        String value = text.strip();
        if (value.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(value);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < value.length() && m.find(at) && m.start() == at) {
            BigDecimal amount = new BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1));
            long unit = switch (m.group(2)) {
                case "ns" -> 1L;
                case "us", "µs" -> 1_000L;
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                default -> 3_600_000_000_000L;
            };
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unit)));
            at = m.end();
        }
        if (at != value.length() || value.isEmpty()) {
            throw ApiError.invalid(field, "\"" + text + "\" is not a duration; write e.g. \"30s\", \"10m\" or \"1h\"");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    static String format(Duration d) {
        if (d.getNano() == 0) {
            return d.getSeconds() + "s";
        }
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).stripTrailingZeros().toPlainString() + "s";
    }

    /** Go's {@code Duration.String} form, for messages: {@code 5m0s}, {@code 1h0m0s}, {@code 30s}, {@code 250ms}. */
    static String human(Duration d) {
        if (d.toMillis() < 1000 && !d.isZero()) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60) + "s";
        }
        return (s / 3600) + "h" + (s % 3600 / 60) + "m" + (s % 60) + "s";
    }
}
