package dev.hearth.firectl;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations as Go's {@code time.ParseDuration} reads and {@code Duration.String} writes them, which is how firectl
 * takes {@code --wait-timeout} and prints durations: {@code 30m}, {@code 1h30m}, {@code 1.5h}, {@code 500ms};
 * printed {@code 1h0m0s}, {@code 30m0s}, {@code 1.5s}.
 */
final class GoDuration implements ITypeConverter<Duration> {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:ns|us|µs|ms|s|m|h)");
    private static final Pattern TERM = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|ms|s|m|h)");
    private static final Map<String, Long> NANOS = Map.of("ns", 1L, "us", 1_000L, "µs", 1_000L, "ms", 1_000_000L,
            "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value.strip();
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.isEmpty() || !text.replaceAll(WHOLE.pattern(), "").isEmpty()) {
            throw new TypeConversionException("\"" + value + "\" is not a duration such as 30s, 10m, 1h30m or 1.5h");
        }
        BigDecimal nanos = BigDecimal.ZERO;
        Matcher term = TERM.matcher(text);
        while (term.find()) {
            nanos = nanos.add(new BigDecimal(term.group(1)).multiply(BigDecimal.valueOf(NANOS.get(term.group(2)))));
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /** Go's {@code Duration.String}: {@code 1h0m0s}, {@code 5m0s}, {@code 1.5s}, {@code 500ms}, {@code 0s}. */
    static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        nanos = Math.abs(nanos);
        if (nanos < 1_000_000_000L) {
            return sign + (nanos < 1_000 ? nanos + "ns" : nanos < 1_000_000 ? fraction(nanos, 1_000) + "µs"
                    : fraction(nanos, 1_000_000) + "ms");
        }
        long hours = nanos / NANOS.get("h");
        long minutes = nanos % NANOS.get("h") / NANOS.get("m");
        String seconds = fraction(nanos % NANOS.get("m"), 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        return sign + (minutes > 0 ? minutes + "m" : "") + seconds;
    }

    /** A protobuf JSON duration, as the REST API takes them: {@code 30s}, {@code 600s}, {@code 1.5s}, {@code 0s}. */
    static String protobuf(Duration duration) {
        return fraction(duration.toNanos(), 1_000_000_000L) + "s";
    }

    /** A duration the server wrote ({@code 300s}, or Go's {@code 5m0s}) as Go writes it ({@code 5m0s}); anything else as it is. */
    static String reformat(String value) {
        try {
            return format(parse(value));
        } catch (TypeConversionException e) {
            return value;
        }
    }

    private static String fraction(long value, long unit) {
        return BigDecimal.valueOf(value).divide(BigDecimal.valueOf(unit)).stripTrailingZeros().toPlainString();
    }
}
